package io.cardkey.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a card key is in its lifecycle, and the one table of transitions the library allows between states.
 *
 * <pre>
 *   AVAILABLE ──reserve──► RESERVED ──confirm──► SOLD ──redeem──► REDEEMED
 *       ▲                     │                   ├──refund──► VOIDED
 *       └──release / ttl──────┘                   └──dispute─► DISPUTED
 *   AVAILABLE ──sale after an expired reservation──► SOLD
 *   AVAILABLE / RESERVED / SOLD / DISPUTED ──freeze──► FROZEN ──unfreeze──► the state it was frozen in
 *   AVAILABLE / SOLD past their expiry ──► EXPIRED
 * </pre>
 *
 * <p>{@link #REDEEMED}, {@link #VOIDED} and {@link #EXPIRED} are final, and so is {@link #DISPUTED} apart from risk
 * control (freeze and unfreeze): a dispute takes the bad code out of its order and delivers a replacement, so a later
 * refund of the order voids the replacement and the disputed code stays on record as the supplier's bad code. Two rules sit on top of the table and are
 * enforced where a card key changes ({@link CardKey#transitionTo(CardKeyState)}): a code that was revealed to anybody
 * never returns to {@link #AVAILABLE}, and a {@link #FROZEN} code only ever returns to the state it was frozen in.
 *
 * <p>Immutable and thread-safe.
 */
public enum CardKeyState {
    /** In stock, may be reserved or sold. */
    AVAILABLE,
    /** Held for one order until it is confirmed, released or its reservation expires. */
    RESERVED,
    /** Sold to one order; the buyer may reveal it. */
    SOLD,
    /** Used up by its holder; final. */
    REDEEMED,
    /** Taken out of circulation after a refund; final, never back in stock. */
    VOIDED,
    /** Reported bad by the buyer; a replacement is delivered from stock. */
    DISPUTED,
    /** Blocked by risk control; unfreezing returns it to the state it was frozen in. */
    FROZEN,
    /** Past its expiry date; final. */
    EXPIRED;

    private static final Map<CardKeyState, Set<CardKeyState>> TABLE = table();

    private static Map<CardKeyState, Set<CardKeyState>> table() {
        Map<CardKeyState, Set<CardKeyState>> t = new EnumMap<>(CardKeyState.class);
        t.put(AVAILABLE, EnumSet.of(RESERVED, SOLD, FROZEN, EXPIRED));
        t.put(RESERVED, EnumSet.of(AVAILABLE, SOLD, FROZEN));
        t.put(SOLD, EnumSet.of(REDEEMED, VOIDED, DISPUTED, FROZEN, EXPIRED));
        t.put(DISPUTED, EnumSet.of(FROZEN));
        // Unfreezing goes back to the remembered state; the table lists every state a code can be frozen in.
        t.put(FROZEN, EnumSet.of(AVAILABLE, RESERVED, SOLD, DISPUTED));
        t.put(REDEEMED, EnumSet.noneOf(CardKeyState.class));
        t.put(VOIDED, EnumSet.noneOf(CardKeyState.class));
        t.put(EXPIRED, EnumSet.noneOf(CardKeyState.class));
        t.replaceAll((state, targets) -> Collections.unmodifiableSet(targets));
        return Collections.unmodifiableMap(t);
    }

    /**
     * Returns whether the lifecycle table allows a move from this state to {@code target}.
     *
     * @param target the state to move to
     * @return whether the table allows it
     * @throws NullPointerException if {@code target} is null
     */
    public boolean canBecome(CardKeyState target) {
        return TABLE.get(this).contains(Objects.requireNonNull(target, "target"));
    }

    /**
     * Returns the states the table allows from this one.
     *
     * @return an unmodifiable set, empty for final states
     */
    public Set<CardKeyState> allowedTargets() {
        return TABLE.get(this);
    }

    /**
     * Returns whether this state is final: no transition leaves it.
     *
     * @return whether the state is final
     */
    public boolean isFinal() {
        return TABLE.get(this).isEmpty();
    }
}
