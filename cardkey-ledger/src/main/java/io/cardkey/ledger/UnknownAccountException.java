package io.cardkey.ledger;

/** Thrown when a transaction, hold or read names an account that was never opened. */
public final class UnknownAccountException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient AccountId account;

    /**
     * Creates the exception.
     *
     * @param account the unknown account
     */
    public UnknownAccountException(AccountId account) {
        super("account " + account + " was never opened; open it with Ledger.openAccount first");
        this.account = account;
    }

    /**
     * Returns the unknown account.
     *
     * @return the account id
     */
    public AccountId getAccount() {
        return account;
    }
}
