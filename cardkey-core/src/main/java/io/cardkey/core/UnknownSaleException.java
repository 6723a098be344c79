package io.cardkey.core;

import java.util.Objects;

/** Thrown when a refund names an order whose sale {@link Earnings} never recorded. Nothing was changed. */
public final class UnknownSaleException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;

    UnknownSaleException(String orderId) {
        super("no sale was recorded for order " + orderId);
        this.orderId = Objects.requireNonNull(orderId, "orderId");
    }

    /**
     * Returns the order id.
     *
     * @return the order id
     */
    public String getOrderId() {
        return orderId;
    }
}
