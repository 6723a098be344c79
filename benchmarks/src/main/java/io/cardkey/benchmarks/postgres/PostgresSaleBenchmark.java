package io.cardkey.benchmarks.postgres;

import io.cardkey.core.CardKeyState;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Sales per second on PostgreSQL with 16 connections: reserve one code, confirm its payment, record both in the
 * ledger. {@code cardkey} sells through the {@link io.cardkey.core.CardKeys} facade on PostgreSQL ({@link PostgresShop}:
 * SKIP LOCKED allocation, the facade's ledger entries in the sale's transaction, chained in batches by the instance's
 * sealer); {@code naive} is {@link NaiveSales} (a locked stock counter, one
 * ledger row per posting, the chain under one global lock). The stock is topped up between iterations, never during
 * one; the sealer's backlog after each iteration is printed, so a sealer that falls behind shows.
 *
 * <p>Needs {@code CARDKEY_PG_URL}; {@code benchmarks/run} skips it with a message when it is not set. {@code
 * benchmarks/run quick PostgresSaleBenchmark}; the full profile measures one sustained 60 s iteration after warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostgresSaleBenchmark {
    private static final long STOCK = 200_000;

    /** The implementation measured. */
    @Param({"cardkey", "naive"})
    public String impl;

    private PostgresShop cardKey;
    private NaiveSales naive;

    /** Opens an empty database schema for the implementation. */
    @Setup(Level.Trial)
    public void open() {
        if (impl.equals("cardkey")) {
            cardKey = new PostgresShop("sales", 16);
        } else if (impl.equals("naive")) {
            naive = new NaiveSales("naive", 16);
        } else {
            throw new IllegalArgumentException("impl was " + impl + "; must be cardkey or naive");
        }
    }

    /** Tops the stock up so that no iteration runs dry. */
    @Setup(Level.Iteration)
    public void stock() {
        if (cardKey != null) {
            long available = cardKey.count(CardKeyState.AVAILABLE);
            if (available < STOCK) {
                cardKey.stockAvailable(STOCK * 2 - available);
            }
        } else {
            long available = naive.available();
            if (available < STOCK) {
                naive.stock(STOCK * 2 - available);
            }
        }
    }

    /** Prints how many ledger entries wait for the sealer. */
    @TearDown(Level.Iteration)
    public void backlog() {
        if (cardKey != null) {
            System.out.println("[sealer backlog after the iteration: " + cardKey.pending() + " entries]");
        }
    }

    /** Drops the schema (after the sealer chained everything). */
    @TearDown(Level.Trial)
    public void close() {
        if (cardKey != null) {
            cardKey.close();
        }
        if (naive != null) {
            naive.close();
        }
    }

    /** One seller's order ids. */
    @State(Scope.Thread)
    public static class Seller {
        final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        long next;
    }

    /** One sale by each of 16 threads. */
    @Benchmark
    @Threads(16)
    public Object sell(Seller seller) {
        String orderId = seller.prefix + seller.next++;
        if (cardKey != null) {
            return cardKey.sell(orderId, seller.prefix + "buyer");
        }
        naive.sell(orderId);
        return orderId;
    }
}
