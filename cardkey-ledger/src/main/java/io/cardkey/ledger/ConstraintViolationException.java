package io.cardkey.ledger;

/**
 * Thrown when a transaction or hold would break an account's {@link AccountConstraint}. The transaction id stays
 * burned: appending it again gives this same exception.
 */
public final class ConstraintViolationException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final String transactionId;
    private final transient AccountId account;
    private final AccountConstraint constraint;
    private final long shortfall;

    /**
     * Creates the exception.
     *
     * @param transactionId the transaction (or hold) rejected
     * @param account the account whose constraint would break
     * @param constraint the constraint
     * @param shortfall how many minor units are missing for the transaction to pass
     */
    public ConstraintViolationException(
            String transactionId, AccountId account, AccountConstraint constraint, long shortfall) {
        super("transaction " + transactionId + " would break " + constraint + " on account " + account + ": short by "
                + shortfall + " minor units");
        this.transactionId = transactionId;
        this.account = account;
        this.constraint = constraint;
        this.shortfall = shortfall;
    }

    /**
     * Returns the id of the rejected transaction or hold.
     *
     * @return the id
     */
    public String getTransactionId() {
        return transactionId;
    }

    /**
     * Returns the account whose constraint would break.
     *
     * @return the account
     */
    public AccountId getAccount() {
        return account;
    }

    /**
     * Returns the constraint that would break.
     *
     * @return the constraint
     */
    public AccountConstraint getConstraint() {
        return constraint;
    }

    /**
     * Returns how many minor units are missing.
     *
     * @return the shortfall, positive
     */
    public long getShortfall() {
        return shortfall;
    }
}
