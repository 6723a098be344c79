package io.cardkey.core;

import java.util.Objects;

/** Thrown when a distributor is added to a {@link DistributorTree} that already holds it. */
public final class DuplicateDistributorException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String distributor;

    /**
     * Creates the exception.
     *
     * @param distributor the distributor already in the tree
     */
    public DuplicateDistributorException(DistributorId distributor) {
        super("distributor " + distributor + " is already in the tree; use move to change its upline");
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
    }

    /**
     * Returns the distributor already in the tree.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }
}
