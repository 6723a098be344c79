package io.cardkey.core;

import java.util.Currency;
import java.util.Objects;

/**
 * Thrown when two amounts in different currencies are combined or compared, or when a configuration mixes
 * currencies (a price list in CNY with a commission cap in USD). CardKey never converts currencies.
 */
public final class CurrencyMismatchException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    /**
     * Creates the exception.
     *
     * @param expected the currency the operation works in
     * @param actual the currency that was offered instead
     */
    public CurrencyMismatchException(Currency expected, Currency actual) {
        super("currency was " + actual + "; must be " + expected + " (amounts in different currencies never mix)");
        this.expected = Objects.requireNonNull(expected, "expected").getCurrencyCode();
        this.actual = Objects.requireNonNull(actual, "actual").getCurrencyCode();
    }

    /**
     * Returns the currency the operation works in.
     *
     * @return the expected currency
     */
    public Currency getExpected() {
        return Currency.getInstance(expected);
    }

    /**
     * Returns the currency that was offered instead.
     *
     * @return the offending currency
     */
    public Currency getActual() {
        return Currency.getInstance(actual);
    }
}
