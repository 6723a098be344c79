package io.cardkey.benchmarks.postgres;

import io.cardkey.core.CardKey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Redemptions per second on PostgreSQL with 16 connections, through the {@link io.cardkey.core.CardKeys} facade
 * ({@link PostgresShop}): parse the typed code, find it by its blind index, move it to REDEEMED (compare-and-set) and
 * credit its value, in one transaction with the facade's ledger entries, chained by the instance's sealer. Sold codes
 * are generated through the facade (and marked sold with SQL) between iterations.
 *
 * <p>Needs {@code CARDKEY_PG_URL}; {@code benchmarks/run} skips it with a message when it is not set. {@code
 * benchmarks/run quick PostgresRedemptionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostgresRedemptionBenchmark {
    private static final int STOCK = 200_000;

    /** The implementation measured (CardKey only: redemption has no separate naive form worth measuring). */
    @Param({"cardkey"})
    public String impl;

    private PostgresShop cardKey;
    private final List<String> codes = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    /** Opens an empty database schema. */
    @Setup(Level.Trial)
    public void open() {
        if (!impl.equals("cardkey")) {
            throw new IllegalArgumentException("impl was " + impl + "; must be cardkey");
        }
        cardKey = new PostgresShop("redeem", 16);
    }

    /** Stocks sold codes so that no iteration runs dry. */
    @Setup(Level.Iteration)
    public void stock() {
        if (codes.size() - next.get() < STOCK) {
            codes.addAll(cardKey.stockSold(STOCK * 2));
        }
    }

    /** Prints how many ledger entries wait for the sealer. */
    @TearDown(Level.Iteration)
    public void backlog() {
        System.out.println("[sealer backlog after the iteration: " + cardKey.pending() + " entries]");
    }

    /** Drops the schema (after the sealer chained everything). */
    @TearDown(Level.Trial)
    public void close() {
        cardKey.close();
    }

    /** One redeemer's account and request ids. */
    @State(Scope.Thread)
    public static class Redeemer {
        final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        long requests;
    }

    /** One redemption by each of 16 threads, each of a code nobody else redeems. */
    @Benchmark
    @Threads(16)
    public CardKey redeem(Redeemer redeemer) {
        return cardKey.redeem(
                codes.get(next.getAndIncrement()), "wallet-" + redeemer.prefix, redeemer.prefix + redeemer.requests++);
    }
}
