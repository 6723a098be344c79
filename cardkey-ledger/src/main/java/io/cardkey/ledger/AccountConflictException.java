package io.cardkey.ledger;

/** Thrown when an account is opened again with a different currency or constraint. */
public final class AccountConflictException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient Account existing;

    /**
     * Creates the exception.
     *
     * @param existing the account as it was opened
     * @param requested the account as requested now
     */
    public AccountConflictException(Account existing, Account requested) {
        super("account " + existing.id() + " is already open as " + existing + "; cannot open it again as "
                + requested);
        this.existing = existing;
    }

    /**
     * Returns the account as it was opened.
     *
     * @return the existing account
     */
    public Account getExisting() {
        return existing;
    }
}
