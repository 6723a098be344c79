package io.cardkey.core;

import java.util.Arrays;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * Which {@link CommissionRule} each level of the chain earns by, with optional caps per level and per sale. Level
 * 1 is the first link of the sale's {@link UplineChain} (the selling distributor), level 2 its upline, and so on;
 * a level without a rule earns nothing. Whatever the levels do not earn stays with the platform.
 *
 * <pre>{@code
 * CommissionPlan plan = CommissionPlan.builder()
 *         .level(1, CommissionRule.percentOf(CommissionBase.SALE, Rate.of("5%")))
 *         .level(2, CommissionRule.percentOf(CommissionBase.SALE, Rate.of("2%")))
 *         .levelCap(1, Money.parse("20.00", CNY))
 *         .saleCap(Money.parse("25.00", CNY))
 *         .build();
 * }</pre>
 *
 * <p>Checked when built: for each base (sale, margin) the rates of all levels (the highest bracket rate for
 * bracket tables) add up to at most 100 %, and every amount is in one currency. Checks that need prices are made
 * by {@link CommissionPolicy.Builder#build()}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CommissionPlan {
    private static final CommissionPlan NONE = new CommissionPlan(new CommissionRule[1], new long[1], -1, null);

    /** Index = level; index 0 unused. */
    private final CommissionRule[] rules;
    /** Index = level; -1 for no cap. */
    private final long[] levelCaps;
    /** -1 for no cap. */
    private final long saleCap;

    private final Currency currency;

    private CommissionPlan(CommissionRule[] rules, long[] levelCaps, long saleCap, Currency currency) {
        this.rules = rules;
        this.levelCaps = levelCaps;
        this.saleCap = saleCap;
        this.currency = currency;
    }

    /**
     * Returns the plan that pays no commission: the whole margin goes to the platform.
     *
     * @return the empty plan
     */
    public static CommissionPlan none() {
        return NONE;
    }

    /**
     * Starts a plan.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the highest level that has a rule.
     *
     * @return the highest level, 0 for a plan without rules
     */
    public int maxLevel() {
        return rules.length - 1;
    }

    /**
     * Returns the rule of a level.
     *
     * @param level at least 1
     * @return the rule, or empty when the level earns nothing
     * @throws IllegalArgumentException if the level is below 1
     */
    public Optional<CommissionRule> rule(int level) {
        if (level < 1) {
            throw new IllegalArgumentException("level was " + level + "; must be at least 1");
        }
        return level < rules.length ? Optional.ofNullable(rules[level]) : Optional.empty();
    }

    /**
     * Returns the cap on one level's commission per sale.
     *
     * @param level at least 1
     * @return the cap, or empty when the level is not capped
     * @throws IllegalArgumentException if the level is below 1
     */
    public Optional<Money> levelCap(int level) {
        if (level < 1) {
            throw new IllegalArgumentException("level was " + level + "; must be at least 1");
        }
        return level < levelCaps.length && levelCaps[level] >= 0
                ? Optional.of(Money.ofMinor(levelCaps[level], currency))
                : Optional.empty();
    }

    /**
     * Returns the cap on the total commission of one sale.
     *
     * @return the cap, or empty when sales are not capped
     */
    public Optional<Money> saleCap() {
        return saleCap >= 0 ? Optional.of(Money.ofMinor(saleCap, currency)) : Optional.empty();
    }

    /** The currency of the plan's amounts; {@code null} for a plan of rates only. */
    Currency currencyOrNull() {
        return currency;
    }

    CommissionRule ruleOrNull(int level) {
        return level < rules.length ? rules[level] : null;
    }

    long levelCapOrMinusOne(int level) {
        return level < levelCaps.length ? levelCaps[level] : -1;
    }

    long saleCapOrMinusOne() {
        return saleCap;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("CommissionPlan[");
        for (int level = 1; level < rules.length; level++) {
            if (rules[level] == null) {
                continue;
            }
            out.append(out.length() > 15 ? ", " : "").append(level).append(": ").append(rules[level]);
            if (levelCaps[level] >= 0) {
                out.append(" (cap ")
                        .append(Money.ofMinor(levelCaps[level], currency))
                        .append(')');
            }
        }
        if (saleCap >= 0) {
            out.append(out.length() > 15 ? ", " : "").append("sale cap ").append(Money.ofMinor(saleCap, currency));
        }
        return out.append(']').toString();
    }

    /** Collects the rules of a {@link CommissionPlan}. Not thread-safe. */
    public static final class Builder {
        /** Far above any sensible plan; keeps the arrays small. Paid levels are limited separately. */
        private static final int MAX_LEVEL = 64;

        private final CommissionRule[] rules = new CommissionRule[MAX_LEVEL + 1];
        private final long[] levelCaps = new long[MAX_LEVEL + 1];
        private long saleCap = -1;
        private Currency currency;

        private Builder() {
            Arrays.fill(levelCaps, -1);
        }

        /**
         * Sets the rule of a level.
         *
         * @param level from 1 to 64; the policy limits paid levels further (default 2)
         * @param rule the rule
         * @return this builder
         * @throws IllegalArgumentException if the level is out of range or already has a rule
         * @throws CurrencyMismatchException if the rule's amounts are in another currency than earlier amounts
         */
        public Builder level(int level, CommissionRule rule) {
            checkLevel(level);
            Objects.requireNonNull(rule, "rule");
            if (rules[level] != null) {
                throw new IllegalArgumentException("level " + level + " already has the rule " + rules[level]);
            }
            if (rule.perUnitOrNull() != null) {
                currency(rule.perUnitOrNull().currency());
            } else if (rule.bracketsOrNull() != null) {
                currency(rule.bracketsOrNull().currency());
            }
            rules[level] = rule;
            return this;
        }

        /**
         * Caps a level's commission per sale.
         *
         * @param level a level that has a rule
         * @param cap the most the level earns on one sale, not negative
         * @return this builder
         * @throws IllegalArgumentException if the level has no rule or is already capped, or the cap is negative
         * @throws CurrencyMismatchException if the cap is in another currency than earlier amounts
         */
        public Builder levelCap(int level, Money cap) {
            checkLevel(level);
            Objects.requireNonNull(cap, "cap");
            if (rules[level] == null) {
                throw new IllegalArgumentException("level " + level + " has no rule; set one before capping it");
            }
            if (levelCaps[level] >= 0) {
                throw new IllegalArgumentException("level " + level + " is already capped");
            }
            notNegative(cap, "cap");
            currency(cap.currency());
            levelCaps[level] = cap.minorUnits();
            return this;
        }

        /**
         * Caps the total commission of one sale; when the levels' commissions add up to more, each is reduced in
         * proportion (largest remainder), and the rest stays with the platform.
         *
         * @param cap the most all levels together earn on one sale, not negative
         * @return this builder
         * @throws IllegalArgumentException if the cap is negative or already set
         * @throws CurrencyMismatchException if the cap is in another currency than earlier amounts
         */
        public Builder saleCap(Money cap) {
            Objects.requireNonNull(cap, "cap");
            if (saleCap >= 0) {
                throw new IllegalArgumentException("the sale cap is already set");
            }
            notNegative(cap, "cap");
            currency(cap.currency());
            saleCap = cap.minorUnits();
            return this;
        }

        /**
         * Checks the plan and returns it.
         *
         * @return the immutable plan
         * @throws CommissionPlanValidationException if the rates on one base add up to more than 100 %
         */
        public CommissionPlan build() {
            int max = 0;
            for (CommissionBase base : CommissionBase.values()) {
                Rate sum = Rate.ZERO;
                for (int level = 1; level <= MAX_LEVEL; level++) {
                    CommissionRule rule = rules[level];
                    if (rule != null && rule.baseOrNull() == base) {
                        sum = sum.plus(rule.maxRate());
                    }
                }
                if (sum.isGreaterThan(Rate.ONE)) {
                    throw new CommissionPlanValidationException(
                            "rates of " + base + " add up to " + sum + "; must be at most 100%",
                            null,
                            null,
                            null,
                            null);
                }
            }
            for (int level = 1; level <= MAX_LEVEL; level++) {
                if (rules[level] != null) {
                    max = level;
                }
            }
            return new CommissionPlan(
                    Arrays.copyOf(rules, max + 1), Arrays.copyOf(levelCaps, max + 1), saleCap, currency);
        }

        private static void checkLevel(int level) {
            if (level < 1 || level > MAX_LEVEL) {
                throw new IllegalArgumentException("level was " + level + "; must be between 1 and " + MAX_LEVEL);
            }
        }

        private static void notNegative(Money amount, String name) {
            if (amount.isNegative()) {
                throw new IllegalArgumentException(name + " was " + amount + "; must not be negative");
            }
        }

        private void currency(Currency c) {
            if (currency != null && !currency.equals(c)) {
                throw new CurrencyMismatchException(currency, c);
            }
            currency = c;
        }
    }
}
