package io.cardkey.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A volume bracket table (阶梯): the commission rate depends on the earning distributor's sales volume in the
 * current {@linkplain SalesPeriod period}. Brackets are half-open intervals {@code [from, to)}: a volume equal to a
 * bracket's upper bound already belongs to the next bracket. The table covers every volume from zero upwards
 * exactly once, with no gaps and no overlaps; the last bracket is open-ended. This is checked by {@link
 * Builder#build()}.
 *
 * <pre>{@code
 * VolumeBrackets table = VolumeBrackets.builder(CNY)
 *         .bracket(Money.parse("0", CNY), Money.parse("10000", CNY), Rate.of("3%"))
 *         .bracket(Money.parse("10000", CNY), Money.parse("50000", CNY), Rate.of("4%"))
 *         .bracketFrom(Money.parse("50000", CNY), Rate.of("5%"))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; equal when they have the same brackets and rates.
 */
public final class VolumeBrackets {
    private final Currency currency;
    private final long[] from;
    private final Rate[] rates;

    private VolumeBrackets(Currency currency, long[] from, Rate[] rates) {
        this.currency = currency;
        this.from = from;
        this.rates = rates;
    }

    /**
     * Starts a table whose volumes are in {@code currency}.
     *
     * @param currency the currency of the bounds
     * @return a new builder
     */
    public static Builder builder(Currency currency) {
        return new Builder(Money.zero(currency).currency());
    }

    /**
     * Returns the rate of the bracket that contains {@code volume}.
     *
     * @param volume a volume, not negative
     * @return the rate
     * @throws IllegalArgumentException if the volume is negative
     * @throws CurrencyMismatchException if the volume is in another currency
     */
    public Rate rateFor(Money volume) {
        Objects.requireNonNull(volume, "volume");
        if (!volume.currency().equals(currency)) {
            throw new CurrencyMismatchException(currency, volume.currency());
        }
        if (volume.isNegative()) {
            throw new IllegalArgumentException("volume was " + volume + "; must not be negative");
        }
        long v = volume.minorUnits();
        int i = from.length - 1;
        while (from[i] > v) {
            i--;
        }
        return rates[i];
    }

    /**
     * Returns the currency of the bounds.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    Rate maxRate() {
        Rate max = Rate.ZERO;
        for (Rate r : rates) {
            max = r.isGreaterThan(max) ? r : max;
        }
        return max;
    }

    Rate minRate() {
        Rate min = rates[0];
        for (Rate r : rates) {
            min = min.isGreaterThan(r) ? r : min;
        }
        return min;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof VolumeBrackets)) {
            return false;
        }
        VolumeBrackets b = (VolumeBrackets) obj;
        return currency.equals(b.currency) && Arrays.equals(from, b.from) && Arrays.equals(rates, b.rates);
    }

    @Override
    public int hashCode() {
        return currency.hashCode() * 31 + Arrays.hashCode(from) * 17 + Arrays.hashCode(rates);
    }

    /** Returns the brackets, like {@code "VolumeBrackets[[0, 10000.00): 3%, [10000.00, ∞): 5%]"}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("VolumeBrackets[");
        for (int i = 0; i < from.length; i++) {
            out.append(i == 0 ? "[" : ", [")
                    .append(Money.ofMinor(from[i], currency).toBigDecimal().toPlainString())
                    .append(", ")
                    .append(
                            i + 1 < from.length
                                    ? Money.ofMinor(from[i + 1], currency)
                                            .toBigDecimal()
                                            .toPlainString()
                                    : "∞")
                    .append("): ")
                    .append(rates[i]);
        }
        return out.append(']').toString();
    }

    /** Collects the brackets of a {@link VolumeBrackets} table. Not thread-safe. */
    public static final class Builder {
        private final Currency currency;
        private final List<Bracket> brackets = new ArrayList<>();

        private record Bracket(Money from, Money to, Rate rate) {}

        private Builder(Currency currency) {
            this.currency = currency;
        }

        /**
         * Adds the bracket {@code [fromInclusive, toExclusive)}.
         *
         * @param fromInclusive the lowest volume in the bracket, not negative
         * @param toExclusive the lowest volume above the bracket, greater than {@code fromInclusive}
         * @param rate the rate for volumes in the bracket, at most 100 %
         * @return this builder
         * @throws IllegalArgumentException if a bound is negative, the bracket is empty or the rate is above 100 %
         * @throws CurrencyMismatchException if a bound is in another currency
         */
        public Builder bracket(Money fromInclusive, Money toExclusive, Rate rate) {
            Money lo = bound(fromInclusive, "fromInclusive");
            Money hi = bound(toExclusive, "toExclusive");
            if (!hi.isGreaterThan(lo)) {
                throw new IllegalArgumentException("toExclusive was " + hi + "; must be greater than fromInclusive "
                        + lo + " (brackets are half-open [from, to))");
            }
            brackets.add(new Bracket(lo, hi, checked(rate)));
            return this;
        }

        /**
         * Adds the open-ended bracket {@code [fromInclusive, ∞)}; a table has exactly one, the highest.
         *
         * @param fromInclusive the lowest volume in the bracket, not negative
         * @param rate the rate for volumes in the bracket, at most 100 %
         * @return this builder
         * @throws IllegalArgumentException if the bound is negative or the rate is above 100 %
         * @throws CurrencyMismatchException if the bound is in another currency
         */
        public Builder bracketFrom(Money fromInclusive, Rate rate) {
            brackets.add(new Bracket(bound(fromInclusive, "fromInclusive"), null, checked(rate)));
            return this;
        }

        /**
         * Checks that the brackets cover every volume from zero exactly once and returns the table.
         *
         * @return the immutable table
         * @throws BracketTableException if the table is empty, does not start at zero, has a gap or an overlap, or
         *     does not end with exactly one open-ended bracket
         */
        public VolumeBrackets build() {
            if (brackets.isEmpty()) {
                throw new BracketTableException(
                        "bracket table was empty; must cover every volume from 0",
                        BracketTableException.Problem.EMPTY,
                        null);
            }
            List<Bracket> sorted = new ArrayList<>(brackets);
            sorted.sort(Comparator.comparing(Bracket::from));
            if (!sorted.get(0).from().isZero()) {
                throw new BracketTableException(
                        "lowest bracket starts at " + sorted.get(0).from() + "; must start at 0",
                        BracketTableException.Problem.NOT_FROM_ZERO,
                        sorted.get(0).from());
            }
            long[] from = new long[sorted.size()];
            Rate[] rates = new Rate[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                Bracket b = sorted.get(i);
                from[i] = b.from().minorUnits();
                rates[i] = b.rate();
                if (i == sorted.size() - 1) {
                    if (b.to() != null) {
                        throw new BracketTableException(
                                "highest bracket ends at " + b.to() + "; the highest bracket must be open-ended",
                                BracketTableException.Problem.NOT_OPEN_ENDED,
                                b.to());
                    }
                    continue;
                }
                Bracket next = sorted.get(i + 1);
                if (b.to() == null) {
                    throw new BracketTableException(
                            "open-ended bracket from " + b.from() + " is followed by a bracket from " + next.from()
                                    + "; only the highest bracket may be open-ended",
                            BracketTableException.Problem.NOT_OPEN_ENDED,
                            b.from());
                }
                int cmp = b.to().compareTo(next.from());
                if (cmp < 0) {
                    throw new BracketTableException(
                            "gap between brackets: volumes from " + b.to() + " to " + next.from() + " have no rate",
                            BracketTableException.Problem.GAP,
                            b.to());
                }
                if (cmp > 0) {
                    throw new BracketTableException(
                            "overlapping brackets: volumes from " + next.from() + " to " + b.to()
                                    + " are in two brackets",
                            BracketTableException.Problem.OVERLAP,
                            next.from());
                }
            }
            return new VolumeBrackets(currency, from, rates);
        }

        private Money bound(Money amount, String name) {
            Objects.requireNonNull(amount, name);
            if (!amount.currency().equals(currency)) {
                throw new CurrencyMismatchException(currency, amount.currency());
            }
            if (amount.isNegative()) {
                throw new IllegalArgumentException(name + " was " + amount + "; must not be negative");
            }
            return amount;
        }

        private static Rate checked(Rate rate) {
            Objects.requireNonNull(rate, "rate");
            if (rate.isGreaterThan(Rate.ONE)) {
                throw new IllegalArgumentException("rate was " + rate + "; must be at most 100%");
            }
            return rate;
        }
    }
}
