package io.cardkey.benchmarks.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.FileLedgerStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded journal the ledger benchmarks measure really is durable when it says so (issue 8): observed through
 * {@link FileLedgerStore}'s public API on a spied file system over the real disk, an append's future completes only
 * after a {@code force} that started after its bytes were written has returned. If the store skipped or deferred
 * {@code fsync}, the durable-append figures in {@code BENCHMARKS.md} would be meaningless.
 */
class FileLedgerStoreDurabilityTest {
    private static final int MARKER = 16;

    private final ForceRecorder recorder = new ForceRecorder();
    private final SpyFileSystem spy = new SpyFileSystem(recorder);
    private final SecureRandom random = new SecureRandom();

    private byte[] record(int size) {
        byte[] record = new byte[size];
        random.nextBytes(record);
        return record;
    }

    @Test
    void append_futureWaitsForForce_andCompletesOnceForceReturns(@TempDir Path dir) throws Exception {
        try (FileLedgerStore store = FileLedgerStore.open(spy.wrap(dir))) {
            CountDownLatch forceEntered = new CountDownLatch(1);
            CountDownLatch releaseForce = new CountDownLatch(1);
            recorder.hook(file -> {
                forceEntered.countDown();
                releaseForce.await();
            });

            CompletableFuture<Void> durable = store.append(1, List.of(record(100)));

            assertThat(forceEntered.await(10, TimeUnit.SECONDS))
                    .as("the store calls force() for an append")
                    .isTrue();
            Thread.sleep(200);
            assertThat(durable).as("not acknowledged while force() is held").isNotDone();

            releaseForce.countDown();
            durable.get(10, TimeUnit.SECONDS);
            assertThat(recorder.everyWriteForced()).isTrue();
            recorder.hook(file -> {});
        }
    }

    @Test
    void pipelinedAppends_everyRecordIsForcedWhenItsFutureCompletes(@TempDir Path dir) throws Exception {
        int appends = 300;
        List<byte[]> markers = new ArrayList<>();
        Map<Integer, Object[]> landed = new ConcurrentHashMap<>();
        recorder.listen((file, position, data) -> {
            if (data == null) {
                return;
            }
            for (int k = 0; k < markers.size(); k++) {
                int at = Bytes.indexOf(data, markers.get(k));
                if (at >= 0) {
                    landed.put(k, new Object[] {file, position + at, position + at + MARKER});
                }
            }
        });
        for (int k = 0; k < appends; k++) {
            markers.add(record(MARKER));
        }
        List<String> failures = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (FileLedgerStore store = FileLedgerStore.open(spy.wrap(dir))) {
            // One thread appends without waiting, as the ledger does, so batches share fsyncs.
            for (int k = 0; k < appends; k++) {
                byte[] rec = record(80);
                System.arraycopy(markers.get(k), 0, rec, 32, MARKER);
                int batch = k;
                futures.add(store.append(k + 1, List.of(rec)).thenRun(() -> {
                    Object[] where = landed.get(batch);
                    boolean ok =
                            where != null && recorder.log((Path) where[0]).isForced((Long) where[1], (Long) where[2]);
                    if (!ok) {
                        synchronized (failures) {
                            failures.add("append " + (batch + 1) + (where == null ? " was never written" : ""));
                        }
                    }
                }));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(60, TimeUnit.SECONDS);
        }
        assertThat(failures)
                .as("appends acknowledged before their bytes were forced")
                .isEmpty();
        assertThat(landed).hasSize(appends);
        assertThat(recorder.totalForces()).isPositive();
    }

    @Test
    void sequentialAppends_eachAcknowledgementHasItsOwnForce(@TempDir Path dir) throws Exception {
        int appends = 50;
        try (FileLedgerStore store = FileLedgerStore.open(spy.wrap(dir))) {
            long before = recorder.totalForces();
            for (int k = 1; k <= appends; k++) {
                store.append(k, List.of(record(64))).get(10, TimeUnit.SECONDS);
                assertThat(recorder.everyWriteForced())
                        .as("append %d acknowledged with unforced bytes", k)
                        .isTrue();
            }
            // Waiting for each append leaves nothing to share an fsync with.
            assertThat(recorder.totalForces() - before).isGreaterThanOrEqualTo(appends);
        }
    }

    @Test
    void close_forcesWhatWasAppendedButNotAwaited(@TempDir Path dir) {
        FileLedgerStore store = FileLedgerStore.open(spy.wrap(dir));
        for (int k = 1; k <= 20; k++) {
            store.append(k, List.of(record(64)));
        }
        store.close();

        assertThat(recorder.everyWriteForced()).isTrue();
    }
}
