package io.cardkey.benchmarks.core;

import io.cardkey.core.CardKeyState;
import io.cardkey.core.Confirmation;
import io.cardkey.core.Payment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Durable sales per second with 64 concurrent buyers: each operation is one whole sale through the public API,
 * {@code reserve} of one code followed by {@code confirm} with a payment of exactly the quoted price, on {@link
 * io.cardkey.core.CardKeys} opened on a data directory (file journal, group commit with {@code fsync}); both calls
 * return only when their ledger records (order, card key, money) are durable. Every order id and payment reference
 * is new. Each iteration sells from a fresh shop stocked in its setup (see {@link SalesShop}); its teardown checks
 * that exactly as many codes were sold as sales were acknowledged.
 *
 * <p>{@code benchmarks/run quick DurableSalesBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableSalesBenchmark {
    private final AtomicLong nextOrder = new AtomicLong();
    private SalesShop shop;
    private int stock;

    /** One buyer per benchmark thread. */
    @State(Scope.Thread)
    public static class Buyer {
        String buyerId;

        /**
         * Names the buyer after its thread.
         *
         * @param thread the benchmark thread
         */
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            buyerId = "buyer-" + thread.getThreadIndex();
        }
    }

    /**
     * Opens a fresh shop and stocks it for the iteration.
     *
     * @param iteration the iteration about to run
     */
    @Setup(Level.Iteration)
    public void stock(IterationParams iteration) {
        stock = SalesShop.stockFor(iteration);
        shop = SalesShop.open("DurableSalesBenchmark");
        shop.generate(stock);
        nextOrder.set(0);
    }

    /** Checks that every acknowledged sale sold exactly one code, then deletes the shop. */
    @TearDown(Level.Iteration)
    public void checkAndClose() {
        try {
            long sales = Math.min(nextOrder.get(), stock);
            long sold = shop.cardKeys().stock(SalesShop.SKU).getOrDefault(CardKeyState.SOLD, 0L);
            if (sold != sales) {
                throw new IllegalStateException(sales + " sales were acknowledged but " + sold + " codes are sold");
            }
        } finally {
            shop.close();
        }
    }

    /**
     * One sale of one code by one of 64 concurrent buyers.
     *
     * @param buyer the thread's buyer
     * @return the confirmation
     */
    @Benchmark
    @Threads(64)
    public Confirmation sell64Buyers(Buyer buyer) {
        long n = nextOrder.getAndIncrement();
        if (n >= stock) {
            throw new IllegalStateException(
                    "the iteration's stock of " + stock + " codes ran out; raise -Dcardkey.bench.stockPerSecond");
        }
        String orderId = "order-" + n;
        shop.cardKeys().reserve(orderId, buyer.buyerId, SalesShop.SKU, 1, SalesShop.TTL);
        return shop.cardKeys().confirm(orderId, new Payment("payment-" + n, SalesShop.PRICE));
    }
}
