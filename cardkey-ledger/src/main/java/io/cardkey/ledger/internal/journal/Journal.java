package io.cardkey.ledger.internal.journal;

import io.cardkey.ledger.JournalCorruptedException;
import io.cardkey.ledger.JournalFormatException;
import io.cardkey.ledger.JournalIoException;
import io.cardkey.ledger.JournalLockedException;
import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerException;
import io.cardkey.ledger.LedgerStore;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The segment-file journal behind {@code FileLedgerStore}.
 *
 * <p>Design note. Appends are queued in memory (and readable at once); a single writer takes everything queued, up to
 * {@code maxGroupBytes}, encodes it into one direct buffer, writes it with one call and forces it with one {@code
 * fsync}, then completes the futures of every batch in the group. So the number of {@code fsync}s per second is the
 * limit, not the number of appends. Segments roll when the next batch would not fit; the old segment is synced before
 * the new one is created (file header synced, then the directory), so only the last segment can ever hold a torn
 * tail. On open that tail is scanned, and a torn batch is cut off; damage a crash cannot explain stops the open.
 *
 * <p>The writer is a background thread, or, for deterministic simulation, whoever calls {@link #commitPending()}.
 */
public final class Journal implements AutoCloseable {
    /** Tuning: segment size limit and the most bytes one group commit writes. */
    public record Config(long segmentSize, int maxGroupBytes) {}

    private final FileIo io;
    private final Path directory;
    private final Config config;
    private final Closeable directoryLock;

    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, PendingBatch> pending = new ConcurrentSkipListMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition durableAdvanced = lock.newCondition();
    private ArrayDeque<PendingBatch> queue = new ArrayDeque<>();
    private boolean writerWaiting;

    private volatile long lastSequence;
    private volatile long durableSequence;
    private volatile boolean closed;
    private volatile LedgerException failure;

    private final Object snapshotLock = new Object();
    private final Object redactLock = new Object();
    private final Segment.Rewrites rewrites = new Segment.Rewrites();
    private volatile long snapshotSequence = -1;

    // Writer-owned state.
    private Segment tail;
    private ByteBuffer groupBuffer;
    private volatile Thread writer;

    private Journal(FileIo io, Path directory, Config config, Closeable directoryLock) {
        this.io = io;
        this.directory = directory;
        this.config = config;
        this.directoryLock = directoryLock;
    }

    /**
     * Opens (creating if needed) the journal in {@code directory}: takes the lock, recovers the tail, checks the
     * snapshot.
     *
     * @param background whether a writer thread commits appends; if false the caller drives {@link #commitPending()}
     */
    public static Journal open(FileIo io, Path directory, Config config, boolean background) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        Closeable directoryLock;
        Path lockFile = directory.resolve(Format.LOCK_NAME);
        try {
            io.createDirectories(directory);
            String owner = "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since " + Instant.now()
                    + "\n";
            directoryLock = io.tryLock(lockFile, owner.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JournalIoException(lockFile, "locking the journal directory", e);
        }
        if (directoryLock == null) {
            String holder;
            try {
                holder = new String(io.readAll(lockFile), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                holder = "";
            }
            throw new JournalLockedException(directory, holder.isEmpty() ? "unknown" : holder);
        }
        Journal journal = new Journal(io, directory, config, directoryLock);
        try {
            journal.recover();
        } catch (IOException e) {
            journal.releaseAll();
            throw new JournalIoException(directory, "opening the journal", e);
        } catch (RuntimeException e) {
            journal.releaseAll();
            throw e;
        }
        if (background) {
            Thread thread = new Thread(journal::writerLoop, "cardkey-journal-writer " + directory.getFileName());
            thread.setDaemon(true);
            journal.writer = thread;
            thread.start();
        }
        return journal;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "localhost" : host;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        io.deleteIfExists(directory.resolve(Format.SNAPSHOT_TEMP_NAME));
        completeRedaction();
        List<Long> firsts = new ArrayList<>();
        for (String name : io.list(directory)) {
            long first = Format.parseSegmentName(name);
            if (first >= 1) {
                firsts.add(first);
            }
        }
        firsts.sort(null);
        // A crash while rolling can leave the newest segment with no (or a partial) header and no batches.
        while (!firsts.isEmpty()) {
            long first = firsts.get(firsts.size() - 1);
            Path path = directory.resolve(Format.segmentName(first));
            FileIo.Handle handle = io.open(path, false);
            boolean tornHeader;
            try {
                tornHeader = !checkSegmentHeader(path, handle, first, true);
            } catch (RuntimeException | IOException e) {
                handle.close();
                throw e;
            }
            if (!tornHeader) {
                handle.close();
                break;
            }
            handle.close();
            io.deleteIfExists(path);
            io.syncDirectory(directory);
            firsts.remove(firsts.size() - 1);
        }
        if (!firsts.isEmpty() && firsts.get(0) != 1) {
            throw new JournalCorruptedException(
                    directory.resolve(Format.segmentName(firsts.get(0))),
                    0,
                    "the first segment starts at sequence " + firsts.get(0) + "; the segments before it are missing");
        }
        for (int i = 0; i < firsts.size(); i++) {
            long first = firsts.get(i);
            Path path = directory.resolve(Format.segmentName(first));
            FileIo.Handle handle = io.open(path, false);
            try {
                checkSegmentHeader(path, handle, first, false);
            } catch (RuntimeException | IOException e) {
                handle.close();
                throw e;
            }
            segments.put(first, new Segment(path, first, handle, -1, false, rewrites));
        }
        if (segments.isEmpty()) {
            tail = createSegment(1);
            lastSequence = 0;
        } else {
            tail = segments.lastEntry().getValue();
            Segment.Scan scan = tail.scan();
            if (!scan.clean()) {
                if (!scan.torn) {
                    throw new JournalCorruptedException(tail.path, scan.end, scan.problem);
                }
                tail.handle.truncate(scan.end);
                tail.handle.force();
            }
            tail.markVerified(scan.end);
            lastSequence = scan.nextSequence - 1;
        }
        durableSequence = lastSequence;
        loadSnapshotHeader();
    }

    /**
     * Checks a segment header.
     *
     * @return false if the header is torn (only tolerated when {@code tolerateTorn}, for the newest segment)
     */
    private boolean checkSegmentHeader(Path path, FileIo.Handle handle, long first, boolean tolerateTorn)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Format.SEGMENT_HEADER_SIZE);
        while (header.hasRemaining()) {
            if (handle.read(header, header.position()) < 0) {
                break;
            }
        }
        header.flip();
        if (header.remaining() < Format.SEGMENT_HEADER_SIZE || isZero(header)) {
            // The header is synced before any batch is written, so a crash can leave a header-less file only when
            // nothing else is in it. Anything more is damage, never dropped silently.
            if (tolerateTorn && wholeFileZero(handle)) {
                return false;
            }
            throw new JournalCorruptedException(path, 0, "segment header missing or cut off");
        }
        if (!Format.startsWith(header, 0, Format.SEGMENT_MAGIC)) {
            throw new JournalCorruptedException(path, 0, "not a journal segment (bad magic)");
        }
        int version = header.getInt(8);
        if (version > Format.VERSION) {
            throw new JournalFormatException(path, version, Format.VERSION);
        }
        if (version < 1 || header.getInt(24) != Format.crc(header, 0, 24) || header.getInt(12) != 32) {
            throw new JournalCorruptedException(path, 0, "segment header checksum mismatch");
        }
        if (header.getLong(16) != first) {
            throw new JournalCorruptedException(
                    path,
                    0,
                    "segment header says first sequence " + header.getLong(16) + " but its name says " + first);
        }
        return true;
    }

    private static boolean wholeFileZero(FileIo.Handle handle) throws IOException {
        long size = handle.size();
        WindowReader reader = new WindowReader(handle, 64 * 1024);
        for (long pos = 0; pos < size; pos += 64 * 1024) {
            if (!reader.allZero(pos, Math.min(size, pos + 64 * 1024))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(ByteBuffer b) {
        for (int i = 0; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private Segment createSegment(long first) throws IOException {
        Path path = directory.resolve(Format.segmentName(first));
        FileIo.Handle handle = io.open(path, true);
        try {
            handle.truncate(0);
            handle.write(Format.segmentHeader(first), 0);
            handle.force();
            io.syncDirectory(directory);
        } catch (IOException e) {
            handle.close();
            throw e;
        }
        Segment segment = new Segment(path, first, handle, Format.SEGMENT_HEADER_SIZE, true, rewrites);
        segments.put(first, segment);
        return segment;
    }

    // ---------------------------------------------------------------- appends

    /** A batch waiting for (or in) a group commit. Reads serve it from memory until it is written. */
    private static final class PendingBatch {
        final long firstSequence;
        final List<byte[]> records;
        final int encodedSize;
        final DurableFuture durable = new DurableFuture();

        PendingBatch(long firstSequence, List<byte[]> records, int encodedSize) {
            this.firstSequence = firstSequence;
            this.records = records;
            this.encodedSize = encodedSize;
        }

        long lastSequence() {
            return firstSequence + records.size() - 1;
        }
    }

    /** See {@link LedgerStore#lastSequence()}. */
    public long lastSequence() {
        ensureOpen();
        return lastSequence;
    }

    /** Returns the last sequence number known to be on stable storage. */
    public long durableSequence() {
        return durableSequence;
    }

    /** See {@link LedgerStore#append}. */
    public CompletableFuture<Void> append(long firstSequence, List<byte[]> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records is empty; a batch must hold at least one record");
        }
        List<byte[]> copies = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            byte[] record = Objects.requireNonNull(records.get(i), "records[" + i + "]");
            copies.add(record.clone());
        }
        int encodedSize = Format.encodedSize(copies);
        PendingBatch batch = new PendingBatch(firstSequence, copies, encodedSize);
        lock.lock();
        try {
            ensureOpen();
            LedgerException failed = failure;
            if (failed != null) {
                throw new JournalIoException(directory, "appending after an earlier failure", failed);
            }
            if (firstSequence != lastSequence + 1) {
                throw new IllegalArgumentException(
                        "firstSequence was " + firstSequence + "; must be lastSequence + 1 = " + (lastSequence + 1));
            }
            pending.put(firstSequence, batch);
            queue.add(batch);
            lastSequence = batch.lastSequence();
            if (writerWaiting) {
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
        return batch.durable;
    }

    private void ensureOpen() {
        if (closed) {
            throw new LedgerClosedException("ledger journal " + directory);
        }
    }

    private void writerLoop() {
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    writerWaiting = true;
                    workAvailable.awaitUninterruptibly();
                    writerWaiting = false;
                }
                if (queue.isEmpty()) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            commitPending();
        }
    }

    private List<PendingBatch> takeGroup() {
        lock.lock();
        try {
            List<PendingBatch> group = new ArrayList<>(Math.min(queue.size(), 1024));
            long bytes = 0;
            while (!queue.isEmpty()) {
                PendingBatch next = queue.peek();
                if (!group.isEmpty() && bytes + next.encodedSize > config.maxGroupBytes()) {
                    break;
                }
                group.add(queue.poll());
                bytes += next.encodedSize;
            }
            return group;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes and syncs one group of queued batches, then completes their futures. Called only by the writer thread, or
     * by a simulation driving the journal without one.
     *
     * @return the number of batches made durable; 0 if nothing was queued or the journal has failed
     */
    public int commitPending() {
        if (failure != null) {
            return 0;
        }
        List<PendingBatch> group = takeGroup();
        if (group.isEmpty()) {
            return 0;
        }
        Path at = tail.path;
        try {
            int groupBytes = 0;
            for (PendingBatch b : group) {
                groupBytes += b.encodedSize;
            }
            ByteBuffer buffer = buffer(groupBytes);
            long[] indexSequences = new long[group.size()];
            long[] indexOffsets = new long[group.size()];
            int indexed = 0;
            for (PendingBatch b : group) {
                long offset = tail.size() + buffer.position();
                if (offset > Format.SEGMENT_HEADER_SIZE && offset + b.encodedSize > config.segmentSize()) {
                    at = tail.path;
                    flush(buffer, indexSequences, indexOffsets, indexed);
                    indexed = 0;
                    tail.handle.force();
                    at = directory;
                    tail = createSegment(b.firstSequence);
                    at = tail.path;
                    offset = tail.size();
                }
                indexSequences[indexed] = b.firstSequence;
                indexOffsets[indexed++] = offset;
                Format.encodeBatch(buffer, b.firstSequence, b.records, b.encodedSize);
            }
            at = tail.path;
            flush(buffer, indexSequences, indexOffsets, indexed);
            tail.handle.force();
        } catch (IOException | RuntimeException | Error e) {
            // Whatever went wrong, nothing in this group may be acknowledged, and nothing after it.
            fail(new JournalIoException(at, "writing and syncing a group commit", e));
            return 0;
        }
        lock.lock();
        try {
            durableSequence = group.get(group.size() - 1).lastSequence();
            durableAdvanced.signalAll();
        } finally {
            lock.unlock();
        }
        for (PendingBatch b : group) {
            pending.remove(b.firstSequence);
        }
        // Completed here, without a hand-over to another thread: that hop cost as much as the fsync at low
        // concurrency. Callbacks run on this thread, so they must be short (the ledger's wake one appender, which
        // wakes the others); one that waits for durability is served by this thread committing (awaitDurable).
        acknowledge(group);
        return group.size();
    }

    private static void acknowledge(List<PendingBatch> group) {
        for (PendingBatch b : group) {
            b.durable.markDurable();
        }
    }

    private ByteBuffer buffer(int bytes) {
        if (groupBuffer == null || groupBuffer.capacity() < bytes) {
            int capacity = groupBuffer == null ? 64 * 1024 : groupBuffer.capacity();
            while (capacity < bytes) {
                capacity *= 2;
            }
            // Grows to the largest group seen (at most maxGroupBytes, or one oversized batch) and is reused.
            groupBuffer = ByteBuffer.allocateDirect(Math.max(bytes, Math.min(capacity, config.maxGroupBytes())));
        }
        groupBuffer.clear();
        return groupBuffer;
    }

    private void flush(ByteBuffer buffer, long[] sequences, long[] offsets, int count) throws IOException {
        buffer.flip();
        long start = tail.size();
        long end = start + buffer.remaining();
        if (buffer.hasRemaining()) {
            tail.handle.write(buffer, start);
        }
        buffer.clear();
        for (int i = 0; i < count; i++) {
            tail.indexBatch(sequences[i], offsets[i]);
        }
        tail.setSize(end);
    }

    private void fail(LedgerException e) {
        lock.lock();
        List<PendingBatch> failed;
        try {
            if (failure == null) {
                failure = e;
            }
            failed = new ArrayList<>(queue);
            queue.clear();
            durableAdvanced.signalAll();
        } finally {
            lock.unlock();
        }
        for (PendingBatch b : pending.values()) {
            b.durable.markFailed(failure);
        }
        for (PendingBatch b : failed) {
            b.durable.markFailed(failure);
        }
    }

    /**
     * Waits until every record up to {@code sequence} is durable. Waits on the writer, not on the futures, so it also
     * works from inside an append's callback (which runs on the acknowledging thread).
     */
    private void awaitDurable(long sequence) {
        if (writer == null || Thread.currentThread() == writer) {
            while (durableSequence < sequence && failure == null) {
                commitPending();
            }
        } else {
            lock.lock();
            try {
                while (durableSequence < sequence && failure == null) {
                    durableAdvanced.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }
        LedgerException failed = failure;
        if (durableSequence < sequence && failed != null) {
            throw new JournalIoException(directory, "waiting for durability after an earlier failure", failed);
        }
    }

    // ---------------------------------------------------------------- reads

    /** See {@link LedgerStore#read}. */
    public void read(long fromSequence, long toSequence, LedgerStore.RecordConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        long last = lastSequence;
        if (fromSequence < 1 || toSequence < fromSequence || toSequence > last) {
            throw new IllegalArgumentException("range was " + fromSequence + ".." + toSequence
                    + "; must satisfy 1 <= from <= to <= lastSequence (" + last + ")");
        }
        long seq = fromSequence;
        while (seq <= toSequence) {
            Map.Entry<Long, PendingBatch> p = pending.floorEntry(seq);
            if (p != null && p.getValue().lastSequence() >= seq) {
                PendingBatch b = p.getValue();
                long end = Math.min(toSequence, b.lastSequence());
                for (long s = seq; s <= end; s++) {
                    consumer.accept(s, b.records.get((int) (s - b.firstSequence)));
                }
                seq = end + 1;
                continue;
            }
            Map.Entry<Long, Segment> entry = segments.floorEntry(seq);
            Segment segment = entry.getValue();
            try {
                Map.Entry<Long, Segment> next = segments.higherEntry(segment.firstSequence);
                if (next != null) {
                    segment.ensureVerified(next.getKey());
                }
                seq = segment.read(seq, toSequence, consumer);
            } catch (IOException e) {
                throw new JournalIoException(segment.path, "reading", e);
            }
        }
    }

    // ---------------------------------------------------------------- redaction

    /**
     * See {@link LedgerStore#redact}. Rewrites the record in place, crash-safe:
     *
     * <ol>
     *   <li>works out the bytes of its batch that change (the record's erased bytes, now zeros, and the batch's two
     *       checksums) and writes them to an intent file, {@code fsync}, directory {@code fsync};
     *   <li>writes them into the segment, {@code fsync};
     *   <li>deletes the intent file, directory {@code fsync}.
     * </ol>
     *
     * A crash during step 2 leaves a batch that fails its checksum, so opening first applies a complete intent file
     * again (writing the same bytes twice changes nothing) and drops an incomplete one (step 2 had not begun). The
     * intent file holds only the new bytes, never the erased ones. Readers that race with step 2 read the batch again.
     */
    public void redact(long sequence, byte[] record) {
        Objects.requireNonNull(record, "record");
        ensureOpen();
        long last = lastSequence;
        if (sequence < 1 || sequence > last) {
            throw new IllegalArgumentException(
                    "sequence was " + sequence + "; must satisfy 1 <= sequence <= lastSequence (" + last + ")");
        }
        awaitDurable(sequence);
        synchronized (redactLock) {
            ensureOpen();
            // A durable batch leaves the in-memory queue moments after its write; readers must not get the old bytes.
            Map.Entry<Long, PendingBatch> written = pending.floorEntry(sequence);
            if (written != null && written.getValue().lastSequence() >= sequence) {
                PendingBatch batch = written.getValue();
                byte[] old = batch.records.get((int) (sequence - batch.firstSequence));
                if (old.length != record.length) {
                    throw new IllegalArgumentException("record length was " + record.length
                            + "; must be the stored length " + old.length + " of record " + sequence);
                }
                batch.records.set((int) (sequence - batch.firstSequence), record.clone());
            }
            Segment segment = segments.floorEntry(sequence).getValue();
            Path intent = directory.resolve(Format.REDACT_INTENT_NAME);
            try {
                Map.Entry<Long, Segment> next = segments.higherEntry(segment.firstSequence);
                if (next != null) {
                    segment.ensureVerified(next.getKey());
                }
                List<Segment.Patch> patches = segment.prepareRewrite(sequence, record);
                if (patches.isEmpty()) {
                    return;
                }
                writeIntent(intent, segment.firstSequence, patches);
                rewrites.begin();
                try {
                    for (Segment.Patch patch : patches) {
                        segment.handle.write(ByteBuffer.wrap(patch.bytes()), patch.offset());
                    }
                    segment.handle.force();
                } finally {
                    rewrites.end();
                }
                io.deleteIfExists(intent);
                io.syncDirectory(directory);
            } catch (IOException e) {
                throw new JournalIoException(segment.path, "rewriting record " + sequence + " to erase a value", e);
            }
        }
    }

    private void writeIntent(Path intent, long segmentFirst, List<Segment.Patch> patches) throws IOException {
        int size = Format.REDACT_MAGIC.length + 16 + 4;
        for (Segment.Patch patch : patches) {
            size += 12 + patch.bytes().length;
        }
        ByteBuffer file = ByteBuffer.allocate(size);
        file.put(Format.REDACT_MAGIC)
                .putInt(Format.REDACT_VERSION)
                .putInt(patches.size())
                .putLong(segmentFirst);
        for (Segment.Patch patch : patches) {
            file.putLong(patch.offset()).putInt(patch.bytes().length).put(patch.bytes());
        }
        file.putInt(Format.crc(file.array(), 0, file.position()));
        file.flip();
        try (FileIo.Handle handle = io.open(intent, true)) {
            handle.truncate(0);
            handle.write(file, 0);
            handle.force();
        }
        io.syncDirectory(directory);
    }

    /**
     * On open, before the segments are checked: applies the intent file of a rewrite that a crash interrupted, or
     * drops it if it was not completely written (then the rewrite had not begun).
     */
    private void completeRedaction() throws IOException {
        Path intent = directory.resolve(Format.REDACT_INTENT_NAME);
        if (!io.list(directory).contains(Format.REDACT_INTENT_NAME)) {
            return;
        }
        byte[] bytes;
        try (FileIo.Handle handle = io.open(intent, false)) {
            long size = handle.size();
            if (size > 1 << 20) {
                throw new JournalCorruptedException(intent, 0, "redaction intent has impossible size " + size);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && handle.read(buffer, buffer.position()) >= 0) {
                // read it whole
            }
            bytes = Arrays.copyOf(buffer.array(), buffer.position());
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int header = Format.REDACT_MAGIC.length + 16;
        boolean whole = bytes.length >= header + 4
                && Format.startsWith(b, 0, Format.REDACT_MAGIC)
                && b.getInt(bytes.length - 4) == Format.crc(bytes, 0, bytes.length - 4);
        if (whole) {
            int version = b.getInt(8);
            if (version > Format.REDACT_VERSION) {
                throw new JournalFormatException(intent, version, Format.REDACT_VERSION);
            }
            int runs = b.getInt(12);
            Path segmentPath = directory.resolve(Format.segmentName(b.getLong(16)));
            b.position(header);
            try (FileIo.Handle handle = io.open(segmentPath, false)) {
                for (int i = 0; i < runs; i++) {
                    long offset = b.getLong();
                    byte[] run = new byte[b.getInt()];
                    b.get(run);
                    handle.write(ByteBuffer.wrap(run), offset);
                }
                handle.force();
            } catch (RuntimeException e) {
                throw new JournalCorruptedException(intent, b.position(), "redaction intent cannot be applied: " + e);
            }
        }
        io.deleteIfExists(intent);
        io.syncDirectory(directory);
    }

    // ---------------------------------------------------------------- snapshots

    /** See {@link LedgerStore#saveSnapshot}. */
    public void saveSnapshot(long sequence, byte[] state) {
        Objects.requireNonNull(state, "state");
        ensureOpen();
        long last = lastSequence;
        if (sequence < 0 || sequence > last) {
            throw new IllegalArgumentException(
                    "sequence was " + sequence + "; must be between 0 and lastSequence (" + last + ")");
        }
        if (state.length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("state is " + state.length + " bytes; must be less than 2 GiB");
        }
        awaitDurable(sequence);
        ByteBuffer file = ByteBuffer.allocate(Format.SNAPSHOT_HEADER_SIZE + state.length + 4);
        file.put(Format.SNAPSHOT_MAGIC)
                .putInt(Format.VERSION)
                .putInt(0)
                .putLong(sequence)
                .putInt(state.length);
        file.put(state);
        file.putInt(Format.crc(file.array(), 0, file.position()));
        file.flip();
        Path temp = directory.resolve(Format.SNAPSHOT_TEMP_NAME);
        Path target = directory.resolve(Format.SNAPSHOT_NAME);
        synchronized (snapshotLock) {
            ensureOpen();
            try {
                try (FileIo.Handle handle = io.open(temp, true)) {
                    handle.truncate(0);
                    handle.write(file, 0);
                    handle.force();
                }
                io.atomicMove(temp, target);
                io.syncDirectory(directory);
            } catch (IOException e) {
                throw new JournalIoException(target, "writing the snapshot", e);
            }
            snapshotSequence = sequence;
        }
    }

    /** See {@link LedgerStore#latestSnapshot()}. */
    public Optional<LedgerStore.Snapshot> latestSnapshot() {
        ensureOpen();
        synchronized (snapshotLock) {
            if (snapshotSequence < 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(readSnapshot());
            } catch (IOException e) {
                throw new JournalIoException(directory.resolve(Format.SNAPSHOT_NAME), "reading the snapshot", e);
            }
        }
    }

    private void loadSnapshotHeader() throws IOException {
        if (!io.list(directory).contains(Format.SNAPSHOT_NAME)) {
            snapshotSequence = -1;
            return;
        }
        LedgerStore.Snapshot snapshot = readSnapshot();
        if (snapshot.sequence() > lastSequence) {
            throw new JournalCorruptedException(
                    directory.resolve(Format.SNAPSHOT_NAME),
                    16,
                    "snapshot covers sequence " + snapshot.sequence() + " but the journal ends at " + lastSequence);
        }
        snapshotSequence = snapshot.sequence();
    }

    private LedgerStore.Snapshot readSnapshot() throws IOException {
        Path path = directory.resolve(Format.SNAPSHOT_NAME);
        byte[] bytes;
        try (FileIo.Handle handle = io.open(path, false)) {
            long size = handle.size();
            if (size < Format.SNAPSHOT_HEADER_SIZE + 4 || size > Integer.MAX_VALUE) {
                throw new JournalCorruptedException(path, 0, "snapshot file has impossible size " + size);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (handle.read(buffer, buffer.position()) < 0) {
                    break;
                }
            }
            bytes = buffer.array();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (!Format.startsWith(b, 0, Format.SNAPSHOT_MAGIC)) {
            throw new JournalCorruptedException(path, 0, "not a snapshot file (bad magic)");
        }
        int version = b.getInt(8);
        if (version > Format.VERSION) {
            throw new JournalFormatException(path, version, Format.VERSION);
        }
        int length = b.getInt(24);
        if (length < 0 || (long) Format.SNAPSHOT_HEADER_SIZE + length + 4 != bytes.length) {
            throw new JournalCorruptedException(path, 24, "snapshot length " + length + " does not match the file");
        }
        int end = Format.SNAPSHOT_HEADER_SIZE + length;
        if (b.getInt(end) != Format.crc(bytes, 0, end) || version < 1) {
            throw new JournalCorruptedException(path, 0, "snapshot checksum mismatch");
        }
        byte[] state = new byte[length];
        b.get(Format.SNAPSHOT_HEADER_SIZE, state);
        return new LedgerStore.Snapshot(b.getLong(16), state);
    }

    // ---------------------------------------------------------------- close

    /** See {@link LedgerStore#close()}. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        if (writer != null && Thread.currentThread() != writer) {
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } else {
            while (commitPending() > 0) {
                // drain everything appended before close
            }
        }
        releaseAll();
        LedgerException failed = failure;
        if (failed != null) {
            throw new JournalIoException(directory, "closing after an earlier failure", failed);
        }
    }

    private void releaseAll() {
        for (Segment s : segments.values()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a read handle cannot lose data; the lock release below matters more
            }
        }
        try {
            directoryLock.close();
        } catch (IOException ignored) {
            // the lock dies with the file handle anyway
        }
    }
}
