package io.cardkey.core;

/** No product with the given SKU is in the catalog. Nothing was changed. */
public class UnknownProductException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final Sku sku;

    /**
     * Creates the exception.
     *
     * @param sku the unknown SKU
     */
    public UnknownProductException(Sku sku) {
        super("product " + sku + " is not in the catalog; add it first");
        this.sku = sku;
    }

    /**
     * Returns the unknown SKU.
     *
     * @return the sku
     */
    public Sku sku() {
        return sku;
    }
}
