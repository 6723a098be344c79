package io.cardkey.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A product (SKU) in the catalog: what is sold, at what unit price.
 *
 * <p>A <em>reusable</em> product delivers one and the same code to every buyer (a shared account, a tutorial link):
 * its code counts its sales and the product is never sold out while that code is usable.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sku the product id: 1 to 64 characters of letters, digits, {@code - _ .}
 * @param name the display name, not blank
 * @param unitPrice the price of one code, in minor units of {@code currency}, at least 1
 * @param currency the ISO 4217 code, three upper-case letters
 * @param reusable whether one code is delivered to every buyer
 */
public record Product(String sku, String name, long unitPrice, String currency, boolean reusable) {
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a component breaks its rule
     */
    public Product {
        checkSku(sku);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name was blank; must have a visible character");
        }
        if (unitPrice < 1) {
            throw new IllegalArgumentException("unitPrice was " + unitPrice + "; must be at least 1 minor unit");
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException(
                    "currency was '" + currency + "'; must be an ISO 4217 code of three upper-case letters");
        }
    }

    /**
     * Checks that {@code sku} is a valid product id.
     *
     * @param sku the id
     * @return {@code sku}
     * @throws NullPointerException if {@code sku} is null
     * @throws IllegalArgumentException if it is not 1 to 64 characters of letters, digits, {@code - _ .}
     */
    public static String checkSku(String sku) {
        Objects.requireNonNull(sku, "sku");
        if (!SKU.matcher(sku).matches()) {
            throw new IllegalArgumentException(
                    "sku was '" + sku + "'; must be 1 to 64 characters of letters, digits, '-', '_' or '.'");
        }
        return sku;
    }

    /**
     * Returns the price of {@code quantity} codes.
     *
     * @param quantity the number of codes, at least 1
     * @return the total in minor units
     * @throws ArithmeticException if the total does not fit a {@code long}
     */
    public long priceOf(int quantity) {
        return Math.multiplyExact(unitPrice, (long) quantity);
    }
}
