package io.cardkey.ledger;

import java.util.Currency;
import java.util.Objects;

/**
 * A ledger account: an id, the currency every posting to it is in, and the constraint its balance must satisfy.
 *
 * <p>Accounts are opened with {@link Ledger#openAccount} and never change afterwards. Immutable and thread-safe.
 */
public final class Account {
    private final AccountId id;
    private final Currency currency;
    private final AccountConstraint constraint;

    private Account(AccountId id, Currency currency, AccountConstraint constraint) {
        this.id = id;
        this.currency = currency;
        this.constraint = constraint;
    }

    /**
     * Returns an account without a constraint.
     *
     * @param id the account id
     * @param currency the currency of every posting to the account
     * @return the account
     * @throws NullPointerException if an argument is null
     */
    public static Account of(AccountId id, Currency currency) {
        return of(id, currency, AccountConstraint.NONE);
    }

    /**
     * Returns an account.
     *
     * @param id the account id
     * @param currency the currency of every posting to the account
     * @param constraint the rule its balance must satisfy
     * @return the account
     * @throws NullPointerException if an argument is null
     */
    public static Account of(AccountId id, Currency currency, AccountConstraint constraint) {
        return new Account(
                Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(currency, "currency"),
                Objects.requireNonNull(constraint, "constraint"));
    }

    /**
     * Returns an account with an ISO 4217 currency code.
     *
     * @param id the account id, see {@link AccountId#of}
     * @param currencyCode an ISO 4217 code such as {@code "CNY"}
     * @param constraint the rule its balance must satisfy
     * @return the account
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the id or the currency code is not valid
     */
    public static Account of(String id, String currencyCode, AccountConstraint constraint) {
        Objects.requireNonNull(currencyCode, "currencyCode");
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "currency code was '" + currencyCode + "'; must be an ISO 4217 code such as CNY", e);
        }
        return of(AccountId.of(id), currency, constraint);
    }

    /**
     * Returns the id.
     *
     * @return the id
     */
    public AccountId id() {
        return id;
    }

    /**
     * Returns the currency of every posting to this account.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    /**
     * Returns the rule the balance must satisfy.
     *
     * @return the constraint, {@link AccountConstraint#NONE} if none
     */
    public AccountConstraint constraint() {
        return constraint;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Account)) {
            return false;
        }
        Account other = (Account) o;
        return id.equals(other.id) && currency.equals(other.currency) && constraint == other.constraint;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, currency, constraint);
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + currency.getCurrencyCode() + ", " + constraint + "]";
    }
}
