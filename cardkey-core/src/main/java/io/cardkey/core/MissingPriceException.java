package io.cardkey.core;

import java.util.Objects;
import java.util.Optional;

/** Thrown when a price is asked for a product the price list does not know, or a tier it has no price for. */
public final class MissingPriceException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String sku;
    private final transient Tier tier;

    /**
     * Creates the exception.
     *
     * @param sku the product
     * @param tier the tier without a price, or {@code null} when the product itself is unknown
     */
    public MissingPriceException(Sku sku, Tier tier) {
        super(
                tier == null
                        ? "sku " + sku + " is not in the price list"
                        : "sku " + sku + " has no price for tier " + tier
                                + "; add one with PriceList.Builder.tierPrice");
        this.sku = Objects.requireNonNull(sku, "sku").code();
        this.tier = tier;
    }

    /**
     * Returns the product.
     *
     * @return the product
     */
    public Sku getSku() {
        return Sku.of(sku);
    }

    /**
     * Returns the tier without a price.
     *
     * @return the tier, or empty when the product is not in the price list at all
     */
    public Optional<Tier> getTier() {
        return Optional.ofNullable(tier);
    }
}
