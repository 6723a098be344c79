package io.cardkey.benchmarks.durability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link SpyFileSystem} saw, per real file: the byte ranges written, and which of them a completed {@code
 * force} covers. A range counts as forced only if its write had completed before a {@code force} call started and
 * that call has returned, which is exactly when {@code fsync} guarantees it is on the device.
 *
 * <p>Tests can also hold every {@code force} (to show that an acknowledgement waits for it) and watch the bytes
 * written (to find where a given record landed). Thread-safe.
 */
final class ForceRecorder {
    private final Map<Path, FileLog> files = new ConcurrentHashMap<>();
    private volatile ForceHook forceHook = file -> {};
    private volatile WriteListener writeListener = (file, position, data) -> {};

    /** Called at the start of every {@code force}, before it reaches the disk; may block. */
    @FunctionalInterface
    interface ForceHook {
        void beforeForce(Path file) throws InterruptedException;
    }

    /** Called after every completed write with the bytes written; {@code data} is null if unknown. */
    @FunctionalInterface
    interface WriteListener {
        void written(Path file, long position, byte[] data);
    }

    /** Per-file ranges. */
    static final class FileLog {
        private final List<long[]> pending = new ArrayList<>();
        private final List<long[]> durable = new ArrayList<>();
        private long writes;
        private long bytesWritten;
        private long forces;
        private int inFlight;

        synchronized long writes() {
            return writes;
        }

        synchronized long bytesWritten() {
            return bytesWritten;
        }

        synchronized long forces() {
            return forces;
        }

        /** {@code true} if every completed write is covered by a force that started after it and has returned. */
        synchronized boolean allWritesForced() {
            return pending.isEmpty() && inFlight == 0;
        }

        /** {@code true} if every byte of {@code [from, to)} was written and then covered by a completed force. */
        synchronized boolean isForced(long from, long to) {
            List<long[]> sorted = new ArrayList<>(durable);
            sorted.sort(Comparator.comparingLong(r -> r[0]));
            long covered = from;
            for (long[] range : sorted) {
                if (range[0] > covered) {
                    break;
                }
                covered = Math.max(covered, range[1]);
                if (covered >= to) {
                    return true;
                }
            }
            return covered >= to;
        }

        private synchronized void wrote(long position, long length) {
            writes++;
            bytesWritten += length;
            pending.add(new long[] {position, position + length});
        }

        private synchronized List<long[]> startForce() {
            List<long[]> covered = new ArrayList<>(pending);
            pending.clear();
            inFlight += covered.size();
            return covered;
        }

        private synchronized void endForce(List<long[]> covered, boolean succeeded) {
            inFlight -= covered.size();
            if (succeeded) {
                forces++;
                durable.addAll(covered);
            } else {
                pending.addAll(covered);
            }
        }
    }

    void hook(ForceHook hook) {
        this.forceHook = hook;
    }

    void listen(WriteListener listener) {
        this.writeListener = listener;
    }

    void wrote(Path file, long position, long length, byte[] data) {
        if (length <= 0) {
            return;
        }
        log(file).wrote(position, length);
        writeListener.written(normal(file), position, data);
    }

    /** Marks the start of a force; pass the result to {@link #forced} when it returns. */
    List<long[]> forceStarting(Path file) throws InterruptedException {
        forceHook.beforeForce(normal(file));
        return log(file).startForce();
    }

    void forced(Path file, List<long[]> covered, boolean succeeded) {
        log(file).endForce(covered, succeeded);
    }

    FileLog log(Path file) {
        return files.computeIfAbsent(normal(file), f -> new FileLog());
    }

    private static Path normal(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** Total completed forces across all files. */
    long totalForces() {
        return files.values().stream().mapToLong(FileLog::forces).sum();
    }

    /** {@code true} if every file that was written has all its completed writes covered by a completed force. */
    boolean everyWriteForced() {
        return files.values().stream().filter(l -> l.writes() > 0).allMatch(FileLog::allWritesForced);
    }
}
