package io.cardkey.ledger;

import java.util.Objects;

/**
 * One line of a transaction: {@code amount} minor units move from {@code debit} to {@code credit}. Because every
 * posting debits one account and credits another by the same amount, a transaction always balances.
 *
 * <p>Both accounts must have the same currency (checked when the transaction is appended). Immutable and
 * thread-safe.
 */
public final class Posting {
    private final AccountId debit;
    private final AccountId credit;
    private final long amount;

    private Posting(AccountId debit, AccountId credit, long amount) {
        this.debit = debit;
        this.credit = credit;
        this.amount = amount;
    }

    /**
     * Returns a posting.
     *
     * @param debit the account debited
     * @param credit the account credited; must differ from {@code debit}
     * @param amount the amount in minor units of the accounts' currency; must be positive
     * @return the posting
     * @throws NullPointerException if an account is null
     * @throws InvalidAmountException if {@code amount} is zero or negative
     * @throws SameAccountPostingException if {@code debit} equals {@code credit}
     */
    public static Posting of(AccountId debit, AccountId credit, long amount) {
        Objects.requireNonNull(debit, "debit");
        Objects.requireNonNull(credit, "credit");
        if (amount <= 0) {
            throw new InvalidAmountException(
                    amount, "posting amount was " + amount + "; must be at least 1 minor unit");
        }
        if (debit.equals(credit)) {
            throw new SameAccountPostingException(debit);
        }
        return new Posting(debit, credit, amount);
    }

    /**
     * Returns the account debited.
     *
     * @return the debit account
     */
    public AccountId debit() {
        return debit;
    }

    /**
     * Returns the account credited.
     *
     * @return the credit account
     */
    public AccountId credit() {
        return credit;
    }

    /**
     * Returns the amount in minor units.
     *
     * @return the amount, positive
     */
    public long amount() {
        return amount;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Posting)) {
            return false;
        }
        Posting other = (Posting) o;
        return amount == other.amount && debit.equals(other.debit) && credit.equals(other.credit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(debit, credit, amount);
    }

    @Override
    public String toString() {
        return "Posting[" + debit + " -> " + credit + ": " + amount + "]";
    }
}
