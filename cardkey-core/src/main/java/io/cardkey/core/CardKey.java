package io.cardkey.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One card key as inventory sees it: its identity, lifecycle state and the order that holds it. It never holds the
 * code itself: the secret lives sealed beside it, and {@link #maskedCode()} is a display form that shows at most a
 * few trailing characters.
 *
 * <p>Every change returns a new row with {@link #version()} one higher, so a store can refuse a write based on a
 * stale read (compare-and-set). The lifecycle rules are checked here, once, for every store.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the record id, unique in one store; not secret
 * @param sku the product this code belongs to
 * @param batchId the generation or import batch it came from
 * @param state the lifecycle state
 * @param frozenFrom the state it was frozen in, present exactly when {@code state} is {@link CardKeyState#FROZEN}
 * @param expiresAt when the code stops being valid, if it ever does
 * @param orderId the order that reserved or bought it, if any
 * @param revealed whether the secret was ever shown to anybody
 * @param salesCount how many sales delivered this code (above 1 only for reusable products)
 * @param maskedCode the display form, e.g. {@code ****-****-****-7K2Q}; never the plaintext
 * @param version the row version, starting at 1
 */
public record CardKey(
        long id,
        Sku sku,
        String batchId,
        CardKeyState state,
        Optional<CardKeyState> frozenFrom,
        Optional<Instant> expiresAt,
        Optional<String> orderId,
        boolean revealed,
        long salesCount,
        String maskedCode,
        long version) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code id}, {@code salesCount} or {@code version} is out of range, or
     *     {@code frozenFrom} does not match {@code state}
     */
    public CardKey {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(frozenFrom, "frozenFrom");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(maskedCode, "maskedCode");
        if (id < 1) {
            throw new IllegalArgumentException("id was " + id + "; must be at least 1");
        }
        if (salesCount < 0) {
            throw new IllegalArgumentException("salesCount was " + salesCount + "; must not be negative");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version was " + version + "; must be at least 1");
        }
        if (frozenFrom.isPresent() != (state == CardKeyState.FROZEN)) {
            throw new IllegalArgumentException(
                    "frozenFrom was " + frozenFrom + " with state " + state + "; it is present exactly when FROZEN");
        }
        if (frozenFrom.isPresent() && !CardKeyState.FROZEN.canBecome(frozenFrom.get())) {
            throw new IllegalArgumentException(
                    "frozenFrom was " + frozenFrom.get() + "; a code in that state cannot be frozen");
        }
    }

    /**
     * Returns a new, {@link CardKeyState#AVAILABLE} card key at version 1.
     *
     * @param id the record id, at least 1
     * @param sku the product
     * @param batchId the batch
     * @param expiresAt when it expires, if ever
     * @param maskedCode the display form; never the plaintext
     * @return the new card key
     */
    public static CardKey available(long id, Sku sku, String batchId, Optional<Instant> expiresAt, String maskedCode) {
        return new CardKey(
                id,
                sku,
                batchId,
                CardKeyState.AVAILABLE,
                Optional.empty(),
                expiresAt,
                Optional.empty(),
                false,
                0,
                maskedCode,
                1);
    }

    /**
     * Returns this card key moved to {@code target}, checked against the lifecycle table. Moving to
     * {@link CardKeyState#AVAILABLE} clears the order; moving to {@link CardKeyState#FROZEN} remembers the current
     * state, and a frozen code may only move back to that state.
     *
     * @param target the new state
     * @return the moved card key, one version higher
     * @throws IllegalTransitionException if the table forbids it, the code is frozen and {@code target} is not the
     *     state it was frozen in, or the code was revealed and {@code target} is {@link CardKeyState#AVAILABLE}
     */
    public CardKey transitionTo(CardKeyState target) {
        Objects.requireNonNull(target, "target");
        if (!state.canBecome(target)
                || (state == CardKeyState.FROZEN && frozenFrom.orElseThrow() != target)
                || (revealed && target == CardKeyState.AVAILABLE)) {
            throw new IllegalTransitionException(id, maskedCode, state, target);
        }
        Optional<CardKeyState> from = target == CardKeyState.FROZEN ? Optional.of(state) : Optional.empty();
        Optional<String> order = target == CardKeyState.AVAILABLE ? Optional.empty() : orderId;
        return new CardKey(
                id, sku, batchId, target, from, expiresAt, order, revealed, salesCount, maskedCode, version + 1);
    }

    /**
     * Returns this card key moved to {@code target} on behalf of {@code order} (a reservation or a sale).
     *
     * @param target {@link CardKeyState#RESERVED} or {@link CardKeyState#SOLD}
     * @param order the order id
     * @return the moved card key, one version higher, with its sales count raised by one for a sale
     * @throws IllegalTransitionException if the table forbids the move
     */
    public CardKey assignTo(CardKeyState target, String order) {
        Objects.requireNonNull(order, "order");
        if (target != CardKeyState.RESERVED && target != CardKeyState.SOLD) {
            throw new IllegalArgumentException("target was " + target + "; must be RESERVED or SOLD");
        }
        CardKey moved = transitionTo(target);
        long sales = target == CardKeyState.SOLD ? salesCount + 1 : salesCount;
        return new CardKey(
                id,
                sku,
                batchId,
                target,
                Optional.empty(),
                expiresAt,
                Optional.of(order),
                revealed,
                sales,
                maskedCode,
                moved.version);
    }

    /**
     * Returns this card key with one more sale counted and its state unchanged: how a reusable code is sold again.
     *
     * @param order the order that bought it
     * @return the updated card key, one version higher
     */
    public CardKey soldAgain(String order) {
        Objects.requireNonNull(order, "order");
        if (state != CardKeyState.SOLD && state != CardKeyState.AVAILABLE) {
            throw new IllegalTransitionException(id, maskedCode, state, CardKeyState.SOLD);
        }
        return new CardKey(
                id,
                sku,
                batchId,
                CardKeyState.SOLD,
                Optional.empty(),
                expiresAt,
                Optional.of(order),
                revealed,
                salesCount + 1,
                maskedCode,
                version + 1);
    }

    /**
     * Returns this card key marked as revealed; after that it can never return to stock.
     *
     * @return the updated card key, one version higher (or this one if it already was revealed)
     */
    public CardKey markRevealed() {
        if (revealed) {
            return this;
        }
        return new CardKey(
                id, sku, batchId, state, frozenFrom, expiresAt, orderId, true, salesCount, maskedCode, version + 1);
    }

    /**
     * Returns whether the code is expired at {@code now}, whatever its state says.
     *
     * @param now the current time
     * @return whether {@link #expiresAt()} is at or before {@code now}
     */
    public boolean isPastExpiry(Instant now) {
        Objects.requireNonNull(now, "now");
        return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
    }
}
