package io.cardkey.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A list-backed {@link LedgerStore} for tests that can be damaged on purpose (flip a byte, swap or remove records) and
 * reopened after {@link #close()} through {@link #reopen()}, as a file journal could be.
 */
final class TamperableStore implements LedgerStore {
    private final List<byte[]> records;
    private final Snapshot[] snapshot;
    private boolean closed;

    TamperableStore() {
        this(Collections.synchronizedList(new ArrayList<>()), new Snapshot[1]);
    }

    private TamperableStore(List<byte[]> records, Snapshot[] snapshot) {
        this.records = records;
        this.snapshot = snapshot;
    }

    /** Returns a new, open store over the same records and snapshot. */
    TamperableStore reopen() {
        return new TamperableStore(records, snapshot);
    }

    void flipByte(long sequence, int offset) {
        byte[] r = records.get((int) sequence - 1).clone();
        r[offset] ^= 0x01;
        records.set((int) sequence - 1, r);
    }

    int recordLength(long sequence) {
        return records.get((int) sequence - 1).length;
    }

    void swap(long a, long b) {
        Collections.swap(records, (int) a - 1, (int) b - 1);
    }

    void remove(long sequence) {
        records.remove((int) sequence - 1);
    }

    void put(long sequence, byte[] record) {
        records.set((int) sequence - 1, record.clone());
    }

    synchronized void flipSnapshotByte(int offset) {
        byte[] state = snapshot[0].state().clone();
        state[offset] ^= 0x01;
        snapshot[0] = new Snapshot(snapshot[0].sequence(), state);
    }

    synchronized void putSnapshot(long sequence, byte[] state) {
        snapshot[0] = new Snapshot(sequence, state.clone());
    }

    synchronized Optional<Snapshot> snapshot() {
        return Optional.ofNullable(snapshot[0]);
    }

    private void checkOpen() {
        if (closed) {
            throw new LedgerClosedException("tamperable test store");
        }
    }

    @Override
    public synchronized long lastSequence() {
        checkOpen();
        return records.size();
    }

    @Override
    public synchronized CompletableFuture<Void> append(long firstSequence, List<byte[]> batch) {
        checkOpen();
        if (firstSequence != records.size() + 1L || batch.isEmpty()) {
            throw new IllegalArgumentException("bad append at " + firstSequence);
        }
        batch.forEach(r -> records.add(r.clone()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
        List<byte[]> slice;
        synchronized (this) {
            checkOpen();
            if (fromSequence < 1 || toSequence < fromSequence || toSequence > records.size()) {
                throw new IllegalArgumentException("bad range " + fromSequence + ".." + toSequence);
            }
            slice = new ArrayList<>(records.subList((int) fromSequence - 1, (int) toSequence));
        }
        long seq = fromSequence;
        for (byte[] r : slice) {
            consumer.accept(seq++, r);
        }
    }

    @Override
    public synchronized void redact(long sequence, byte[] record) {
        checkOpen();
        if (sequence < 1 || sequence > records.size() || records.get((int) sequence - 1).length != record.length) {
            throw new IllegalArgumentException("bad redaction of " + sequence);
        }
        records.set((int) sequence - 1, record.clone());
    }

    byte[] stored(long sequence) {
        return records.get((int) sequence - 1).clone();
    }

    @Override
    public synchronized void saveSnapshot(long sequence, byte[] state) {
        checkOpen();
        snapshot[0] = new Snapshot(sequence, state.clone());
    }

    @Override
    public synchronized Optional<Snapshot> latestSnapshot() {
        checkOpen();
        return Optional.ofNullable(snapshot[0]);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
