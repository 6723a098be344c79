package io.cardkey.core;

/**
 * An operation does not apply to an order in its current state: confirming a released order, releasing a sold one,
 * paying an already paid order with a different payment. Nothing was changed; a final state is never overwritten.
 */
public class OrderStateException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;
    private final OrderState state;
    private final String operation;

    /**
     * Creates the exception.
     *
     * @param orderId the order
     * @param state its current, unchanged state
     * @param operation what was refused, e.g. {@code "confirm"}
     * @param rule why, in a few words
     */
    public OrderStateException(String orderId, OrderState state, String operation, String rule) {
        super("order " + orderId + " is " + state + "; " + operation + " refused: " + rule);
        this.orderId = orderId;
        this.state = state;
        this.operation = operation;
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
     * Returns the order's current state.
     *
     * @return the state
     */
    public OrderState state() {
        return state;
    }

    /**
     * Returns the refused operation.
     *
     * @return e.g. {@code "confirm"}
     */
    public String operation() {
        return operation;
    }
}
