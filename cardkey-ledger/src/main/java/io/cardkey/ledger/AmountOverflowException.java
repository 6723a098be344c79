package io.cardkey.ledger;

/** Thrown when a posting would make an account's debit or credit total exceed {@link Long#MAX_VALUE}. */
public final class AmountOverflowException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final String transactionId;
    private final transient AccountId account;

    /**
     * Creates the exception.
     *
     * @param transactionId the rejected transaction
     * @param account the account whose total would overflow
     */
    public AmountOverflowException(String transactionId, AccountId account) {
        super("transaction " + transactionId + " would overflow the totals of account " + account
                + " beyond Long.MAX_VALUE minor units");
        this.transactionId = transactionId;
        this.account = account;
    }

    /**
     * Returns the id of the rejected transaction.
     *
     * @return the id
     */
    public String getTransactionId() {
        return transactionId;
    }

    /**
     * Returns the account whose total would overflow.
     *
     * @return the account
     */
    public AccountId getAccount() {
        return account;
    }
}
