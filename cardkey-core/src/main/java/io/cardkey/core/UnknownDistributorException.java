package io.cardkey.core;

import java.util.Objects;

/** Thrown when an operation names a distributor that is not in the {@link DistributorTree}. */
public final class UnknownDistributorException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String distributor;

    /**
     * Creates the exception.
     *
     * @param distributor the unknown distributor
     */
    public UnknownDistributorException(DistributorId distributor) {
        super("distributor " + distributor + " is not in the tree");
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
    }

    /**
     * Returns the unknown distributor.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }
}
