package io.cardkey.ledger;

/**
 * Thrown when a transaction reuses the id of an earlier one with different content. Nothing is appended; the earlier
 * transaction stands.
 */
public final class IdempotencyConflictException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final String transactionId;
    private final String field;
    private final long originalSequence;

    /**
     * Creates the exception.
     *
     * @param transactionId the reused id
     * @param field the first field that differs ({@code "type"}, {@code "postings"}, {@code "metadata"}, {@code
     *     "payload"}, {@code "kind"} or {@code "timeout"})
     * @param originalSequence the sequence number of the record that holds the original
     */
    public IdempotencyConflictException(String transactionId, String field, long originalSequence) {
        super("transaction id " + transactionId + " was already used at sequence " + originalSequence
                + " with a different " + field + "; use a new id for a different transaction");
        this.transactionId = transactionId;
        this.field = field;
        this.originalSequence = originalSequence;
    }

    /**
     * Returns the reused id.
     *
     * @return the id
     */
    public String getTransactionId() {
        return transactionId;
    }

    /**
     * Returns the first field that differs.
     *
     * @return the field name
     */
    public String getField() {
        return field;
    }

    /**
     * Returns the sequence number of the original record.
     *
     * @return the sequence number
     */
    public long getOriginalSequence() {
        return originalSequence;
    }
}
