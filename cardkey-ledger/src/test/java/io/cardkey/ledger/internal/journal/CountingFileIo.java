package io.cardkey.ledger.internal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RealFileIo} with counters: writes, forces, bytes read, and, by decoding the batches each write carries, the
 * highest sequence number written and the highest one a {@code force} made durable.
 */
final class CountingFileIo implements FileIo {
    final AtomicLong forces = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
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
                int n = real.read(dst, position);
                bytesRead.addAndGet(Math.max(0, n));
                return n;
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
