package io.cardkey.ledger;

import java.util.Currency;

/** Thrown when a posting moves money between accounts of different currencies. */
public final class CurrencyMismatchException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient AccountId debitAccount;
    private final Currency debitCurrency;
    private final transient AccountId creditAccount;
    private final Currency creditCurrency;

    /**
     * Creates the exception.
     *
     * @param debitAccount the account debited
     * @param debitCurrency its currency
     * @param creditAccount the account credited
     * @param creditCurrency its currency
     */
    public CurrencyMismatchException(
            AccountId debitAccount, Currency debitCurrency, AccountId creditAccount, Currency creditCurrency) {
        super("posting from " + debitAccount + " (" + debitCurrency.getCurrencyCode() + ") to " + creditAccount + " ("
                + creditCurrency.getCurrencyCode() + ") mixes currencies; both accounts must have the same currency");
        this.debitAccount = debitAccount;
        this.debitCurrency = debitCurrency;
        this.creditAccount = creditAccount;
        this.creditCurrency = creditCurrency;
    }

    /**
     * Returns the account debited.
     *
     * @return the account
     */
    public AccountId getDebitAccount() {
        return debitAccount;
    }

    /**
     * Returns the currency of the account debited.
     *
     * @return the currency
     */
    public Currency getDebitCurrency() {
        return debitCurrency;
    }

    /**
     * Returns the account credited.
     *
     * @return the account
     */
    public AccountId getCreditAccount() {
        return creditAccount;
    }

    /**
     * Returns the currency of the account credited.
     *
     * @return the currency
     */
    public Currency getCreditCurrency() {
        return creditCurrency;
    }
}
