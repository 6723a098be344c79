package io.cardkey.benchmarks.durability;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;

/** A {@link FileChannel} that reports writes and forces of a real channel to a {@link ForceRecorder}. */
final class SpyFileChannel extends FileChannel {
    private final FileChannel real;
    private final Path file;
    private final ForceRecorder recorder;

    SpyFileChannel(FileChannel real, Path file, ForceRecorder recorder) {
        this.real = real;
        this.file = file;
        this.recorder = recorder;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        long position = real.position();
        ByteBuffer view = src.duplicate();
        int written = real.write(src);
        recorder.wrote(file, position, written, bytes(view, written));
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long position = real.position();
        ByteBuffer[] views = new ByteBuffer[length];
        for (int i = 0; i < length; i++) {
            views[i] = srcs[offset + i].duplicate();
        }
        long written = real.write(srcs, offset, length);
        byte[] data = new byte[(int) written];
        int at = 0;
        for (ByteBuffer view : views) {
            int n = Math.min(view.remaining(), data.length - at);
            view.get(data, at, n);
            at += n;
        }
        recorder.wrote(file, position, written, data);
        return written;
    }

    private static byte[] bytes(ByteBuffer view, int count) {
        byte[] data = new byte[Math.max(count, 0)];
        view.get(data);
        return data;
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        List<long[]> covered;
        try {
            covered = recorder.forceStarting(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the test held force()");
        }
        boolean succeeded = false;
        try {
            real.force(metaData);
            succeeded = true;
        } finally {
            recorder.forced(file, covered, succeeded);
        }
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        long written = real.transferFrom(src, position, count);
        recorder.wrote(file, position, written, null);
        return written;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        ByteBuffer view = src.duplicate();
        int written = real.write(src, position);
        recorder.wrote(file, position, written, bytes(view, written));
        return written;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            // Writes through a mapping would bypass the recorder, so the spy could not vouch for them.
            throw new UnsupportedOperationException("writable mappings are not observed by the spy: " + mode);
        }
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
