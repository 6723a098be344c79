package io.cardkey.core;

/**
 * A reveal was refused: the delivery token does not belong to the order, or the order has no codes to reveal (not
 * paid, back-ordered, refunded). Nothing was revealed or recorded as revealed.
 */
public class DeliveryDeniedException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;
    private final OrderState state;

    /**
     * Creates the exception.
     *
     * @param orderId the order
     * @param state its state
     * @param rule why, in a few words; never the token
     */
    public DeliveryDeniedException(String orderId, OrderState state, String rule) {
        super("reveal of order " + orderId + " (" + state + ") refused: " + rule);
        this.orderId = orderId;
        this.state = state;
    }

    /**
     * Returns the order.
     *
     * @return the order id
     */
    public String orderId() {
        return orderId;
    }

    /**
     * Returns the order's state.
     *
     * @return the state
     */
    public OrderState state() {
        return state;
    }
}
