package io.cardkey.core;

/** No order with the given id exists. Nothing was changed. */
public class UnknownOrderException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;

    /**
     * Creates the exception.
     *
     * @param orderId the unknown order id
     */
    public UnknownOrderException(String orderId) {
        super("order " + orderId + " does not exist");
        this.orderId = orderId;
    }

    /**
     * Returns the unknown order id.
     *
     * @return the order id
     */
    public String orderId() {
        return orderId;
    }
}
