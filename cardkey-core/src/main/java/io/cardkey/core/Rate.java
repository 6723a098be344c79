package io.cardkey.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A non-negative exact ratio, such as a commission rate: 5 %, 250 basis points or one third. Stored as a reduced
 * fraction of two {@code long}s, never as binary floating point, so {@code 1/3} stays exactly one third.
 *
 * <p>A rate never multiplies money directly (that would have to round); amounts are split by rates with {@link
 * Money#allocate(Rate...)}, which adds up exactly.
 *
 * <p>Instances are immutable and thread-safe. {@code equals} compares the value: {@code 5%}, {@code 500 bp} and
 * {@code 1/20} are equal.
 */
public final class Rate implements Comparable<Rate> {
    /** The rate 0. */
    public static final Rate ZERO = new Rate(0, 1);

    /** The rate 1 (100 %). */
    public static final Rate ONE = new Rate(1, 1);

    private static final long BASIS_POINTS = 10_000;
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,6}))?%");
    private static final Pattern DECIMAL = Pattern.compile("(\\d{1,6})(?:\\.(\\d{1,12}))?");
    private static final Pattern FRACTION = Pattern.compile("(\\d{1,18})/(\\d{1,18})");

    private final long numerator;
    private final long denominator;

    private Rate(long numerator, long denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /**
     * Returns the rate {@code numerator / denominator}, reduced.
     *
     * @param numerator at least 0
     * @param denominator at least 1
     * @return the rate
     * @throws IllegalArgumentException if the numerator is negative or the denominator is not positive
     */
    public static Rate ofFraction(long numerator, long denominator) {
        if (numerator < 0) {
            throw new IllegalArgumentException("numerator was " + numerator + "; must be >= 0");
        }
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator was " + denominator + "; must be >= 1");
        }
        long gcd = gcd(numerator, denominator);
        return new Rate(numerator / gcd, denominator / gcd);
    }

    /**
     * Returns the rate of {@code basisPoints} hundredths of a percent: {@code ofBasisPoints(500)} is 5 %.
     *
     * @param basisPoints at least 0
     * @return the rate
     * @throws IllegalArgumentException if {@code basisPoints} is negative
     */
    public static Rate ofBasisPoints(long basisPoints) {
        if (basisPoints < 0) {
            throw new IllegalArgumentException("basisPoints was " + basisPoints + "; must be >= 0");
        }
        return ofFraction(basisPoints, BASIS_POINTS);
    }

    /**
     * Parses a rate written as a percentage ({@code "5%"}, {@code "12.5%"}), a decimal fraction ({@code "0.05"}) or
     * an exact fraction ({@code "1/3"}). Parsing is locale-free: the decimal separator is always {@code '.'}. The
     * result of {@link #toString()} parses back to an equal rate.
     *
     * @param text the rate
     * @return the rate
     * @throws IllegalArgumentException if {@code text} is in none of the three forms, or the denominator is 0
     */
    public static Rate of(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = PERCENT.matcher(text);
        if (m.matches()) {
            return fromDecimal(m.group(1), m.group(2), 2);
        }
        m = DECIMAL.matcher(text);
        if (m.matches()) {
            return fromDecimal(m.group(1), m.group(2), 0);
        }
        m = FRACTION.matcher(text);
        if (m.matches()) {
            long denominator = Long.parseLong(m.group(2));
            if (denominator == 0) {
                throw new IllegalArgumentException("rate was \"" + text + "\"; the denominator must not be 0");
            }
            return ofFraction(Long.parseLong(m.group(1)), denominator);
        }
        throw new IllegalArgumentException("rate was \"" + text + "\"; must be a percentage like \"5%\" or \"12.5%\","
                + " a decimal like \"0.05\" or a fraction like \"1/3\"");
    }

    private static Rate fromDecimal(String whole, String fraction, int extraScale) {
        String digits = whole + (fraction == null ? "" : fraction);
        int scale = (fraction == null ? 0 : fraction.length()) + extraScale;
        return ofFraction(Long.parseLong(digits), BigInteger.TEN.pow(scale).longValueExact());
    }

    /**
     * Returns the numerator of the reduced fraction.
     *
     * @return the numerator, at least 0
     */
    public long numerator() {
        return numerator;
    }

    /**
     * Returns the denominator of the reduced fraction.
     *
     * @return the denominator, at least 1
     */
    public long denominator() {
        return denominator;
    }

    /**
     * Returns {@code true} if this rate is 0.
     *
     * @return whether the rate is zero
     */
    public boolean isZero() {
        return numerator == 0;
    }

    /**
     * Returns the exact sum of this rate and {@code other}.
     *
     * @param other the rate to add
     * @return the sum
     * @throws ArithmeticException if the exact sum does not fit two {@code long}s
     */
    public Rate plus(Rate other) {
        Objects.requireNonNull(other, "other");
        long lcm = lcm(denominator, other.denominator);
        long a = Math.multiplyExact(numerator, lcm / denominator);
        long b = Math.multiplyExact(other.numerator, lcm / other.denominator);
        return ofFraction(Math.addExact(a, b), lcm);
    }

    /**
     * Returns the exact difference {@code this - other}.
     *
     * @param other the rate to subtract, at most this rate
     * @return the difference
     * @throws IllegalArgumentException if {@code other} is greater than this rate (rates are never negative)
     * @throws ArithmeticException if the exact result does not fit two {@code long}s
     */
    public Rate minus(Rate other) {
        Objects.requireNonNull(other, "other");
        if (compareTo(other) < 0) {
            throw new IllegalArgumentException(
                    "other was " + other + "; must be at most " + this + " because rates are never negative");
        }
        long lcm = lcm(denominator, other.denominator);
        long a = Math.multiplyExact(numerator, lcm / denominator);
        long b = Math.multiplyExact(other.numerator, lcm / other.denominator);
        return ofFraction(a - b, lcm);
    }

    /**
     * Compares the exact values.
     *
     * @param other the other rate
     * @return negative, zero or positive as this rate is less than, equal to or greater than {@code other}
     */
    @Override
    public int compareTo(Rate other) {
        Objects.requireNonNull(other, "other");
        long left = numerator * other.denominator;
        long right = other.numerator * denominator;
        if (Math.multiplyHigh(numerator, other.denominator) == (left >> 63)
                && Math.multiplyHigh(other.numerator, denominator) == (right >> 63)) {
            return Long.compare(left, right);
        }
        return BigInteger.valueOf(numerator)
                .multiply(BigInteger.valueOf(other.denominator))
                .compareTo(BigInteger.valueOf(other.numerator).multiply(BigInteger.valueOf(denominator)));
    }

    /**
     * Returns {@code true} if this rate is strictly greater than {@code other}.
     *
     * @param other the other rate
     * @return whether this rate is greater
     */
    public boolean isGreaterThan(Rate other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Rate && ((Rate) obj).numerator == numerator && ((Rate) obj).denominator == denominator;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(numerator) * 31 + Long.hashCode(denominator);
    }

    /**
     * Returns the rate as a percentage when it is a whole number of basis points ({@code "5%"}, {@code "2.5%"}),
     * otherwise as a fraction ({@code "1/3"}). The text parses back with {@link #of(String)}.
     *
     * @return the rate as text
     */
    @Override
    public String toString() {
        if (BASIS_POINTS % denominator == 0) {
            BigDecimal basisPoints =
                    BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(BASIS_POINTS / denominator));
            return basisPoints.movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
        }
        return numerator + "/" + denominator;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }

    private static long lcm(long a, long b) {
        return Math.multiplyExact(a / gcd(a, b), b);
    }
}
