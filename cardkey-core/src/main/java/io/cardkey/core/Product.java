package io.cardkey.core;

import java.util.Objects;

/**
 * A product (SKU) in the catalog: what is sold, at what unit price.
 *
 * <p>A <em>reusable</em> product delivers one and the same code to every buyer (a shared account, a tutorial link):
 * its code counts its sales and the product is never sold out while that code is usable.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sku the product id
 * @param name the display name, not blank
 * @param unitPrice the price of one code, positive
 * @param reusable whether one code is delivered to every buyer
 */
public record Product(Sku sku, String name, Money unitPrice, boolean reusable) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code name} is blank or {@code unitPrice} is not positive
     */
    public Product {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name was blank; must have a visible character");
        }
        if (!unitPrice.isPositive()) {
            throw new IllegalArgumentException("unitPrice was " + unitPrice + "; must be positive");
        }
    }

    /**
     * Returns the price of {@code quantity} codes.
     *
     * @param quantity the number of codes, at least 1
     * @return the total
     * @throws ArithmeticException if the total does not fit a {@code long} of minor units
     */
    public Money priceOf(int quantity) {
        return unitPrice.multipliedBy(quantity);
    }
}
