package io.cardkey.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by {@link PriceList.Builder#build()} when the configured prices break a rule: a price below the supplier
 * cost, a tier cheaper than a tier above it in the chain, a quantity break dearer than the price it discounts, or a
 * product without any tier price. Names the product, the tier, the offending price and the bound it broke.
 */
public final class PriceListValidationException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String sku;
    private final transient Tier tier;
    private final transient Money price;
    private final transient Money bound;

    PriceListValidationException(String message, Sku sku, Tier tier, Money price, Money bound) {
        super(message);
        this.sku = Objects.requireNonNull(sku, "sku").code();
        this.tier = tier;
        this.price = price;
        this.bound = bound;
    }

    /**
     * Returns the product whose prices are wrong.
     *
     * @return the product
     */
    public Sku getSku() {
        return Sku.of(sku);
    }

    /**
     * Returns the tier whose price is wrong, when the rule concerns one tier.
     *
     * @return the tier, or empty (a distributor override, a product without prices)
     */
    public Optional<Tier> getTier() {
        return Optional.ofNullable(tier);
    }

    /**
     * Returns the offending unit price.
     *
     * @return the price, or empty when the product has no price at all
     */
    public Optional<Money> getPrice() {
        return Optional.ofNullable(price);
    }

    /**
     * Returns the bound the price broke: the supplier cost, or the neighbouring price it must not cross.
     *
     * @return the bound, or empty when the product has no price at all
     */
    public Optional<Money> getBound() {
        return Optional.ofNullable(bound);
    }
}
