package io.cardkey.ledger.internal.journal;

import io.cardkey.ledger.JournalCorruptedException;
import io.cardkey.ledger.LedgerStore.RecordConsumer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * One segment file: its header, the end of its last whole batch, and a sparse index from sequence numbers to batch
 * offsets so that reads seek instead of scanning.
 *
 * <p>Design note: a segment that was not written by this process is verified lazily, the first time a read needs it
 * (one sequential pass that checks every checksum and builds the index). Only the last segment is scanned when the
 * journal opens, because only it can hold a torn tail. That keeps opening a journal of millions of records to reading
 * a few headers plus one segment.
 */
final class Segment implements Closeable {
    private static final long INDEX_SPACING = 64 * 1024;

    final Path path;
    final long firstSequence;
    final FileIo.Handle handle;

    /** Bytes of the header plus every whole batch; readers never look beyond it. */
    private volatile long size;

    private volatile boolean verified;
    private final SparseIndex index = new SparseIndex();
    private final Rewrites rewrites;

    Segment(Path path, long firstSequence, FileIo.Handle handle, long size, boolean verified, Rewrites rewrites) {
        this.path = path;
        this.firstSequence = firstSequence;
        this.handle = handle;
        this.size = size;
        this.verified = verified;
        this.rewrites = rewrites;
    }

    /**
     * Marks the in-place rewrites of batches (see {@link Journal#redact}), so that a reader whose batch fails its
     * checksum can tell a rewrite it raced with (and read again) from damage. One per journal; thread-safe.
     */
    static final class Rewrites {
        private final ReentrantLock running = new ReentrantLock();
        private volatile long started;

        /** Returns how many rewrites have started; a reader notes it before reading. */
        long started() {
            return started;
        }

        void begin() {
            running.lock();
            started++;
        }

        void end() {
            running.unlock();
        }

        /**
         * Returns whether a rewrite started after {@code since} or is running, after waiting for it to finish: the
         * reader should then read the batch again instead of reporting damage.
         */
        boolean interfered(long since) {
            if (started == since && !running.isLocked()) {
                return false;
            }
            running.lock();
            running.unlock();
            return true;
        }
    }

    long size() {
        return size;
    }

    /** Called by the writer after a batch was written at {@code offset}; publishes it to readers. */
    void indexBatch(long sequence, long offset) {
        index.maybeAdd(sequence, offset);
    }

    void setSize(long newSize) {
        size = newSize;
    }

    /** Marks the segment checked (by a {@link #scan()} on this object) up to {@code end}. */
    void markVerified(long end) {
        size = end;
        verified = true;
    }

    /** Outcome of a validating pass over a segment. */
    static final class Scan {
        final long end;
        final long nextSequence;
        final String problem;
        final boolean torn;

        Scan(long end, long nextSequence, String problem, boolean torn) {
            this.end = end;
            this.nextSequence = nextSequence;
            this.problem = problem;
            this.torn = torn;
        }

        boolean clean() {
            return problem == null;
        }
    }

    /**
     * Reads the whole segment, checking every batch, and rebuilds the sparse index. Stops at the first batch that does
     * not check out and says whether the damage looks like a torn write (cut off by the end of the file, or holding a
     * sector of zeros: what a crash leaves of an unsynced write) or like corruption (anything else).
     */
    Scan scan() throws IOException {
        index.clear();
        long fileSize = handle.size();
        WindowReader reader = new WindowReader(handle, (int) Math.min(1 << 20, Math.max(4096, fileSize)));
        CRC32C crc = new CRC32C();
        long pos = Format.SEGMENT_HEADER_SIZE;
        long seq = firstSequence;
        while (pos < fileSize) {
            if (fileSize - pos < Format.BATCH_HEADER_SIZE) {
                return new Scan(pos, seq, "batch header cut off by the end of the file", true);
            }
            ByteBuffer w = reader.fetch(pos, Format.BATCH_HEADER_SIZE);
            int h = reader.indexOf(pos);
            if (w.getInt(h) != Format.BATCH_MAGIC || w.getInt(h + 24) != crc(crc, w, h, 24)) {
                return new Scan(pos, seq, "batch header damaged", tornEvidence(reader, pos, fileSize, fileSize));
            }
            int bodyLength = w.getInt(h + 4);
            long batchFirst = w.getLong(h + 8);
            int count = w.getInt(h + 16);
            int bodyCrc = w.getInt(h + 20);
            if (batchFirst != seq) {
                return new Scan(pos, seq, "batch starts at sequence " + batchFirst + ", expected " + seq, false);
            }
            if (bodyLength < count * (long) Format.RECORD_OVERHEAD || count < 1) {
                return new Scan(pos, seq, "batch claims " + count + " records in " + bodyLength + " bytes", false);
            }
            long end = pos + Format.BATCH_HEADER_SIZE + bodyLength;
            if (end > fileSize) {
                return new Scan(pos, seq, "batch cut off by the end of the file", true);
            }
            w = reader.fetch(pos, Format.BATCH_HEADER_SIZE + bodyLength);
            h = reader.indexOf(pos);
            if (crc(crc, w, h + Format.BATCH_HEADER_SIZE, bodyLength) != bodyCrc) {
                return new Scan(pos, seq, "batch checksum mismatch", tornEvidence(reader, pos, end, fileSize));
            }
            if (!recordsFit(w, h + Format.BATCH_HEADER_SIZE, bodyLength, count)) {
                return new Scan(pos, seq, "record lengths do not add up to the batch length", false);
            }
            index.maybeAdd(seq, pos);
            seq += count;
            pos = end;
        }
        return new Scan(pos, seq, null, false);
    }

    /**
     * A crash can only lose what was not synced: sectors of the last write are missing (read back as zeros) or the
     * file ends early. It never invents non-zero bytes. So damage counts as torn if a sector it touches is zero from
     * the damaged batch's start (or from the sector's start) to the sector's end.
     */
    private static boolean tornEvidence(WindowReader reader, long start, long end, long fileSize) throws IOException {
        long firstSectorEnd = Math.min((start / Format.SECTOR + 1) * Format.SECTOR, fileSize);
        if (reader.allZero(start, firstSectorEnd)) {
            return true;
        }
        for (long s = firstSectorEnd; s < end && s + Format.SECTOR <= fileSize; s += Format.SECTOR) {
            if (reader.allZero(s, s + Format.SECTOR)) {
                return true;
            }
        }
        return false;
    }

    /** CRC32C of a range of a heap window, reusing one checksum object per pass. */
    private static int crc(CRC32C crc, ByteBuffer window, int offset, int length) {
        crc.reset();
        crc.update(window.array(), offset, length);
        return (int) crc.getValue();
    }

    private static boolean recordsFit(ByteBuffer w, int bodyStart, int bodyLength, int count) {
        long pos = 0;
        for (int i = 0; i < count; i++) {
            if (pos + Format.RECORD_OVERHEAD > bodyLength) {
                return false;
            }
            int length = w.getInt(bodyStart + (int) pos);
            if (length < 0) {
                return false;
            }
            pos += Format.RECORD_OVERHEAD + (long) length;
        }
        return pos == bodyLength;
    }

    /**
     * Verifies a segment that an earlier process wrote, once, before the first read from it.
     *
     * @param nextSequence the first sequence of the following segment, which this one must end just before
     */
    void ensureVerified(long nextSequence) throws IOException {
        if (verified) {
            return;
        }
        synchronized (this) {
            if (verified) {
                return;
            }
            Scan scan = scan();
            if (!scan.clean()) {
                throw new JournalCorruptedException(path, scan.end, scan.problem + " (not at the end of the journal)");
            }
            if (scan.nextSequence != nextSequence) {
                throw new JournalCorruptedException(
                        path,
                        scan.end,
                        "segment ends after sequence " + (scan.nextSequence - 1) + " but the next segment starts at "
                                + nextSequence);
            }
            size = scan.end;
            verified = true;
        }
    }

    /**
     * Delivers the records {@code from..to} that lie in this segment below its current size.
     *
     * @return the next sequence number not delivered
     */
    long read(long from, long to, RecordConsumer consumer) throws IOException {
        long limit = size;
        long[] start = index.floor(from);
        long seq = start == null ? firstSequence : start[0];
        long pos = start == null ? Format.SEGMENT_HEADER_SIZE : start[1];
        int windowSize = (int) Math.min(64 * 1024, Math.max(4096, limit - pos));
        WindowReader reader = new WindowReader(handle, windowSize);
        CRC32C crc = new CRC32C();
        long rewritesSeen = rewrites.started();
        while (pos < limit && seq <= to) {
            ByteBuffer w = reader.fetch(pos, Format.BATCH_HEADER_SIZE);
            if (w == null) {
                throw new JournalCorruptedException(path, pos, "batch header cut off by the end of the file");
            }
            int h = reader.indexOf(pos);
            if (w.getInt(h) != Format.BATCH_MAGIC || w.getInt(h + 24) != crc(crc, w, h, 24)) {
                if (rewrites.interfered(rewritesSeen)) {
                    reader = new WindowReader(handle, windowSize);
                    rewritesSeen = rewrites.started();
                    continue;
                }
                throw new JournalCorruptedException(path, pos, "batch header damaged");
            }
            int bodyLength = w.getInt(h + 4);
            long batchFirst = w.getLong(h + 8);
            int count = w.getInt(h + 16);
            int bodyCrc = w.getInt(h + 20);
            if (batchFirst != seq) {
                throw new JournalCorruptedException(
                        path, pos, "batch starts at sequence " + batchFirst + ", expected " + seq);
            }
            long next = pos + Format.BATCH_HEADER_SIZE + bodyLength;
            if (seq + count - 1 >= from) {
                w = reader.fetch(pos, Format.BATCH_HEADER_SIZE + bodyLength);
                if (w == null) {
                    throw new JournalCorruptedException(path, pos, "batch cut off by the end of the file");
                }
                h = reader.indexOf(pos);
                int body = h + Format.BATCH_HEADER_SIZE;
                if (crc(crc, w, body, bodyLength) != bodyCrc || !recordsFit(w, body, bodyLength, count)) {
                    if (rewrites.interfered(rewritesSeen)) {
                        reader = new WindowReader(handle, windowSize);
                        rewritesSeen = rewrites.started();
                        continue;
                    }
                    throw new JournalCorruptedException(path, pos, "batch checksum mismatch");
                }
                int p = body;
                for (int i = 0; i < count; i++) {
                    long s = batchFirst + i;
                    int length = w.getInt(p);
                    p += Format.RECORD_OVERHEAD;
                    if (s >= from && s <= to) {
                        byte[] record = new byte[length];
                        System.arraycopy(w.array(), p, record, 0, length);
                        consumer.accept(s, record);
                    }
                    p += length;
                }
            }
            seq += count;
            pos = next;
        }
        return seq;
    }

    /**
     * Works out how to replace record {@code sequence}, which lies in this (verified) segment, with {@code record} of
     * the same length: the bytes of its batch that change, including the batch's checksums.
     *
     * @return the changed byte runs as (file offset, bytes) pairs; empty if the record already holds these bytes
     * @throws IllegalArgumentException if the stored record has a different length
     */
    List<Patch> prepareRewrite(long sequence, byte[] record) throws IOException {
        long[] start = index.floor(sequence);
        long seq = start == null ? firstSequence : start[0];
        long pos = start == null ? Format.SEGMENT_HEADER_SIZE : start[1];
        WindowReader reader = new WindowReader(handle, 64 * 1024);
        CRC32C crc = new CRC32C();
        while (pos < size) {
            ByteBuffer w = reader.fetch(pos, Format.BATCH_HEADER_SIZE);
            int h = w == null ? -1 : reader.indexOf(pos);
            if (w == null || w.getInt(h) != Format.BATCH_MAGIC || w.getInt(h + 24) != crc(crc, w, h, 24)) {
                throw new JournalCorruptedException(path, pos, "batch header damaged");
            }
            int bodyLength = w.getInt(h + 4);
            int count = w.getInt(h + 16);
            if (sequence >= seq + count) {
                seq += count;
                pos += Format.BATCH_HEADER_SIZE + bodyLength;
                continue;
            }
            int batchLength = Format.BATCH_HEADER_SIZE + bodyLength;
            w = reader.fetch(pos, batchLength);
            if (w == null) {
                throw new JournalCorruptedException(path, pos, "batch cut off by the end of the file");
            }
            h = reader.indexOf(pos);
            byte[] old = Arrays.copyOfRange(w.array(), h, h + batchLength);
            ByteBuffer image = ByteBuffer.wrap(old.clone());
            if (crc(crc, image, Format.BATCH_HEADER_SIZE, bodyLength) != image.getInt(20)
                    || !recordsFit(image, Format.BATCH_HEADER_SIZE, bodyLength, count)) {
                throw new JournalCorruptedException(path, pos, "batch checksum mismatch");
            }
            int p = Format.BATCH_HEADER_SIZE;
            for (long s = seq; s < sequence; s++) {
                p += Format.RECORD_OVERHEAD + image.getInt(p);
            }
            int length = image.getInt(p);
            if (length != record.length) {
                throw new IllegalArgumentException("record length was " + record.length + "; must be the stored length "
                        + length + " of record " + sequence);
            }
            image.put(p + Format.RECORD_OVERHEAD, record);
            image.putInt(20, crc(crc, image, Format.BATCH_HEADER_SIZE, bodyLength));
            image.putInt(24, crc(crc, image, 0, 24));
            byte[] updated = image.array();
            List<Patch> patches = new ArrayList<>();
            for (int i = 0; i < batchLength; ) {
                if (old[i] == updated[i]) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < batchLength && old[j] != updated[j]) {
                    j++;
                }
                patches.add(new Patch(pos + i, Arrays.copyOfRange(updated, i, j)));
                i = j;
            }
            return patches;
        }
        throw new IllegalStateException("record " + sequence + " is not in segment " + path);
    }

    /** Bytes to write at an offset of a segment file. */
    record Patch(long offset, byte[] bytes) {}

    @Override
    public void close() throws IOException {
        handle.close();
    }

    /** Every ~64 KiB: (first sequence of a batch, its offset). Appended by the writer, read by any thread. */
    private static final class SparseIndex {
        private long[] sequences = new long[16];
        private long[] offsets = new long[16];
        private int count;

        synchronized void clear() {
            count = 0;
        }

        synchronized void maybeAdd(long sequence, long offset) {
            if (count > 0 && offset - offsets[count - 1] < INDEX_SPACING) {
                return;
            }
            if (count == sequences.length) {
                sequences = Arrays.copyOf(sequences, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            sequences[count] = sequence;
            offsets[count] = offset;
            count++;
        }

        /** Returns {sequence, offset} of the last indexed batch starting at or before {@code sequence}, or null. */
        synchronized long[] floor(long sequence) {
            int i = Arrays.binarySearch(sequences, 0, count, sequence);
            if (i < 0) {
                i = -i - 2;
            }
            return i < 0 ? null : new long[] {sequences[i], offsets[i]};
        }
    }
}
