package io.cardkey.core;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The compliance guardrails {@link Earnings} enforces, all off unless the host switches them on: daily limits for
 * distributors whose identity (实名) the host has not verified, a ban on their withdrawals, and a daily
 * transaction limit (交易限额) for every distributor. Days are calendar days in the zone of {@link
 * Earnings.Builder#salesPeriod}.
 *
 * <p>Which distributors are verified is the host's knowledge, asked through the predicate given to {@link
 * Builder#verifiedBy}; it is asked at every checked operation, so verifying a distributor takes effect at once.
 *
 * <p>Immutable and thread-safe if the predicate is.
 */
public final class ComplianceLimits {
    private static final ComplianceLimits NONE = new Builder().build();

    private final Predicate<DistributorId> verified;
    private final Money unverifiedDailySales;
    private final Money unverifiedDailyWithdrawals;
    private final boolean withdrawalRequiresVerification;
    private final Money dailyTransactions;

    private ComplianceLimits(Builder b) {
        this.verified = b.verified;
        this.unverifiedDailySales = b.unverifiedDailySales;
        this.unverifiedDailyWithdrawals = b.unverifiedDailyWithdrawals;
        this.withdrawalRequiresVerification = b.withdrawalRequiresVerification;
        this.dailyTransactions = b.dailyTransactions;
    }

    /**
     * Returns guardrails that are all switched off.
     *
     * @return no limits
     */
    public static ComplianceLimits none() {
        return NONE;
    }

    /**
     * Starts configuring guardrails; everything is off until set.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    boolean isVerified(DistributorId distributor) {
        return verified.test(distributor);
    }

    Optional<Money> unverifiedDailySales() {
        return Optional.ofNullable(unverifiedDailySales);
    }

    Optional<Money> unverifiedDailyWithdrawals() {
        return Optional.ofNullable(unverifiedDailyWithdrawals);
    }

    boolean withdrawalRequiresVerification() {
        return withdrawalRequiresVerification;
    }

    Optional<Money> dailyTransactions() {
        return Optional.ofNullable(dailyTransactions);
    }

    @Override
    public String toString() {
        return "ComplianceLimits[unverifiedDailySales=" + unverifiedDailySales + ", unverifiedDailyWithdrawals="
                + unverifiedDailyWithdrawals + ", withdrawalRequiresVerification=" + withdrawalRequiresVerification
                + ", dailyTransactions=" + dailyTransactions + "]";
    }

    /** Builds {@link ComplianceLimits}; each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private Predicate<DistributorId> verified = d -> true;
        private Money unverifiedDailySales;
        private Money unverifiedDailyWithdrawals;
        private boolean withdrawalRequiresVerification;
        private Money dailyTransactions;

        private Builder() {}

        /**
         * Sets how to tell whether the host has verified a distributor's identity. Without it every distributor
         * counts as verified.
         *
         * @param verified answers {@code true} for a verified distributor
         * @return this builder
         */
        public Builder verifiedBy(Predicate<DistributorId> verified) {
            this.verified = Objects.requireNonNull(verified, "verified");
            return this;
        }

        /**
         * Limits the daily sales (as the selling, level-1 distributor) of an unverified distributor.
         *
         * @param limit the most per day, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is not positive
         */
        public Builder unverifiedDailySales(Money limit) {
            this.unverifiedDailySales = positive("unverifiedDailySales", limit);
            return this;
        }

        /**
         * Limits the daily withdrawals of an unverified distributor (when withdrawals are not forbidden outright).
         *
         * @param limit the most per day, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is not positive
         */
        public Builder unverifiedDailyWithdrawals(Money limit) {
            this.unverifiedDailyWithdrawals = positive("unverifiedDailyWithdrawals", limit);
            return this;
        }

        /**
         * Forbids withdrawals until the distributor is verified.
         *
         * @param required whether a withdrawal needs a verified identity
         * @return this builder
         */
        public Builder withdrawalRequiresVerification(boolean required) {
            this.withdrawalRequiresVerification = required;
            return this;
        }

        /**
         * Limits every distributor's daily transactions: its sales as seller, its prepaid purchases and its
         * withdrawals, added up.
         *
         * @param limit the most per day, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is not positive
         */
        public Builder dailyTransactions(Money limit) {
            this.dailyTransactions = positive("dailyTransactions", limit);
            return this;
        }

        /**
         * Builds the guardrails.
         *
         * @return the guardrails
         * @throws CurrencyMismatchException if the limits are not all in one currency
         */
        public ComplianceLimits build() {
            Money first = null;
            for (Money m : new Money[] {unverifiedDailySales, unverifiedDailyWithdrawals, dailyTransactions}) {
                if (m != null) {
                    if (first != null && !first.currency().equals(m.currency())) {
                        throw new CurrencyMismatchException(first.currency(), m.currency());
                    }
                    first = m;
                }
            }
            return new ComplianceLimits(this);
        }

        private static Money positive(String name, Money limit) {
            Objects.requireNonNull(limit, name);
            if (!limit.isPositive()) {
                throw new IllegalArgumentException(name + " was " + limit + "; must be positive");
            }
            return limit;
        }
    }
}
