package io.cardkey.ledger;

/** Thrown when an amount is zero, negative, or larger than what it may take (e.g. posting more than a hold holds). */
public final class InvalidAmountException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final long amount;

    /**
     * Creates the exception.
     *
     * @param amount the rejected amount
     * @param message what was wrong, naming the rule
     */
    public InvalidAmountException(long amount, String message) {
        super(message);
        this.amount = amount;
    }

    /**
     * Returns the rejected amount.
     *
     * @return the amount in minor units
     */
    public long getAmount() {
        return amount;
    }
}
