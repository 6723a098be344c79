package io.cardkey.benchmarks.ledger;

import io.cardkey.benchmarks.BenchDirectories;
import io.cardkey.ledger.VerificationResult;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Records per second through {@code Ledger.verify()}, which re-reads the journal from disk, recomputes every hash
 * and link and replays every balance. The ledger holds {@value #TRANSACTIONS} single-posting transactions plus the
 * records that opened the workload's accounts; the score counts records. No peer: H2 has no hash chain to verify.
 *
 * <p>{@code benchmarks/run quick LedgerVerifyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerVerifyBenchmark {
    /** Transactions appended before measuring. */
    static final int TRANSACTIONS = 200_000;
    /** Every record in the ledger: the transactions, plus one per account opened (platform and distributors). */
    static final int RECORDS = TRANSACTIONS + 1 + Workload.DISTRIBUTORS;

    private Path directory;
    private CardKeyLedger subject;

    /** Fills a fresh ledger in batches of 1,000. */
    @Setup(Level.Trial)
    public void setUp() {
        directory = BenchDirectories.newDirectory("verify");
        subject = new CardKeyLedger(directory);
        Workload.Source source = new Workload.Source();
        try (LedgerSubject.Appender appender = subject.appender()) {
            for (int i = 0; i < TRANSACTIONS; i += LedgerBatchBenchmark.BATCH) {
                appender.append(source.next(LedgerBatchBenchmark.BATCH));
            }
        }
        long records = subject.ledger().lastSequence();
        if (records != RECORDS) {
            throw new IllegalStateException("the ledger holds " + records + " records; expected " + RECORDS);
        }
    }

    /** Closes the ledger and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
        BenchDirectories.delete(directory);
    }

    /** Verifies the whole ledger. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public VerificationResult verify() {
        VerificationResult result = subject.ledger().verify();
        if (result.records() != RECORDS) {
            throw new IllegalStateException("verify() checked " + result.records() + " records; expected " + RECORDS);
        }
        return result;
    }
}
