package io.cardkey.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of appending a transaction, placing or resolving a hold: where its record sits in the ledger. An
 * idempotent retry returns a result equal to the original one. Immutable and thread-safe.
 *
 * @param id the transaction or hold id
 * @param sequence the sequence number of the record
 * @param timestamp the record's timestamp, by the ledger's clock
 */
public record AppendResult(String id, long sequence, Instant timestamp) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code sequence} is not positive
     */
    public AppendResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence was " + sequence + "; must be at least 1");
        }
    }
}
