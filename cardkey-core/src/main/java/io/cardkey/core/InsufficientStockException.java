package io.cardkey.core;

/**
 * An order asked for more codes of a product than are available. Nothing was reserved or sold.
 */
public class InsufficientStockException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final Sku sku;
    private final int requested;
    private final long available;

    /**
     * Creates the exception.
     *
     * @param sku the product
     * @param requested the quantity asked for
     * @param available the quantity that was available
     */
    public InsufficientStockException(Sku sku, int requested, long available) {
        super("product " + sku + " has " + available + " codes available; " + requested + " were requested");
        this.sku = sku;
        this.requested = requested;
        this.available = available;
    }

    /**
     * Returns the product.
     *
     * @return the sku
     */
    public Sku sku() {
        return sku;
    }

    /**
     * Returns the quantity asked for.
     *
     * @return the requested quantity
     */
    public int requested() {
        return requested;
    }

    /**
     * Returns the quantity that was available.
     *
     * @return the available quantity, less than {@link #requested()}
     */
    public long available() {
        return available;
    }
}
