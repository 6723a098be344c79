package io.cardkey.ledger;

/** Thrown when a posting would debit and credit the same account, which moves nothing and is always a mistake. */
public final class SameAccountPostingException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient AccountId account;

    /**
     * Creates the exception.
     *
     * @param account the account named on both sides
     */
    public SameAccountPostingException(AccountId account) {
        super("posting debits and credits the same account " + account
                + "; a posting must move money between two accounts");
        this.account = account;
    }

    /**
     * Returns the account named on both sides.
     *
     * @return the account
     */
    public AccountId getAccount() {
        return account;
    }
}
