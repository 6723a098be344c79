package io.cardkey.ledger;

import java.util.Currency;
import java.util.Objects;

/**
 * The totals of one account at one point of the ledger, in minor units of its currency. Immutable and thread-safe.
 *
 * @param account the account
 * @param currency its currency
 * @param asOfSequence the last record included
 * @param debitsPosted the sum of posted debits
 * @param creditsPosted the sum of posted credits
 * @param debitsPending the sum of debits held by pending holds
 * @param creditsPending the sum of credits held by pending holds
 */
public record Balance(
        AccountId account,
        Currency currency,
        long asOfSequence,
        long debitsPosted,
        long creditsPosted,
        long debitsPending,
        long creditsPending) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a total or the sequence is negative
     */
    public Balance {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(currency, "currency");
        if (asOfSequence < 0 || debitsPosted < 0 || creditsPosted < 0 || debitsPending < 0 || creditsPending < 0) {
            throw new IllegalArgumentException("balance totals and sequence must not be negative: " + asOfSequence
                    + ", " + debitsPosted + ", " + creditsPosted + ", " + debitsPending + ", " + creditsPending);
        }
    }

    /**
     * Returns posted credits minus posted debits: what a wallet holds.
     *
     * @return the net credit balance, negative if debits exceed credits
     * @throws ArithmeticException if the difference overflows a long
     */
    public long netCredit() {
        return Math.subtractExact(creditsPosted, debitsPosted);
    }

    /**
     * Returns posted credits minus posted and pending debits: what a wallet could still spend.
     *
     * @return the available credit, negative if debits exceed credits
     * @throws ArithmeticException if the difference overflows a long
     */
    public long availableCredit() {
        return Math.subtractExact(creditsPosted, Math.addExact(debitsPosted, debitsPending));
    }
}
