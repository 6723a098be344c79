package io.cardkey.core;

/**
 * An order id was reused for a different request (another buyer, product or quantity). Order ids are idempotency
 * keys: a retry must repeat the same request. Nothing was changed.
 */
public class OrderConflictException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;
    private final String field;

    /**
     * Creates the exception.
     *
     * @param orderId the order id
     * @param field the first field that differs: {@code buyerId}, {@code sku} or {@code quantity}
     */
    public OrderConflictException(String orderId, String field) {
        super("order " + orderId + " already exists with a different " + field
                + "; an order id may only be retried with the same request");
        this.orderId = orderId;
        this.field = field;
    }

    /**
     * Returns the order id.
     *
     * @return the order id
     */
    public String orderId() {
        return orderId;
    }

    /**
     * Returns the first field that differs.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }
}
