package io.cardkey.core;

import java.util.Objects;

/**
 * The result of confirming an order: the order as stored and, once it is sold, the delivery token that lets its buyer
 * reveal the codes.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * The delivery token is a bearer credential: hand it only to the buyer (e.g. in the receipt link). It is derived from
 * the order and its payment under the keyset, so a repeated confirmation returns the same token; {@link #toString()}
 * never prints it.
 */
public final class Confirmation {
    private final Order order;
    private final String deliveryToken;

    /**
     * Creates a confirmation.
     *
     * @param order the order as stored
     * @param deliveryToken the token that reveals its codes
     */
    public Confirmation(Order order, String deliveryToken) {
        this.order = Objects.requireNonNull(order, "order");
        this.deliveryToken = Objects.requireNonNull(deliveryToken, "deliveryToken");
    }

    /**
     * Returns the order: {@link OrderState#SOLD}, {@link OrderState#BACKORDERED} (its codes follow when stock arrives,
     * with the same token), or {@link OrderState#REFUNDED}.
     *
     * @return the order
     */
    public Order order() {
        return order;
    }

    /**
     * Returns the token the buyer presents to {@link CardKeys#reveal(String, String)}.
     *
     * @return the delivery token
     */
    public String deliveryToken() {
        return deliveryToken;
    }

    /** Returns the order id and state; never the token. */
    @Override
    public String toString() {
        return "Confirmation[order=" + order.orderId() + ", state=" + order.state() + ", deliveryToken=redacted]";
    }
}
