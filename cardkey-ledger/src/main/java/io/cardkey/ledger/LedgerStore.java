package io.cardkey.ledger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The storage port under a {@code Ledger}: an append-only sequence of opaque, already-encoded records numbered from 1,
 * plus the latest snapshot of derived state so that opening a long ledger does not replay everything. The one change
 * to a stored record is {@link #redact}: erasing a sensitive metadata value, which leaves the record's hash as it was.
 *
 * <p>The ledger encodes, chains and validates records; a store only keeps them. Every implementation passes the same
 * contract test suite (the {@code test-jar} of this module), so the in-memory store, the embedded file journal and
 * the PostgreSQL store are interchangeable.
 *
 * <h2>Concurrency</h2>
 *
 * <p>The ledger calls {@link #append} from one thread at a time, in sequence order, without waiting for earlier
 * appends to become durable (that is how many appends share one {@code fsync}). {@link #read}, {@link #lastSequence}
 * and the snapshot methods may be called from any thread. Implementations are thread-safe.
 */
public interface LedgerStore extends AutoCloseable {

    /**
     * Returns a new, empty store that keeps everything in memory: for tests and short-lived ledgers. Thread-safe.
     * Closing it discards nothing, but further calls throw {@link LedgerClosedException}; the records are lost when
     * the store is garbage-collected.
     *
     * @return a new in-memory store
     */
    static LedgerStore inMemory() {
        return new io.cardkey.ledger.internal.InMemoryLedgerStore();
    }

    /**
     * Returns the sequence number of the last record appended, durable or not; {@code 0} for an empty store.
     *
     * @return the last sequence number, or 0
     */
    long lastSequence();

    /**
     * Appends records that take the sequence numbers {@code firstSequence}, {@code firstSequence + 1}, ... as one
     * atomic batch: after a crash either all of them are present or none.
     *
     * @param firstSequence must be {@link #lastSequence()} {@code + 1}
     * @param records one or more encoded records; the store keeps its own copy
     * @return a future that completes when the whole batch is durable, or completes exceptionally with a
     *     {@link LedgerException} if it could not be made durable (the store is then unusable)
     * @throws IllegalArgumentException if {@code firstSequence} is not the next sequence number or {@code records}
     *     is empty
     * @throws LedgerClosedException if the store was closed
     */
    CompletableFuture<Void> append(long firstSequence, List<byte[]> records);

    /**
     * Streams the records {@code fromSequence..toSequence} (inclusive) in order to {@code consumer}; records appended
     * but not yet durable are included.
     *
     * @param fromSequence the first sequence number, at least 1
     * @param toSequence the last sequence number, at most {@link #lastSequence()}
     * @param consumer receives each sequence number and record; the array must not be modified
     * @throws IllegalArgumentException if the range is empty or outside the store
     */
    void read(long fromSequence, long toSequence, RecordConsumer consumer);

    /**
     * Replaces the stored bytes of record {@code sequence} with {@code record}, a redacted form of the same length,
     * and makes the change durable before returning. The ledger calls it to erase a sensitive metadata value after it
     * durably recorded the redaction; the record's canonical bytes (its hash) are the same in both forms, which the
     * ledger guarantees. A crash during the call leaves either form, never a mix that fails to read. Calling it again
     * with the same bytes changes nothing.
     *
     * <p><b>Security:</b> after it returns, the old bytes must not be readable from the store any more: not through
     * {@link #read}, and, as far as the storage allows, not from its files. Implementations document what remains
     * (e.g. PostgreSQL keeps dead row versions until {@code VACUUM}).
     *
     * @param sequence the record, from 1 to {@link #lastSequence()}; must already be durable
     * @param record the new stored bytes; the store keeps its own copy
     * @throws IllegalArgumentException if {@code sequence} is out of range or {@code record} has a different length than
     *     the stored record
     * @throws LedgerClosedException if the store was closed
     */
    void redact(long sequence, byte[] record);

    /**
     * Durably stores a snapshot of derived state (balances, holds, index) as of {@code sequence}, replacing older ones.
     *
     * @param sequence the last record the snapshot includes; must already be durable
     * @param state the encoded snapshot; opaque to the store
     */
    void saveSnapshot(long sequence, byte[] state);

    /**
     * Returns the newest snapshot, if any.
     *
     * @return the snapshot, or empty if none was saved
     */
    Optional<Snapshot> latestSnapshot();

    /** Makes every appended record durable, then releases files and locks. Idempotent. */
    @Override
    void close();

    /** Receives records from {@link #read}. */
    @FunctionalInterface
    interface RecordConsumer {
        /**
         * Accepts one record.
         *
         * @param sequence its sequence number
         * @param record its encoded bytes
         */
        void accept(long sequence, byte[] record);
    }

    /**
     * A snapshot of derived state as stored.
     *
     * @param sequence the last record the snapshot includes
     * @param state the encoded state
     */
    record Snapshot(long sequence, byte[] state) {}
}
