package io.cardkey.core;

import java.util.Objects;

/**
 * What one level of a sale's chain earned.
 *
 * @param level the level in the {@link UplineChain}, from 1
 * @param distributor the distributor at that level
 * @param amount what the distributor earns, not negative
 * @param forfeited what the distributor would have earned but did not because it was suspended at sale time; it
 *     went to the platform margin. Not negative, and zero for an active distributor
 */
public record CommissionShare(int level, DistributorId distributor, Money amount, Money forfeited) {
    /**
     * Checks the components.
     *
     * @param level the level, from 1
     * @param distributor the distributor
     * @param amount what it earns, not negative
     * @param forfeited what it forfeited, not negative, in the same currency
     */
    public CommissionShare {
        if (level < 1) {
            throw new IllegalArgumentException("level was " + level + "; must be at least 1");
        }
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(forfeited, "forfeited");
        if (amount.isNegative() || forfeited.isNegative()) {
            throw new IllegalArgumentException(
                    "amount was " + amount + " and forfeited " + forfeited + "; commissions are never negative");
        }
        if (!amount.currency().equals(forfeited.currency())) {
            throw new CurrencyMismatchException(amount.currency(), forfeited.currency());
        }
    }
}
