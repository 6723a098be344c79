package io.cardkey.core;

import java.util.Objects;

/**
 * Thrown when an operation would take a distributor past a daily limit the host switched on with {@link
 * ComplianceLimits}. Nothing was recorded.
 */
public final class ComplianceLimitExceededException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    /** The limit that was hit. */
    public enum Limit {
        /** Daily sales of a distributor whose identity (实名) is not verified. */
        UNVERIFIED_DAILY_SALES,
        /** Daily withdrawals of a distributor whose identity is not verified. */
        UNVERIFIED_DAILY_WITHDRAWALS,
        /** Daily transactions (sales, prepaid purchases and withdrawals) of any distributor (交易限额). */
        DAILY_TRANSACTIONS
    }

    private final String distributor;
    private final Limit limit;
    private final String day;
    private final transient Money limitAmount;
    private final transient Money currentTotal;
    private final transient Money attempted;

    ComplianceLimitExceededException(
            DistributorId distributor,
            Limit limit,
            String day,
            Money limitAmount,
            Money currentTotal,
            Money attempted) {
        super(limit + " of " + distributor + " on " + day + ": the total so far is " + currentTotal + " and "
                + attempted + " more would pass the limit " + limitAmount);
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
        this.limit = Objects.requireNonNull(limit, "limit");
        this.day = Objects.requireNonNull(day, "day");
        this.limitAmount = limitAmount;
        this.currentTotal = currentTotal;
        this.attempted = attempted;
    }

    /**
     * Returns the distributor.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }

    /**
     * Returns which limit was hit.
     *
     * @return the limit
     */
    public Limit getLimit() {
        return limit;
    }

    /**
     * Returns the day the limit applies to, like {@code "2026-11-29"} in the host's zone.
     *
     * @return the day's key
     */
    public String getDay() {
        return day;
    }

    /**
     * Returns the configured limit.
     *
     * @return the limit amount
     */
    public Money getLimitAmount() {
        return limitAmount;
    }

    /**
     * Returns the day's total before the refused operation.
     *
     * @return the current total
     */
    public Money getCurrentTotal() {
        return currentTotal;
    }

    /**
     * Returns the amount of the refused operation.
     *
     * @return the attempted amount
     */
    public Money getAttempted() {
        return attempted;
    }
}
