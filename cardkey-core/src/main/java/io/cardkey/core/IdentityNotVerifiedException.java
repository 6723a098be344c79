package io.cardkey.core;

import java.util.Objects;

/**
 * Thrown when a distributor whose identity (实名) the host has not verified tries to withdraw while {@link
 * ComplianceLimits} forbid it. Nothing was paid out.
 */
public final class IdentityNotVerifiedException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String distributor;

    IdentityNotVerifiedException(DistributorId distributor) {
        super("distributor " + distributor + " cannot withdraw until the host has verified its identity");
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
    }

    /**
     * Returns the distributor.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }
}
