package io.cardkey.core;

import java.util.Objects;

/**
 * Thrown when adding or moving a distributor would place it, or one of its downlines, deeper in the {@link
 * DistributorTree} than the tree's {@linkplain DistributorTree#maxDepth() depth limit}. The tree is left as it
 * was.
 */
public final class DepthLimitExceededException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String distributor;
    private final int depth;
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param distributor the distributor being added or moved
     * @param depth the depth the deepest affected distributor would reach (1 is directly under the platform)
     * @param limit the tree's depth limit
     */
    public DepthLimitExceededException(DistributorId distributor, int depth, int limit) {
        super("placing distributor " + distributor + " there gives depth " + depth + "; the limit is " + limit);
        this.distributor = Objects.requireNonNull(distributor, "distributor").code();
        this.depth = depth;
        this.limit = limit;
    }

    /**
     * Returns the distributor being added or moved.
     *
     * @return the distributor
     */
    public DistributorId getDistributor() {
        return DistributorId.of(distributor);
    }

    /**
     * Returns the depth that would have been reached.
     *
     * @return the depth
     */
    public int getDepth() {
        return depth;
    }

    /**
     * Returns the tree's depth limit.
     *
     * @return the limit
     */
    public int getLimit() {
        return limit;
    }
}
