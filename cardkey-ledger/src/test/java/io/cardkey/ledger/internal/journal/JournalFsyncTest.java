package io.cardkey.ledger.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Counts writes and forces; tracks the highest sequence number written and the highest forced. */
    private static final class CountingFileIo implements FileIo {
        final AtomicLong forces = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        volatile long writtenSequence;
        volatile long forcedSequence;

        @Override
        public void createDirectories(Path directory) throws IOException {
            RealFileIo.INSTANCE.createDirectories(directory);
        }

        @Override
        public List<String> list(Path directory) throws IOException {
            return RealFileIo.INSTANCE.list(directory);
        }

        @Override
        public Handle open(Path file, boolean create) throws IOException {
            Handle real = RealFileIo.INSTANCE.open(file, create);
            return new Handle() {
                long writtenHere;

                @Override
                public long size() throws IOException {
                    return real.size();
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return real.read(dst, position);
                }

                @Override
                public void write(ByteBuffer src, long position) throws IOException {
                    ByteBuffer view = src.duplicate();
                    for (int p = view.position(); p + 28 <= view.limit() && view.getInt(p) == Format.BATCH_MAGIC; ) {
                        writtenHere = view.getLong(p + 8) + view.getInt(p + 16) - 1;
                        p += 28 + view.getInt(p + 4);
                    }
                    writes.incrementAndGet();
                    real.write(src, position);
                    writtenSequence = Math.max(writtenSequence, writtenHere);
                }

                @Override
                public void force() throws IOException {
                    real.force();
                    forces.incrementAndGet();
                    forcedSequence = Math.max(forcedSequence, writtenHere);
                }

                @Override
                public void truncate(long size) throws IOException {
                    real.truncate(size);
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            RealFileIo.INSTANCE.deleteIfExists(file);
        }

        @Override
        public void atomicMove(Path source, Path target) throws IOException {
            RealFileIo.INSTANCE.atomicMove(source, target);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            RealFileIo.INSTANCE.syncDirectory(directory);
        }

        @Override
        public Closeable tryLock(Path lockFile, byte[] owner) throws IOException {
            return RealFileIo.INSTANCE.tryLock(lockFile, owner);
        }

        @Override
        public byte[] readAll(Path file) throws IOException {
            return RealFileIo.INSTANCE.readAll(file);
        }
    }

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
