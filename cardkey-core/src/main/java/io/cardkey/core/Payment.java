package io.cardkey.core;

import java.util.Objects;

/**
 * A payment the host's payment provider reported for an order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param reference the provider's unique reference; one reference confirms at most one order
 * @param amount the amount paid
 */
public record Payment(String reference, Money amount) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code reference} is blank or longer than 128 characters, or {@code amount}
     *     is negative
     */
    public Payment {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(amount, "amount");
        if (reference.isBlank() || reference.length() > 128) {
            throw new IllegalArgumentException("reference had length " + reference.length()
                    + " or was blank; must be 1 to 128 characters with a visible one");
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount was " + amount + "; must not be negative");
        }
    }
}
