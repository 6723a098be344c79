package io.cardkey.core.internal;

import io.cardkey.core.CurrencyMismatchException;
import io.cardkey.core.DistributorId;
import io.cardkey.core.Money;
import io.cardkey.core.SalesVolumeTracker;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SalesVolumeTracker} in a concurrent map; updates of one key are atomic through {@code compute}. */
public final class InMemorySalesVolumeTracker implements SalesVolumeTracker {
    private final Currency currency;
    private final Map<Key, Long> volumes = new ConcurrentHashMap<>();

    private record Key(DistributorId distributor, String period) {}

    /**
     * Creates an empty tracker.
     *
     * @param currency the currency of every volume
     */
    public InMemorySalesVolumeTracker(Currency currency) {
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    @Override
    public Currency currency() {
        return currency;
    }

    @Override
    public Money volume(DistributorId distributor, String periodKey) {
        Key key = new Key(Objects.requireNonNull(distributor, "distributor"), checkedPeriod(periodKey));
        return Money.ofMinor(volumes.getOrDefault(key, 0L), currency);
    }

    @Override
    public Money record(DistributorId distributor, String periodKey, Money amount) {
        Key key = new Key(Objects.requireNonNull(distributor, "distributor"), checkedPeriod(periodKey));
        Objects.requireNonNull(amount, "amount");
        if (!amount.currency().equals(currency)) {
            throw new CurrencyMismatchException(currency, amount.currency());
        }
        long updated = volumes.compute(key, (k, old) -> {
            long before = old == null ? 0 : old;
            long after = Math.addExact(before, amount.minorUnits());
            if (after < 0) {
                throw new IllegalArgumentException("amount was " + amount + "; the volume of " + distributor + " in "
                        + periodKey + " is " + Money.ofMinor(before, currency) + " and must not become negative");
            }
            return after;
        });
        return Money.ofMinor(updated, currency);
    }

    private static String checkedPeriod(String periodKey) {
        Objects.requireNonNull(periodKey, "periodKey");
        if (periodKey.isBlank()) {
            throw new IllegalArgumentException("periodKey was blank; use SalesPeriod.keyOf");
        }
        return periodKey;
    }

    @Override
    public String toString() {
        return "InMemorySalesVolumeTracker[" + currency + ", " + volumes.size() + " entries]";
    }
}
