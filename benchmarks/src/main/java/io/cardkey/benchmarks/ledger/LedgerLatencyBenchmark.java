package io.cardkey.benchmarks.ledger;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable append latency (p50, p99 ...) at a fixed offered load: {@value #THREADS} appender threads, each paced to
 * {@code rate / THREADS} appends per second, so the ledger is offered {@code rate} transactions per second in total.
 *
 * <p>Pacing happens in an invocation-level setup, which JMH does not time: a sample is the latency of one append
 * call. When an implementation cannot keep up, its threads stop waiting and the offered load becomes its maximum; the
 * latency then includes queueing behind the other appenders but not the time the request would have waited to be
 * sent (no coordinated-omission correction), so a slow peer's tail is understated rather than overstated.
 *
 * <p>{@code benchmarks/run quick LedgerLatencyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LedgerLatencyBenchmark extends LedgerSubjectState {
    /** Concurrent appenders sharing the offered load. */
    static final int THREADS = 64;

    /** Offered load in transactions per second, across all threads. */
    @Param({"50000"})
    public int rate;

    /** One paced appender. */
    @State(Scope.Thread)
    public static class Paced extends AppenderState {
        private long intervalNanos;
        private long next;

        /** Attaches to the benchmark's ledger; starts at a random phase so threads do not fire together. */
        @Setup(Level.Trial)
        public void setUp(LedgerLatencyBenchmark benchmark) {
            attach(benchmark.subject());
            intervalNanos = TimeUnit.SECONDS.toNanos(THREADS) / benchmark.rate;
            next = System.nanoTime() + ThreadLocalRandom.current().nextLong(intervalNanos);
        }

        /** Waits, untimed, until this thread's next slot; never builds up a backlog to burst through later. */
        @Setup(Level.Invocation)
        public void pace() {
            long now;
            while ((now = System.nanoTime()) < next) {
                LockSupport.parkNanos(next - now);
            }
            next = Math.max(next + intervalNanos, now);
        }
    }

    /** One durable append, sampled. */
    @Benchmark
    @Threads(THREADS)
    public void paced(Paced thread) {
        thread.appender.append(thread.source.next());
    }
}
