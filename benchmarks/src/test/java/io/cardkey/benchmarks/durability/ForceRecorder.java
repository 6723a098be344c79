package io.cardkey.benchmarks.durability;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link SpyFileSystem} saw, per real file: completed writes, completed {@code force} calls, and whether every
 * completed write is covered by a force that started after it. Also a gate that can hold every {@code force} call
 * until a test releases it. Thread-safe.
 */
final class ForceRecorder {
    private final AtomicLong clock = new AtomicLong();
    private final Map<Path, FileLog> files = new ConcurrentHashMap<>();
    private volatile ForceHook hook = file -> {};

    /** Called at the start of every {@code force}, before it reaches the disk; may block. */
    @FunctionalInterface
    interface ForceHook {
        void beforeForce(Path file) throws InterruptedException;
    }

    /** Per-file counters. */
    static final class FileLog {
        private long writes;
        private long bytesWritten;
        private long forces;
        private long lastWriteAt;
        private long coveredUpTo;

        synchronized long writes() {
            return writes;
        }

        synchronized long bytesWritten() {
            return bytesWritten;
        }

        synchronized long forces() {
            return forces;
        }

        /** {@code true} if every completed write was followed by a completed force that began after it. */
        synchronized boolean allWritesForced() {
            return coveredUpTo > lastWriteAt;
        }
    }

    void hook(ForceHook hook) {
        this.hook = hook;
    }

    void wrote(Path file, long bytes) {
        if (bytes <= 0) {
            return;
        }
        FileLog log = log(file);
        synchronized (log) {
            log.writes++;
            log.bytesWritten += bytes;
            log.lastWriteAt = clock.incrementAndGet();
        }
    }

    /** Returns the logical time a force starts at; pass it to {@link #forced} when the force returns. */
    long forceStarting(Path file) throws InterruptedException {
        hook.beforeForce(file);
        return clock.incrementAndGet();
    }

    void forced(Path file, long startedAt) {
        FileLog log = log(file);
        synchronized (log) {
            log.forces++;
            log.coveredUpTo = Math.max(log.coveredUpTo, startedAt);
        }
    }

    FileLog log(Path file) {
        return files.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new FileLog());
    }

    /** Returns a snapshot of the files seen so far. */
    Map<Path, FileLog> files() {
        return Map.copyOf(files);
    }

    /** Total completed forces across all files. */
    long totalForces() {
        return files.values().stream().mapToLong(FileLog::forces).sum();
    }

    /** {@code true} if every file that was written has all its completed writes covered by a later force. */
    boolean everyWriteForced() {
        return files.values().stream().filter(l -> l.writes() > 0).allMatch(FileLog::allWritesForced);
    }
}
