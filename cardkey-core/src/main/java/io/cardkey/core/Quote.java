package io.cardkey.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The price of a quantity of one product for one tier (and possibly one distributor), with the rule that produced
 * it. Obtained from {@link PriceList#quote}.
 *
 * <p>Instances are immutable and thread-safe. {@link #total()} is always exactly {@code unitPrice × quantity}.
 */
public final class Quote {
    private final Sku sku;
    private final Tier tier;
    private final DistributorId distributor;
    private final long quantity;
    private final Money unitPrice;
    private final Money total;
    private final PriceSource source;
    private final long breakQuantity;

    Quote(
            Sku sku,
            Tier tier,
            DistributorId distributor,
            long quantity,
            Money unitPrice,
            PriceSource source,
            long breakQuantity) {
        this.sku = sku;
        this.tier = tier;
        this.distributor = distributor;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        this.total = unitPrice.multipliedBy(quantity);
        this.source = source;
        this.breakQuantity = breakQuantity;
    }

    /**
     * Returns the product.
     *
     * @return the product
     */
    public Sku sku() {
        return sku;
    }

    /**
     * Returns the tier the price was asked for.
     *
     * @return the tier
     */
    public Tier tier() {
        return tier;
    }

    /**
     * Returns the distributor the price was asked for, if any.
     *
     * @return the distributor, or empty for a tier price
     */
    public Optional<DistributorId> distributor() {
        return Optional.ofNullable(distributor);
    }

    /**
     * Returns the number of units.
     *
     * @return the quantity, at least 1
     */
    public long quantity() {
        return quantity;
    }

    /**
     * Returns the price of one unit.
     *
     * @return the unit price, positive
     */
    public Money unitPrice() {
        return unitPrice;
    }

    /**
     * Returns {@code unitPrice × quantity}.
     *
     * @return the total price
     */
    public Money total() {
        return total;
    }

    /**
     * Returns the rule that produced the unit price.
     *
     * @return the rule
     */
    public PriceSource source() {
        return source;
    }

    /**
     * Returns the threshold of the quantity break that applied ("from N units"), when the source is {@link
     * PriceSource#QUANTITY_BREAK}.
     *
     * @return the break's threshold, or empty for other sources
     */
    public OptionalLong breakQuantity() {
        return source == PriceSource.QUANTITY_BREAK ? OptionalLong.of(breakQuantity) : OptionalLong.empty();
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof Quote)) {
            return false;
        }
        Quote q = (Quote) obj;
        return sku.equals(q.sku)
                && tier.equals(q.tier)
                && Objects.equals(distributor, q.distributor)
                && quantity == q.quantity
                && unitPrice.equals(q.unitPrice)
                && source == q.source
                && breakQuantity == q.breakQuantity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sku, tier, distributor, quantity, unitPrice, source, breakQuantity);
    }

    /** Returns the product, tier, quantity, prices and rule, for logs. */
    @Override
    public String toString() {
        return "Quote[" + sku + " x" + quantity + " for " + tier
                + (distributor == null ? "" : " / " + distributor) + ": " + unitPrice + " each, " + total
                + " total, by " + source + (source == PriceSource.QUANTITY_BREAK ? " from " + breakQuantity : "")
                + "]";
    }
}
