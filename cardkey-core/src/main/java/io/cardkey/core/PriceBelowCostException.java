package io.cardkey.core;

import java.util.Objects;

/** Thrown when a sale's price is below its supplier cost; the sale is refused and nothing is recorded. */
public final class PriceBelowCostException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String sku;
    private final transient Money price;
    private final transient Money cost;

    PriceBelowCostException(Sku sku, Money price, Money cost) {
        super("sale of " + sku + " refused: price " + price + " is below the supplier cost " + cost);
        this.sku = Objects.requireNonNull(sku, "sku").code();
        this.price = price;
        this.cost = cost;
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
     * Returns the sale's price.
     *
     * @return the price
     */
    public Money getPrice() {
        return price;
    }

    /**
     * Returns the sale's supplier cost.
     *
     * @return the cost
     */
    public Money getCost() {
        return cost;
    }
}
