package io.cardkey.core;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The distributors a sale was made through, fixed at the moment of the sale: level 1 is the distributor who sold
 * (or, for a distributor's own purchase, its upline), level 2 that distributor's upline, and so on, each with the
 * tier it had and whether it was suspended. A chain is recorded with each sale, so moving, re-tiering or
 * suspending a distributor later never changes the commissions of past sales.
 *
 * <p>An empty chain is a sale made directly by the platform. {@link DistributorTree#chainOf(DistributorId)} takes
 * the snapshot; {@link #of(List)} rebuilds one from a record.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UplineChain {
    private static final UplineChain EMPTY = new UplineChain(List.of());

    private final List<Link> links;

    private UplineChain(List<Link> links) {
        this.links = links;
    }

    /**
     * One distributor in a chain, as it was at sale time.
     *
     * @param distributor the distributor
     * @param tier its tier at sale time
     * @param suspended whether it was suspended at sale time; a suspended distributor earns nothing
     */
    public record Link(DistributorId distributor, Tier tier, boolean suspended) {
        /**
         * Checks the components.
         *
         * @param distributor the distributor
         * @param tier its tier at sale time
         * @param suspended whether it was suspended at sale time
         */
        public Link {
            Objects.requireNonNull(distributor, "distributor");
            Objects.requireNonNull(tier, "tier");
        }
    }

    /**
     * Returns the chain of a sale made directly by the platform.
     *
     * @return the empty chain
     */
    public static UplineChain empty() {
        return EMPTY;
    }

    /**
     * Returns a chain of these links, level 1 first.
     *
     * @param links the links, level 1 first; no distributor twice
     * @return the chain
     * @throws IllegalArgumentException if a distributor appears twice
     */
    public static UplineChain of(List<Link> links) {
        List<Link> copy = List.copyOf(links);
        Set<DistributorId> seen = new HashSet<>();
        for (Link link : copy) {
            if (!seen.add(link.distributor())) {
                throw new IllegalArgumentException(
                        "links had distributor " + link.distributor() + " twice; a chain never repeats a distributor");
            }
        }
        return copy.isEmpty() ? EMPTY : new UplineChain(copy);
    }

    /**
     * Returns the links, level 1 first.
     *
     * @return the unmodifiable links
     */
    public List<Link> links() {
        return links;
    }

    /**
     * Returns the number of levels.
     *
     * @return the size
     */
    public int size() {
        return links.size();
    }

    /**
     * Returns the link at {@code level}.
     *
     * @param level from 1 to {@link #size()}
     * @return the link
     * @throws IllegalArgumentException if there is no such level
     */
    public Link level(int level) {
        if (level < 1 || level > links.size()) {
            throw new IllegalArgumentException(
                    "level was " + level + "; must be between 1 and " + links.size() + " for this chain");
        }
        return links.get(level - 1);
    }

    /**
     * Returns {@code true} for a sale made directly by the platform.
     *
     * @return whether the chain is empty
     */
    public boolean isEmpty() {
        return links.isEmpty();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof UplineChain && ((UplineChain) obj).links.equals(links);
    }

    @Override
    public int hashCode() {
        return links.hashCode();
    }

    /** Returns the levels, like {@code "UplineChain[1:bob(agent#1), 2:alice(总代#0, suspended)]"}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("UplineChain[");
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            out.append(i == 0 ? "" : ", ")
                    .append(i + 1)
                    .append(':')
                    .append(l.distributor())
                    .append('(')
                    .append(l.tier())
                    .append(l.suspended() ? ", suspended" : "")
                    .append(')');
        }
        return out.append(']').toString();
    }
}
