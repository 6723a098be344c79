package io.cardkey.core;

import java.util.Objects;

/**
 * Thrown when a move would make a distributor its own upline, directly or through its downlines. The tree is left
 * as it was.
 */
public final class DistributorCycleException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String distributor;
    private final String upline;

    /**
     * Creates the exception.
     *
     * @param distributor the distributor being moved
     * @param upline the proposed upline, which is the distributor itself or one of its downlines
     */
    public DistributorCycleException(DistributorId distributor, DistributorId upline) {
        super("moving distributor " + distributor + " under " + upline + " would create a cycle: " + upline
                + (upline.equals(distributor) ? " is the distributor itself" : " is one of its downlines"));
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
        this.upline = upline.code();
    }

    /**
     * Returns the distributor being moved.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }

    /**
     * Returns the proposed upline.
     *
     * @return the proposed upline
     */
    public DistributorId getUpline() {
        return DistributorId.of(upline);
    }
}
