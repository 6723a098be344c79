package io.cardkey.ledger;

/** Thrown when a hold that was already posted, voided or expired is resolved again. A hold resolves at most once. */
public final class HoldResolvedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final String holdId;
    private final HoldState state;

    /**
     * Creates the exception.
     *
     * @param holdId the hold
     * @param state how it was resolved
     */
    public HoldResolvedException(String holdId, HoldState state) {
        super("hold " + holdId + " is already " + state + "; a hold resolves at most once");
        this.holdId = holdId;
        this.state = state;
    }

    /**
     * Returns the hold id.
     *
     * @return the id
     */
    public String getHoldId() {
        return holdId;
    }

    /**
     * Returns how the hold was resolved.
     *
     * @return the state, never {@link HoldState#PENDING}
     */
    public HoldState getState() {
        return state;
    }
}
