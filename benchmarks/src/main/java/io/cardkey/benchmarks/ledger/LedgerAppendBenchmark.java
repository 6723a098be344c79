package io.cardkey.benchmarks.ledger;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends of single-posting transactions per second, with 1, 8 and 64 threads appending concurrently; each
 * append returns only when its transaction is on disk. The peer is an H2 ledger table with one commit per append
 * (see {@link H2Ledger} for its two durability variants).
 *
 * <p>{@code benchmarks/run quick LedgerAppendBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerAppendBenchmark extends LedgerSubjectState {
    /** Gives each benchmark thread its own appender on the shared ledger. */
    @State(Scope.Thread)
    public static class Appending extends AppenderState {
        /** Attaches to the benchmark's ledger. */
        @Setup(Level.Trial)
        public void setUp(LedgerAppendBenchmark benchmark) {
            attach(benchmark.subject());
        }
    }

    /** One appender. */
    @Benchmark
    @Threads(1)
    public void append1Thread(Appending thread) {
        thread.appender.append(thread.source.next());
    }

    /** Eight concurrent appenders. */
    @Benchmark
    @Threads(8)
    public void append8Threads(Appending thread) {
        thread.appender.append(thread.source.next());
    }

    /** Sixty-four concurrent appenders. */
    @Benchmark
    @Threads(64)
    public void append64Threads(Appending thread) {
        thread.appender.append(thread.source.next());
    }
}
