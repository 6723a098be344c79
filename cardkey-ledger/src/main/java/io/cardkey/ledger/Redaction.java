package io.cardkey.ledger;

import java.util.Objects;

/**
 * What a {@link RecordKind#REDACTED} record says: that the value of a sensitive metadata entry was erased, on whose
 * request and why. The record's timestamp says when. It never holds the value; it holds the salted hash of the entry,
 * which the transaction's record still commits to. Immutable and thread-safe.
 *
 * @param transactionId the id of the transaction, hold or rejected transaction whose entry was erased
 * @param transactionSequence the sequence number of that transaction's record
 * @param key the metadata key of the erased entry
 * @param requestedBy who asked for the erasure, as the host named them
 * @param reason why, as the host gave it (e.g. "GDPR art. 17 request #4711")
 */
public record Redaction(String transactionId, long transactionSequence, String key, String requestedBy, String reason) {
    /** The longest {@link #requestedBy()}, in UTF-8 bytes. */
    public static final int MAX_REQUESTED_BY_BYTES = 128;
    /** The longest {@link #reason()}, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 256;

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code transactionSequence} is not positive
     */
    public Redaction {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        if (transactionSequence < 1) {
            throw new IllegalArgumentException(
                    "transactionSequence was " + transactionSequence + "; must be at least 1");
        }
    }
}
