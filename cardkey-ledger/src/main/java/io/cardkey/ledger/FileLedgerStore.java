package io.cardkey.ledger;

import io.cardkey.ledger.internal.journal.Journal;
import io.cardkey.ledger.internal.journal.RealFileIo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded, durable {@link LedgerStore}: an append-only journal of segment files in one data directory.
 *
 * <ul>
 *   <li>Records are length-prefixed and grouped in batches; each batch carries CRC32C checksums, so after a crash a
 *       batch is either wholly present or wholly absent.
 *   <li>Group commit: one writer thread writes everything queued with one write and one {@code fsync}; each append's
 *       future completes only once its batch is on stable storage. Records are readable as soon as they are
 *       appended.
 *   <li>An exclusive lock on the directory ({@code LOCK}, holding the owner's process id): a second store on the same
 *       directory, in this process or another, fails with {@link JournalLockedException}.
 *   <li>Opening recovers from a crash by cutting a torn last batch; damage a crash cannot explain (a bad checksum in
 *       the middle) stops the open with {@link JournalCorruptedException} naming the file and offset. Opening reads
 *       only the segment headers and the last segment, so it stays fast for millions of records; older segments are
 *       verified the first time they are read.
 *   <li>Snapshots are written to a temporary file, synced and renamed atomically.
 * </ul>
 *
 * <p>Limits of crash detection: a crash only loses unsynced bytes, so a damaged last batch that ends the file or
 * contains a sector of zeros is treated as torn and dropped. If the last segment is cut short by hand (or a disk
 * loses synced data), the journal cannot tell that from a crash and opens with the remaining whole batches.
 *
 * <p>Thread-safe. Closing makes every appended record durable and releases the lock.
 */
public final class FileLedgerStore implements LedgerStore {
    private final Journal journal;

    private FileLedgerStore(Journal journal) {
        this.journal = journal;
    }

    /**
     * Opens the journal in {@code directory} with default options, creating the directory if needed.
     *
     * @param directory the data directory; owned exclusively by the returned store until it is closed
     * @return the open store
     * @throws JournalLockedException if another store holds the directory
     * @throws JournalCorruptedException if the journal is damaged beyond a torn tail
     * @throws JournalFormatException if the files were written by a newer version
     * @throws JournalIoException if the file system fails
     */
    public static FileLedgerStore open(Path directory) {
        return open(directory, Options.defaults());
    }

    /**
     * Opens the journal in {@code directory} with {@code options}, creating the directory if needed.
     *
     * @param directory the data directory; owned exclusively by the returned store until it is closed
     * @param options segment size and group size
     * @return the open store
     * @throws JournalLockedException if another store holds the directory
     * @throws JournalCorruptedException if the journal is damaged beyond a torn tail
     * @throws JournalFormatException if the files were written by a newer version
     * @throws JournalIoException if the file system fails
     */
    public static FileLedgerStore open(Path directory, Options options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        return new FileLedgerStore(Journal.open(
                RealFileIo.INSTANCE, directory, new Journal.Config(options.segmentSize, options.maxGroupBytes), true));
    }

    /**
     * Returns a builder for {@link Options}.
     *
     * @return a builder holding the defaults
     */
    public static Options.Builder options() {
        return new Options.Builder();
    }

    /** {@inheritDoc} */
    @Override
    public long lastSequence() {
        return journal.lastSequence();
    }

    /**
     * {@inheritDoc}
     *
     * @throws JournalIoException if an earlier write or {@code fsync} failed (the store is then unusable)
     */
    @Override
    public CompletableFuture<Void> append(long firstSequence, List<byte[]> records) {
        return journal.append(firstSequence, records);
    }

    /**
     * {@inheritDoc}
     *
     * @throws JournalCorruptedException if a record read from disk fails its checksum
     * @throws LedgerClosedException if the store was closed
     */
    @Override
    public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
        journal.read(fromSequence, toSequence, consumer);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The journal rewrites the record in place, crash-safe: the changed bytes (zeros, and the batch's checksums)
     * go to an intent file first, then into the segment, each step synced; opening completes an interrupted rewrite.
     * See {@code JOURNAL.md}. The bytes are overwritten in the segment file itself; what a file system or disk keeps
     * of overwritten blocks (copy-on-write file systems, SSD wear levelling) is beyond the journal's reach.
     *
     * @throws JournalIoException if the file system fails (the store should then be reopened)
     */
    @Override
    public void redact(long sequence, byte[] record) {
        journal.redact(sequence, record);
    }

    /**
     * {@inheritDoc}
     *
     * <p>If {@code sequence} is appended but not yet durable, this waits until it is.
     *
     * @throws IllegalArgumentException if {@code sequence} is negative or beyond {@link #lastSequence()}
     * @throws LedgerClosedException if the store was closed
     */
    @Override
    public void saveSnapshot(long sequence, byte[] state) {
        journal.saveSnapshot(sequence, state);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Snapshot> latestSnapshot() {
        return journal.latestSnapshot();
    }

    /**
     * {@inheritDoc}
     *
     * @throws JournalIoException if appended records could not be made durable
     */
    @Override
    public void close() {
        journal.close();
    }

    @Override
    public String toString() {
        return "FileLedgerStore[durableSequence=" + journal.durableSequence() + "]";
    }

    /**
     * Tuning for a {@link FileLedgerStore}. Immutable and thread-safe.
     *
     * <p>Defaults: segments of 64 MiB, groups of at most 4 MiB per {@code fsync}.
     */
    public static final class Options {
        private static final Options DEFAULTS = new Builder().build();

        private final long segmentSize;
        private final int maxGroupBytes;

        private Options(Builder builder) {
            this.segmentSize = builder.segmentSize;
            this.maxGroupBytes = builder.maxGroupBytes;
        }

        /**
         * Returns the default options.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return DEFAULTS;
        }

        /**
         * Returns the size at which a segment file is closed and a new one started.
         *
         * @return the segment size in bytes
         */
        public long segmentSize() {
            return segmentSize;
        }

        /**
         * Returns the most bytes one group commit writes before its {@code fsync}.
         *
         * @return the group size limit in bytes
         */
        public int maxGroupBytes() {
            return maxGroupBytes;
        }

        @Override
        public String toString() {
            return "FileLedgerStore.Options[segmentSize=" + segmentSize + ", maxGroupBytes=" + maxGroupBytes + "]";
        }

        /** Builds {@link Options}; each setter validates at once. Not thread-safe. */
        public static final class Builder {
            private long segmentSize = 64L * 1024 * 1024;
            private int maxGroupBytes = 4 * 1024 * 1024;

            private Builder() {}

            /**
             * Sets the size at which a segment file is closed and a new one started. A batch larger than this gets a
             * segment of its own.
             *
             * @param bytes between 4 KiB and 1 GiB
             * @return this builder
             * @throws IllegalArgumentException if out of range
             */
            public Builder segmentSize(long bytes) {
                if (bytes < 4096 || bytes > 1L << 30) {
                    throw new IllegalArgumentException(
                            "segmentSize was " + bytes + "; must be between 4096 and 1073741824 bytes");
                }
                this.segmentSize = bytes;
                return this;
            }

            /**
             * Sets the most bytes one group commit writes before its {@code fsync}; larger groups mean fewer syncs
             * under load, smaller ones bound the latency of each. A single larger batch is still written, alone.
             *
             * @param bytes between 4 KiB and 256 MiB
             * @return this builder
             * @throws IllegalArgumentException if out of range
             */
            public Builder maxGroupBytes(int bytes) {
                if (bytes < 4096 || bytes > 256 * 1024 * 1024) {
                    throw new IllegalArgumentException(
                            "maxGroupBytes was " + bytes + "; must be between 4096 and 268435456 bytes");
                }
                this.maxGroupBytes = bytes;
                return this;
            }

            /**
             * Builds the options.
             *
             * @return the immutable options
             */
            public Options build() {
                return new Options(this);
            }
        }
    }
}
