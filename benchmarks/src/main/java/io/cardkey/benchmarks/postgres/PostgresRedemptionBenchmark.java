package io.cardkey.benchmarks.postgres;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Redemptions per second on PostgreSQL with 16 connections: find a sold code by its blind index, move it to REDEEMED
 * (compare-and-set) and credit its value, in one transaction with its ledger entries, chained by a sealer running
 * beside it. Sold codes are stocked between iterations.
 *
 * <p>Needs {@code CARDKEY_PG_URL}; {@code benchmarks/run} skips it with a message when it is not set. {@code
 * benchmarks/run quick PostgresRedemptionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostgresRedemptionBenchmark {
    private static final long STOCK = 200_000;

    /** The implementation measured (CardKey only: redemption has no separate naive form worth measuring). */
    @Param({"cardkey"})
    public String impl;

    private CardKeySales cardKey;
    private final AtomicLong next = new AtomicLong();
    private long end;

    /** Opens an empty database schema. */
    @Setup(Level.Trial)
    public void open() {
        if (!impl.equals("cardkey")) {
            throw new IllegalArgumentException("impl was " + impl + "; must be cardkey");
        }
        cardKey = new CardKeySales("redeem", 16);
    }

    /** Stocks sold codes so that no iteration runs dry. */
    @Setup(Level.Iteration)
    public void stock() {
        if (end - next.get() < STOCK) {
            long first = cardKey.stock(STOCK * 2, CardKeyState.SOLD);
            if (end == 0) {
                next.set(first);
            }
            end = first + STOCK * 2;
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

    /** One redeemer's request ids. */
    @State(Scope.Thread)
    public static class Redeemer {
        final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        long requests;
    }

    /** One redemption by each of 16 threads, each of a code nobody else redeems. */
    @Benchmark
    @Threads(16)
    public CardKey redeem(Redeemer redeemer) {
        return cardKey.redeem(next.getAndIncrement(), redeemer.prefix + redeemer.requests++);
    }
}
