package io.cardkey.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One order as inventory sees it: who buys how many codes of which product, what it costs, and which codes it holds.
 *
 * <p>Every change returns a new order with {@link #version()} one higher, so a store can refuse a write based on a
 * stale read.
 *
 * <p>Immutable and thread-safe.
 *
 * @param orderId the host's order id, the idempotency key of reserve, confirm and release
 * @param buyerId the buyer, whose held codes are capped
 * @param sku the product
 * @param quantity the number of codes, at least 1
 * @param state the order state
 * @param createdAt when it was reserved
 * @param reservedUntil when its reservation runs out unless confirmed
 * @param price the quote for the whole order
 * @param paymentReference the payment that paid it, once paid
 * @param cardKeyIds the codes it holds or bought (the last ones it held once released or expired)
 * @param version the row version, starting at 1
 */
public record Order(
        String orderId,
        String buyerId,
        Sku sku,
        int quantity,
        OrderState state,
        Instant createdAt,
        Instant reservedUntil,
        Money price,
        Optional<String> paymentReference,
        List<Long> cardKeyIds,
        long version) {

    /**
     * Checks the components and copies the id list.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code quantity} or {@code version} is below 1, or a paid state has no
     *     payment reference
     */
    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(reservedUntil, "reservedUntil");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(paymentReference, "paymentReference");
        cardKeyIds = List.copyOf(cardKeyIds);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity was " + quantity + "; must be at least 1");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version was " + version + "; must be at least 1");
        }
        if (state.isPaid() && paymentReference.isEmpty()) {
            throw new IllegalArgumentException("state was " + state + " without a payment reference");
        }
    }

    /**
     * Returns this order in {@code newState} holding {@code ids}, one version higher.
     *
     * @param newState the new state
     * @param payment the payment reference, if paid
     * @param ids the codes it now holds
     * @return the changed order
     */
    public Order with(OrderState newState, Optional<String> payment, List<Long> ids) {
        return new Order(
                orderId, buyerId, sku, quantity, newState, createdAt, reservedUntil, price, payment, ids, version + 1);
    }

    /**
     * Returns this order holding {@code ids} instead of its codes, in the same state and version: how a store records
     * the codes it allocated in the same change, or restores an order whose codes it keeps apart.
     *
     * @param ids the codes it holds
     * @return the order with those codes
     */
    public Order holding(List<Long> ids) {
        return new Order(
                orderId,
                buyerId,
                sku,
                quantity,
                state,
                createdAt,
                reservedUntil,
                price,
                paymentReference,
                ids,
                version);
    }

    /**
     * Returns this order in {@code newState}, one version higher, keeping payment and codes.
     *
     * @param newState the new state
     * @return the changed order
     */
    public Order with(OrderState newState) {
        return with(newState, paymentReference, cardKeyIds);
    }
}
