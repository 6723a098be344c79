package io.cardkey.ledger.internal;

import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link LedgerStore} that keeps records and the latest snapshot in memory; for tests and short-lived ledgers.
 * Every append is "durable" at once. Thread-safe: all methods synchronise on the store.
 */
public final class InMemoryLedgerStore implements LedgerStore {
    private final List<byte[]> records = new ArrayList<>();
    private Snapshot snapshot;
    private boolean closed;

    @Override
    public synchronized long lastSequence() {
        checkOpen();
        return records.size();
    }

    @Override
    public synchronized CompletableFuture<Void> append(long firstSequence, List<byte[]> batch) {
        Objects.requireNonNull(batch, "records");
        checkOpen();
        if (firstSequence != records.size() + 1L) {
            throw new IllegalArgumentException("firstSequence was " + firstSequence
                    + "; must be the next sequence number " + (records.size() + 1L));
        }
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("records was empty; must hold at least one record");
        }
        List<byte[]> copies = new ArrayList<>(batch.size());
        for (byte[] r : batch) {
            copies.add(Objects.requireNonNull(r, "record").clone());
        }
        records.addAll(copies);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        List<byte[]> slice;
        synchronized (this) {
            checkOpen();
            if (fromSequence < 1 || toSequence < fromSequence || toSequence > records.size()) {
                throw new IllegalArgumentException("range was " + fromSequence + ".." + toSequence
                        + "; must be non-empty and within 1.." + records.size());
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
        Objects.requireNonNull(record, "record");
        checkOpen();
        if (sequence < 1 || sequence > records.size()) {
            throw new IllegalArgumentException("sequence was " + sequence + "; must be within 1.." + records.size());
        }
        byte[] old = records.get((int) sequence - 1);
        if (old.length != record.length) {
            throw new IllegalArgumentException("record length was " + record.length + "; must be the stored length "
                    + old.length + " of record " + sequence);
        }
        // A new array, not an overwrite: a reader may be decoding the old one. It lives on only until collected.
        records.set((int) sequence - 1, record.clone());
    }

    @Override
    public synchronized void saveSnapshot(long sequence, byte[] state) {
        Objects.requireNonNull(state, "state");
        checkOpen();
        if (sequence < 1 || sequence > records.size()) {
            throw new IllegalArgumentException(
                    "snapshot sequence was " + sequence + "; must be within 1.." + records.size());
        }
        snapshot = new Snapshot(sequence, state.clone());
    }

    @Override
    public synchronized Optional<Snapshot> latestSnapshot() {
        checkOpen();
        return Optional.ofNullable(snapshot)
                .map(s -> new Snapshot(s.sequence(), s.state().clone()));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new LedgerClosedException("in-memory ledger store");
        }
    }
}
