package io.cardkey.core;

import java.util.Objects;

/** Thrown when a refund asks for more than what is left of a sale's price after earlier refunds. Nothing was changed. */
public final class RefundExceedsSaleException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;
    private final transient Money requested;
    private final transient Money refundable;

    RefundExceedsSaleException(String orderId, Money requested, Money refundable) {
        super("refund of " + requested + " for order " + orderId + " refused: only " + refundable
                + " of the price is left to refund");
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.requested = requested;
        this.refundable = refundable;
    }

    /**
     * Returns the order id.
     *
     * @return the order id
     */
    public String getOrderId() {
        return orderId;
    }

    /**
     * Returns the refund asked for.
     *
     * @return the requested amount
     */
    public Money getRequested() {
        return requested;
    }

    /**
     * Returns what was left to refund.
     *
     * @return the refundable amount
     */
    public Money getRefundable() {
        return refundable;
    }
}
