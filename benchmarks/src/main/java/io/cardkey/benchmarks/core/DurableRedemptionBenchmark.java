package io.cardkey.benchmarks.core;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Durable redemptions per second with 64 concurrent users: each operation is {@code CardKeys.redeem} of a distinct
 * valid, sold code typed in its display form, with a new request id, on {@link io.cardkey.core.CardKeys} opened on a
 * data directory (file journal, group commit with {@code fsync}): parse and check, blind-index lookup, the move to
 * {@code REDEEMED} and the credit of the code's value to the user's ledger account, returning only when durable.
 * Each iteration redeems from a fresh shop whose codes were imported from a supplier file and sold in its setup (see
 * {@link SalesShop}); its teardown checks that exactly as many codes were redeemed as redemptions acknowledged.
 *
 * <p>{@code benchmarks/run quick DurableRedemptionBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableRedemptionBenchmark {
    private final AtomicInteger next = new AtomicInteger();
    private SalesShop shop;
    private String[] codes;

    /** One user (ledger account and source) per benchmark thread. */
    @State(Scope.Thread)
    public static class User {
        String account;
        String source;

        /**
         * Names the user after its thread.
         *
         * @param thread the benchmark thread
         */
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            account = "user-" + thread.getThreadIndex();
            source = "10.0.0." + thread.getThreadIndex();
        }
    }

    /**
     * Opens a fresh shop, imports and sells the iteration's codes.
     *
     * @param iteration the iteration about to run
     */
    @Setup(Level.Iteration)
    public void stock(IterationParams iteration) {
        shop = SalesShop.open("DurableRedemptionBenchmark");
        codes = shop.importAndSell(SalesShop.stockFor(iteration));
        next.set(0);
    }

    /** Checks that every acknowledged redemption redeemed exactly one code, then deletes the shop. */
    @TearDown(Level.Iteration)
    public void checkAndClose() {
        try {
            long redemptions = Math.min(next.get(), codes.length);
            long redeemed = shop.cardKeys().stock(SalesShop.SKU).getOrDefault(CardKeyState.REDEEMED, 0L);
            if (redeemed != redemptions) {
                throw new IllegalStateException(
                        redemptions + " redemptions were acknowledged but " + redeemed + " codes are redeemed");
            }
        } finally {
            shop.close();
        }
    }

    /**
     * One redemption of a distinct code by one of 64 concurrent users.
     *
     * @param user the thread's user
     * @return the redeemed code
     */
    @Benchmark
    @Threads(64)
    public CardKey redeem64Users(User user) {
        int n = next.getAndIncrement();
        if (n >= codes.length) {
            throw new IllegalStateException(
                    "the iteration's " + codes.length + " codes ran out; raise -Dcardkey.bench.stockPerSecond");
        }
        return shop.cardKeys().redeem(codes[n], user.account, "request-" + n, user.source);
    }
}
