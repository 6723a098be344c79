package io.cardkey.core;

/**
 * Where an order is: holding codes, paid and delivered, or finished without codes.
 *
 * <p>Immutable and thread-safe.
 */
public enum OrderState {
    /** Holds its codes until it is confirmed, released, or its reservation expires. */
    RESERVED,
    /** Paid; its codes are sold to the buyer. */
    SOLD,
    /** Released by the host before payment; its codes went back to stock. Final. */
    RELEASED,
    /** Its reservation ran out before payment; its codes went back to stock. A late payment re-allocates. */
    EXPIRED,
    /** Paid after its reservation expired while stock was short; filled automatically when stock arrives. */
    BACKORDERED,
    /** Paid, then refunded: its money went back to the buyer and its codes (if any) are void. Final. */
    REFUNDED;

    /**
     * Returns whether the order was paid (its payment reference is recorded).
     *
     * @return whether the state is {@link #SOLD}, {@link #BACKORDERED} or {@link #REFUNDED}
     */
    public boolean isPaid() {
        return this == SOLD || this == BACKORDERED || this == REFUNDED;
    }
}
