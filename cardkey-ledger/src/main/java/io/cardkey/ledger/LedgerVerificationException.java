package io.cardkey.ledger;

/**
 * Thrown when the stored records fail verification: a hash that does not match, a broken chain link, a record out
 * of place, or a record that breaks a ledger rule. Names the first bad record.
 */
public final class LedgerVerificationException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final long sequence;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param sequence the sequence number of the first bad record
     * @param reason what is wrong with it
     */
    public LedgerVerificationException(long sequence, String reason) {
        super("ledger record " + sequence + " fails verification: " + reason);
        this.sequence = sequence;
        this.reason = reason;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param sequence the sequence number of the first bad record
     * @param reason what is wrong with it
     * @param cause the underlying failure
     */
    public LedgerVerificationException(long sequence, String reason, Throwable cause) {
        super("ledger record " + sequence + " fails verification: " + reason, cause);
        this.sequence = sequence;
        this.reason = reason;
    }

    /**
     * Returns the sequence number of the first bad record.
     *
     * @return the sequence number
     */
    public long getSequence() {
        return sequence;
    }

    /**
     * Returns what is wrong with the record.
     *
     * @return the reason
     */
    public String getReason() {
        return reason;
    }
}
