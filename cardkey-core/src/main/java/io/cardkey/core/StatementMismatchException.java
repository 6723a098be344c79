package io.cardkey.core;

import io.cardkey.ledger.AccountId;
import java.util.Objects;

/**
 * Thrown when a statement's balance does not reconcile with the ledger: the movements {@link Earnings} recorded
 * do not add up to what the ledger holds for the account, so something else posted to it or a record is missing.
 * No statement is returned.
 */
public final class StatementMismatchException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String account;
    private final long ledgerSequence;
    private final transient Money expected;
    private final transient Money actual;

    StatementMismatchException(AccountId account, long ledgerSequence, Money expected, Money actual) {
        super("account " + account + " as of ledger record " + ledgerSequence + " holds " + actual
                + " but the recorded movements add up to " + expected);
        this.account = Objects.requireNonNull(account, "account").value();
        this.ledgerSequence = ledgerSequence;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * Returns the account that did not reconcile.
     *
     * @return the account
     */
    public AccountId getAccount() {
        return AccountId.of(account);
    }

    /**
     * Returns the ledger sequence number the balance was read at.
     *
     * @return the sequence number
     */
    public long getLedgerSequence() {
        return ledgerSequence;
    }

    /**
     * Returns the balance the recorded movements add up to.
     *
     * @return the expected balance
     */
    public Money getExpected() {
        return expected;
    }

    /**
     * Returns the balance the ledger holds.
     *
     * @return the actual balance
     */
    public Money getActual() {
        return actual;
    }
}
