package io.cardkey.core;

import java.util.Objects;

/**
 * Thrown when a withdrawal or a prepaid purchase asks for more than the distributor's balance holds. Nothing was
 * paid out or bought.
 */
public final class InsufficientBalanceException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    /** Which balance ran short. */
    public enum BalanceKind {
        /** The released commissions a distributor may withdraw. */
        AVAILABLE,
        /** The prepaid balance (预存款) that pays for the distributor's purchases. */
        PREPAID
    }

    private final String distributor;
    private final BalanceKind kind;
    private final transient Money requested;
    private final transient Money available;

    InsufficientBalanceException(DistributorId distributor, BalanceKind kind, Money requested, Money available) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT) + " balance of " + distributor + " is " + available + "; "
                + requested + " was requested");
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
        this.kind = Objects.requireNonNull(kind, "kind");
        this.requested = requested;
        this.available = available;
    }

    /**
     * Returns the distributor.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }

    /**
     * Returns which balance ran short.
     *
     * @return the kind of balance
     */
    public BalanceKind getKind() {
        return kind;
    }

    /**
     * Returns the amount asked for.
     *
     * @return the requested amount
     */
    public Money getRequested() {
        return requested;
    }

    /**
     * Returns what the balance held when the request was refused.
     *
     * @return the available amount
     */
    public Money getAvailable() {
        return available;
    }

    /**
     * Returns how much was missing.
     *
     * @return requested minus available, positive
     */
    public Money getShortfall() {
        return requested.minus(available);
    }
}
