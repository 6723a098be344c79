package io.cardkey.ledger;

/** Thrown when a hold id names no hold. */
public final class UnknownHoldException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final String holdId;

    /**
     * Creates the exception.
     *
     * @param holdId the unknown id
     */
    public UnknownHoldException(String holdId) {
        super("no hold has id " + holdId);
        this.holdId = holdId;
    }

    /**
     * Returns the unknown id.
     *
     * @return the id
     */
    public String getHoldId() {
        return holdId;
    }
}
