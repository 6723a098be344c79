package io.cardkey.benchmarks.ledger;

import io.cardkey.benchmarks.BenchDirectories;
import io.cardkey.ledger.FileLedgerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The floor under the ledger's durable appends: 100-byte records per second written to {@link FileLedgerStore} in
 * batches of 1,000, waiting for each batch to be durable (one {@code fsync} per batch). Issue 3 measured this shape
 * at ~3 M records/s on the reference machine; a ledger figure far below it points at the ledger, not the disk.
 *
 * <p>{@code benchmarks/run quick JournalAppendBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalAppendBenchmark {
    private static final int BATCH = 1_000;
    private static final int RECORD_BYTES = 100;

    private Path directory;
    private FileLedgerStore store;
    private List<byte[]> batch;

    /** Opens an empty journal and prepares one batch of random records. */
    @Setup(Level.Trial)
    public void setUp() {
        directory = BenchDirectories.newDirectory("journal");
        store = FileLedgerStore.open(directory);
        SplittableRandom random = new SplittableRandom(42);
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] record = new byte[RECORD_BYTES];
            random.nextBytes(record);
            batch.add(record);
        }
    }

    /** Closes the journal and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        BenchDirectories.delete(directory);
    }

    /** Appends 1,000 records of 100 bytes and waits until they are durable. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void batch1000x100B() throws InterruptedException, ExecutionException {
        store.append(store.lastSequence() + 1, batch).get();
    }
}
