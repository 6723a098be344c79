package io.cardkey.core;

import io.cardkey.core.internal.InMemorySalesVolumeTracker;
import java.util.Currency;

/**
 * The port that remembers each distributor's sales per {@linkplain SalesPeriod period}, for {@linkplain
 * VolumeBrackets volume brackets}. The sale flow records the price of each sale for the distributors whose volume
 * it counts towards, and a refund records the refunded amount negatively, so refunds lower the period's volume.
 *
 * <p>Implementations must be thread-safe, and a rejected call must change nothing.
 */
public interface SalesVolumeTracker {
    /**
     * Returns the currency the volumes are kept in.
     *
     * @return the currency
     */
    Currency currency();

    /**
     * Returns a distributor's volume in a period; zero when nothing was recorded.
     *
     * @param distributor the distributor
     * @param periodKey the period, as returned by {@link SalesPeriod#keyOf}
     * @return the volume, never negative
     */
    Money volume(DistributorId distributor, String periodKey);

    /**
     * Adds {@code amount} to a distributor's volume in a period; a negative amount (a refund) lowers it.
     *
     * @param distributor the distributor
     * @param periodKey the period, as returned by {@link SalesPeriod#keyOf}, not blank
     * @param amount the amount to add, in the tracker's currency
     * @return the new volume
     * @throws IllegalArgumentException if the volume would become negative or the period key is blank
     * @throws CurrencyMismatchException if the amount is in another currency
     * @throws ArithmeticException if the volume would overflow
     */
    Money record(DistributorId distributor, String periodKey, Money amount);

    /**
     * Returns a new tracker that keeps volumes in memory, for tests and single-instance hosts that rebuild
     * volumes from their own records on start. Thread-safe.
     *
     * @param currency the currency of every volume
     * @return a new, empty tracker
     */
    static SalesVolumeTracker inMemory(Currency currency) {
        return new InMemorySalesVolumeTracker(Money.zero(currency).currency());
    }
}
