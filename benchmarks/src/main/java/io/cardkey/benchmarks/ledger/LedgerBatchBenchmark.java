package io.cardkey.benchmarks.ledger;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable transactions per second through atomic batch appends of 1,000 single-posting transactions from one thread:
 * the score counts transactions, not batches. The peer writes the same batch as 1,000 rows in one H2 commit.
 *
 * <p>{@code benchmarks/run quick LedgerBatchBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerBatchBenchmark extends LedgerSubjectState {
    /** Transactions per append call. */
    static final int BATCH = 1_000;

    /** The benchmark thread's appender. */
    @State(Scope.Thread)
    public static class Appending extends AppenderState {
        /** Attaches to the benchmark's ledger. */
        @Setup(Level.Trial)
        public void setUp(LedgerBatchBenchmark benchmark) {
            attach(benchmark.subject());
        }
    }

    /** One atomic, durable append of 1,000 transactions. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void batch1000(Appending thread) {
        thread.appender.append(thread.source.next(BATCH));
    }
}
