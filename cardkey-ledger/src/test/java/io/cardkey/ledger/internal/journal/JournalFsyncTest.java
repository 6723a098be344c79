package io.cardkey.ledger.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves on the real file system that an append is acknowledged only after an {@code fsync} covered it, and that
 * many appends share one {@code fsync}: a counting wrapper around {@link RealFileIo} decodes the batches each write
 * carries and remembers which sequence numbers a {@code force} made durable.
 */
class JournalFsyncTest {
    @TempDir
    Path directory;

    @Test
    void append_acknowledgedOnlyAfterAForceCoveredIt_andAppendsShareForces() throws Exception {
        CountingFileIo io = new CountingFileIo();
        Journal journal = Journal.open(io, directory, new Journal.Config(64 * 1024, 16 * 1024), true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        int batches = 2000;
        for (int i = 0; i < batches; i++) {
            long sequence = journal.lastSequence() + 1;
            acknowledged.add(journal.append(sequence, List.of(new byte[100])).thenRun(() -> {
                if (io.forcedSequence < sequence) {
                    violations.add("sequence " + sequence + " acknowledged, forced only up to " + io.forcedSequence);
                }
            }));
        }
        CompletableFuture.allOf(acknowledged.toArray(new CompletableFuture<?>[0]))
                .join();
        journal.close();

        assertThat(violations).isEmpty();
        assertThat(io.forcedSequence).isEqualTo(batches);
        // One group write per force, apart from the writes that roll a segment (header + tail of the old one).
        assertThat(io.forces.get()).isPositive().isLessThan(batches / 2);
        assertThat(io.writes.get()).isLessThan(batches / 2);
    }

    @Test
    void append_oneAtATime_eachIsForcedBeforeItsFutureCompletes() {
        CountingFileIo io = new CountingFileIo();
        Journal journal = Journal.open(io, directory, new Journal.Config(1 << 20, 1 << 20), true);
        for (long sequence = 1; sequence <= 20; sequence++) {
            long forcesBefore = io.forces.get();

            journal.append(sequence, List.of(new byte[] {(byte) sequence})).join();

            assertThat(io.forcedSequence).isGreaterThanOrEqualTo(sequence);
            assertThat(io.forces.get()).isEqualTo(forcesBefore + 1);
        }
        journal.close();
    }
}
