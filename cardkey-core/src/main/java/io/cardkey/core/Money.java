package io.cardkey.core;

import io.cardkey.core.internal.Allocation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of money: a {@code long} count of the currency's minor units (fen, cents; whole yen for JPY) and a
 * {@link Currency}.
 *
 * <p>Arithmetic is exact. Nothing here rounds silently: a decimal with more places than the currency has is
 * rejected, sums and products that overflow a {@code long} throw {@link ArithmeticException}, and amounts are
 * split only by {@link #allocate(long...)}, which adds up to the whole exactly. There is no binary floating point
 * in this class. Text is parsed and formatted without a {@link java.util.Locale}: the decimal separator is always {@code
 * '.'}.
 *
 * <p>Instances are immutable and thread-safe. {@code equals} compares currency and minor units, so {@code CNY
 * 9.5} and {@code CNY 9.50} are the same amount. Amounts may be negative (a refund, a debt); operations that need
 * a non-negative amount say so.
 */
public final class Money implements Comparable<Money> {
    private static final Pattern AMOUNT = Pattern.compile("(-?)(\\d{1,40})(?:\\.(\\d{1,40}))?");
    private static final Pattern WITH_CURRENCY = Pattern.compile("([A-Z]{3}) (.+)");

    private final long minor;
    private final Currency currency;

    private Money(long minor, Currency currency) {
        this.minor = minor;
        this.currency = currency;
    }

    /**
     * Returns an amount in minor units: {@code ofMinor(950, CNY)} is CNY 9.50.
     *
     * @param minorUnits the amount in the currency's minor units
     * @param currency a currency with a defined number of decimal places
     * @return the amount
     * @throws IllegalArgumentException if the currency has no defined number of decimal places (such as XAU)
     */
    public static Money ofMinor(long minorUnits, Currency currency) {
        return new Money(minorUnits, checked(currency));
    }

    /**
     * Returns an amount of whole major units: {@code ofMajor(10, CNY)} is CNY 10.00.
     *
     * @param majorUnits the amount in whole units
     * @param currency a currency with a defined number of decimal places
     * @return the amount
     * @throws ArithmeticException if the amount in minor units does not fit a {@code long}
     * @throws IllegalArgumentException if the currency has no defined number of decimal places
     */
    public static Money ofMajor(long majorUnits, Currency currency) {
        Currency c = checked(currency);
        long factor =
                BigDecimal.ONE.movePointRight(c.getDefaultFractionDigits()).longValueExact();
        return new Money(Math.multiplyExact(majorUnits, factor), c);
    }

    /**
     * Returns the exact amount {@code amount}; never rounds.
     *
     * @param amount the amount in major units, e.g. {@code new BigDecimal("9.50")}
     * @param currency a currency with a defined number of decimal places
     * @return the amount
     * @throws ArithmeticException if {@code amount} has more non-zero decimal places than the currency allows, or
     *     does not fit a {@code long} of minor units
     * @throws IllegalArgumentException if the currency has no defined number of decimal places
     */
    public static Money of(BigDecimal amount, Currency currency) {
        Objects.requireNonNull(amount, "amount");
        Currency c = checked(currency);
        BigDecimal scaled = amount.movePointRight(c.getDefaultFractionDigits());
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw new ArithmeticException("amount was " + amount.toPlainString() + "; " + c + " has "
                    + c.getDefaultFractionDigits() + " decimal places and money is never rounded silently");
        }
        return new Money(scaled.longValueExact(), c);
    }

    /**
     * Returns zero in {@code currency}.
     *
     * @param currency a currency with a defined number of decimal places
     * @return the zero amount
     * @throws IllegalArgumentException if the currency has no defined number of decimal places
     */
    public static Money zero(Currency currency) {
        return new Money(0, checked(currency));
    }

    /**
     * Parses an amount without its currency, such as {@code "9.50"}, {@code "9.5"}, {@code "10"} or {@code
     * "-0.01"}. Locale-free: digits {@code 0-9} only, {@code '.'} as the decimal separator, no grouping.
     *
     * @param text the amount
     * @param currency the currency of the amount
     * @return the amount
     * @throws IllegalArgumentException if the text is not an amount, has more decimal places than the currency, or
     *     does not fit a {@code long} of minor units
     */
    public static Money parse(CharSequence text, Currency currency) {
        Objects.requireNonNull(text, "text");
        Currency c = checked(currency);
        Matcher m = AMOUNT.matcher(text);
        int digits = c.getDefaultFractionDigits();
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "amount was \"" + text + "\"; must be digits with an optional '.' and fraction, like \"9.50\"");
        }
        String fraction = m.group(3) == null ? "" : m.group(3);
        if (fraction.length() > digits) {
            throw new IllegalArgumentException("amount was \"" + text + "\"; " + c + " allows at most " + digits
                    + " decimal places and money is never rounded silently");
        }
        try {
            return of(new BigDecimal(m.group(1) + m.group(2) + (fraction.isEmpty() ? "" : "." + fraction)), c);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException(
                    "amount was \"" + text + "\"; must fit a long of minor units of " + c, overflow);
        }
    }

    /**
     * Parses the form written by {@link #toString()}: an ISO 4217 code, one space, the amount ({@code "CNY
     * 9.50"}).
     *
     * @param text the amount with its currency
     * @return the amount
     * @throws IllegalArgumentException if the text is not in that form, names an unknown currency, or the amount
     *     is rejected by {@link #parse(CharSequence, Currency)}
     */
    public static Money parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        Matcher m = WITH_CURRENCY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "money was \"" + text + "\"; must be a currency code, a space and an amount, like \"CNY 9.50\"");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(m.group(1));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException(
                    "money was \"" + text + "\"; " + m.group(1) + " is not an ISO 4217 currency", unknown);
        }
        return parse(m.group(2), currency);
    }

    private static Currency checked(Currency currency) {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException(
                    "currency was " + currency + "; must have a defined number of decimal places");
        }
        return currency;
    }

    /**
     * Returns the currency.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    /**
     * Returns the amount in minor units.
     *
     * @return the amount in minor units
     */
    public long minorUnits() {
        return minor;
    }

    /**
     * Returns the amount in major units, with exactly as many decimal places as the currency.
     *
     * @return the amount, e.g. {@code 9.50}
     */
    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
    }

    /**
     * Returns {@code true} if the amount is zero.
     *
     * @return whether the amount is zero
     */
    public boolean isZero() {
        return minor == 0;
    }

    /**
     * Returns {@code true} if the amount is greater than zero.
     *
     * @return whether the amount is positive
     */
    public boolean isPositive() {
        return minor > 0;
    }

    /**
     * Returns {@code true} if the amount is less than zero.
     *
     * @return whether the amount is negative
     */
    public boolean isNegative() {
        return minor < 0;
    }

    /**
     * Returns {@code this + other}.
     *
     * @param other an amount in the same currency
     * @return the sum
     * @throws CurrencyMismatchException if the currencies differ
     * @throws ArithmeticException if the sum overflows a {@code long}
     */
    public Money plus(Money other) {
        return new Money(Math.addExact(minor, same(other).minor), currency);
    }

    /**
     * Returns {@code this - other}.
     *
     * @param other an amount in the same currency
     * @return the difference
     * @throws CurrencyMismatchException if the currencies differ
     * @throws ArithmeticException if the difference overflows a {@code long}
     */
    public Money minus(Money other) {
        return new Money(Math.subtractExact(minor, same(other).minor), currency);
    }

    /**
     * Returns {@code this * factor}, such as a unit price times a quantity.
     *
     * @param factor the multiplier
     * @return the product
     * @throws ArithmeticException if the product overflows a {@code long}
     */
    public Money multipliedBy(long factor) {
        return new Money(Math.multiplyExact(minor, factor), currency);
    }

    /**
     * Returns {@code -this}.
     *
     * @return the negated amount
     * @throws ArithmeticException if the amount is {@code Long.MIN_VALUE} minor units
     */
    public Money negated() {
        return new Money(Math.negateExact(minor), currency);
    }

    /**
     * Splits this amount in proportion to {@code weights} by largest remainder (Hamilton): the shares add up to
     * this amount exactly, each is within one minor unit of its exact value, and when two parties have the same
     * remainder the earlier one gets the extra unit. A party with weight 0 gets exactly 0. {@code CNY 99.99} split
     * {@code 75, 25} gives {@code CNY 74.99, CNY 25.00}.
     *
     * @param weights non-negative weights, at least one positive
     * @return one share per weight, in the same order; an unmodifiable list
     * @throws IllegalArgumentException if there are no weights, a weight is negative, or all are zero
     */
    public List<Money> allocate(long... weights) {
        return toMoney(Allocation.allocate(
                minor, Objects.requireNonNull(weights, "weights").clone()));
    }

    /**
     * Splits this amount by rates that add up to exactly 100 %, with the same guarantees as {@link
     * #allocate(long...)}. To give parties a percentage each and the rest to one more party, pass that party the
     * rest: {@code allocate(five, two, Rate.ONE.minus(five.plus(two)))}.
     *
     * @param rates rates that add up to exactly {@link Rate#ONE}
     * @return one share per rate, in the same order; an unmodifiable list
     * @throws IllegalArgumentException if there are no rates or they do not add up to exactly 100 %
     * @throws ArithmeticException if the rates' common denominator does not fit a {@code long}
     */
    public List<Money> allocate(Rate... rates) {
        Objects.requireNonNull(rates, "rates");
        if (rates.length == 0) {
            throw new IllegalArgumentException("rates was empty; must hold at least one rate");
        }
        Rate sum = Rate.ZERO;
        for (Rate rate : rates) {
            sum = sum.plus(Objects.requireNonNull(rate, "rate"));
        }
        if (!sum.equals(Rate.ONE)) {
            throw new IllegalArgumentException("rates added up to " + sum + "; must add up to exactly 100%");
        }
        return toMoney(Allocation.allocate(minor, Rates.weights(rates)));
    }

    private List<Money> toMoney(long[] shares) {
        List<Money> result = new ArrayList<>(shares.length);
        for (long share : shares) {
            result.add(new Money(share, currency));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Compares two amounts in the same currency.
     *
     * @param other an amount in the same currency
     * @return negative, zero or positive as this amount is less than, equal to or greater than {@code other}
     * @throws CurrencyMismatchException if the currencies differ
     */
    @Override
    public int compareTo(Money other) {
        return Long.compare(minor, same(other).minor);
    }

    /**
     * Returns {@code true} if this amount is greater than {@code other}.
     *
     * @param other an amount in the same currency
     * @return whether this amount is greater
     * @throws CurrencyMismatchException if the currencies differ
     */
    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    /**
     * Returns {@code true} if this amount is less than {@code other}.
     *
     * @param other an amount in the same currency
     * @return whether this amount is less
     * @throws CurrencyMismatchException if the currencies differ
     */
    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    /**
     * Returns the smaller of this amount and {@code other}.
     *
     * @param other an amount in the same currency
     * @return the smaller amount
     * @throws CurrencyMismatchException if the currencies differ
     */
    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    private Money same(Money other) {
        Objects.requireNonNull(other, "other");
        if (!other.currency.equals(currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
        return other;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Money && ((Money) obj).minor == minor && ((Money) obj).currency.equals(currency);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(minor) * 31 + currency.hashCode();
    }

    /**
     * Returns the currency code, a space and the amount with the currency's decimal places, without grouping and
     * independent of the default locale: {@code "CNY 9.50"}, {@code "JPY -120"}. {@link #parse(CharSequence)}
     * reads it back.
     *
     * @return the amount as text
     */
    @Override
    public String toString() {
        return currency.getCurrencyCode() + " " + toBigDecimal().toPlainString();
    }
}
