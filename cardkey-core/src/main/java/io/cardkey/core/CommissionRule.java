package io.cardkey.core;

import java.util.Objects;
import java.util.Optional;

/**
 * How one level of an {@link UplineChain} earns on a sale; a {@link CommissionPlan} assigns a rule to each paid
 * level. Four kinds:
 *
 * <ul>
 *   <li>{@link #priceDifference()} (差价): the level earns the gap between the price its downline paid (for
 *       level 1, the buyer's price) and its own price for the same quantity (its tier price, quantity break or
 *       override from the {@link PriceList});
 *   <li>{@link #percentOf(CommissionBase, Rate)}: a fixed share of the sale price or of the margin;
 *   <li>{@link #fixedPerUnit(Money)}: a fixed amount per unit sold;
 *   <li>{@link #volumeBrackets(CommissionBase, VolumeBrackets)} (阶梯): a share whose rate depends on the earning
 *       distributor's volume in the current period.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; equal when kind and parameters are equal.
 */
public final class CommissionRule {
    /** The kind of a rule. */
    public enum Kind {
        /** Price difference (差价). */
        PRICE_DIFFERENCE,
        /** A fixed percentage of the sale or the margin. */
        PERCENTAGE,
        /** A fixed amount per unit. */
        FIXED_PER_UNIT,
        /** A percentage chosen by the earner's period volume (阶梯). */
        VOLUME_BRACKETS
    }

    private static final CommissionRule PRICE_DIFFERENCE =
            new CommissionRule(Kind.PRICE_DIFFERENCE, null, null, null, null);

    private final Kind kind;
    private final CommissionBase base;
    private final Rate rate;
    private final Money perUnit;
    private final VolumeBrackets brackets;

    private CommissionRule(Kind kind, CommissionBase base, Rate rate, Money perUnit, VolumeBrackets brackets) {
        this.kind = kind;
        this.base = base;
        this.rate = rate;
        this.perUnit = perUnit;
        this.brackets = brackets;
    }

    /**
     * Returns the price-difference rule (差价).
     *
     * @return the rule
     */
    public static CommissionRule priceDifference() {
        return PRICE_DIFFERENCE;
    }

    /**
     * Returns the rule "{@code rate} of the sale price" or "{@code rate} of the margin".
     *
     * @param base what the rate applies to
     * @param rate the rate, at most 100 %
     * @return the rule
     * @throws IllegalArgumentException if the rate is above 100 %
     */
    public static CommissionRule percentOf(CommissionBase base, Rate rate) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(rate, "rate");
        if (rate.isGreaterThan(Rate.ONE)) {
            throw new IllegalArgumentException("rate was " + rate + "; must be at most 100%");
        }
        return new CommissionRule(Kind.PERCENTAGE, base, rate, null, null);
    }

    /**
     * Returns the rule "{@code amount} per unit sold".
     *
     * @param amount the amount per unit, not negative
     * @return the rule
     * @throws IllegalArgumentException if the amount is negative
     */
    public static CommissionRule fixedPerUnit(Money amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount was " + amount + "; must not be negative");
        }
        return new CommissionRule(Kind.FIXED_PER_UNIT, null, null, amount, null);
    }

    /**
     * Returns the rule "the rate of the earner's volume bracket, of the sale price or of the margin". The volume is
     * the earning distributor's volume in the period of the sale, as recorded before this sale.
     *
     * @param base what the rate applies to
     * @param brackets the bracket table
     * @return the rule
     */
    public static CommissionRule volumeBrackets(CommissionBase base, VolumeBrackets brackets) {
        return new CommissionRule(
                Kind.VOLUME_BRACKETS,
                Objects.requireNonNull(base, "base"),
                null,
                null,
                Objects.requireNonNull(brackets, "brackets"));
    }

    /**
     * Returns the kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns what a percentage applies to.
     *
     * @return the base, or empty for price difference and fixed amounts
     */
    public Optional<CommissionBase> base() {
        return Optional.ofNullable(base);
    }

    /**
     * Returns the fixed rate of a {@link Kind#PERCENTAGE} rule.
     *
     * @return the rate, or empty for other kinds
     */
    public Optional<Rate> rate() {
        return Optional.ofNullable(rate);
    }

    /**
     * Returns the amount per unit of a {@link Kind#FIXED_PER_UNIT} rule.
     *
     * @return the amount, or empty for other kinds
     */
    public Optional<Money> amountPerUnit() {
        return Optional.ofNullable(perUnit);
    }

    /**
     * Returns the table of a {@link Kind#VOLUME_BRACKETS} rule.
     *
     * @return the table, or empty for other kinds
     */
    public Optional<VolumeBrackets> brackets() {
        return Optional.ofNullable(brackets);
    }

    CommissionBase baseOrNull() {
        return base;
    }

    Rate rateOrNull() {
        return rate;
    }

    Money perUnitOrNull() {
        return perUnit;
    }

    VolumeBrackets bracketsOrNull() {
        return brackets;
    }

    /** The highest rate this rule can apply; zero for kinds without a rate. */
    Rate maxRate() {
        return kind == Kind.PERCENTAGE ? rate : kind == Kind.VOLUME_BRACKETS ? brackets.maxRate() : Rate.ZERO;
    }

    /** The lowest rate this rule can apply; zero for kinds without a rate. */
    Rate minRate() {
        return kind == Kind.PERCENTAGE ? rate : kind == Kind.VOLUME_BRACKETS ? brackets.minRate() : Rate.ZERO;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof CommissionRule)) {
            return false;
        }
        CommissionRule r = (CommissionRule) obj;
        return kind == r.kind
                && base == r.base
                && Objects.equals(rate, r.rate)
                && Objects.equals(perUnit, r.perUnit)
                && Objects.equals(brackets, r.brackets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, base, rate, perUnit, brackets);
    }

    @Override
    public String toString() {
        switch (kind) {
            case PRICE_DIFFERENCE:
                return "price difference";
            case PERCENTAGE:
                return rate + " of " + base;
            case FIXED_PER_UNIT:
                return perUnit + " per unit";
            default:
                return brackets + " of " + base;
        }
    }
}
