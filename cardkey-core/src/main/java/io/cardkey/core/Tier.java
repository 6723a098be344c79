package io.cardkey.core;

import java.util.Objects;

/**
 * A price level (等级) defined by the host, such as general agent (总代), agent, VIP or retail. Each distributor
 * has one tier, and a {@link PriceList} has a price per product per tier.
 *
 * <p>The {@linkplain #rank() rank} orders tiers along the distribution chain: rank 0 is the top of the chain (the
 * general agent, who buys cheapest) and ranks grow towards retail (the end customer, who pays the most). A price
 * list checks that prices never fall as the rank grows. Ranks need not be consecutive.
 *
 * <p>Instances are immutable and thread-safe; equal when name and rank are equal. They sort by rank.
 */
public final class Tier implements Comparable<Tier> {
    private static final int MAX_NAME = 64;

    private final String name;
    private final int rank;

    private Tier(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    /**
     * Returns the tier with this name and rank.
     *
     * @param name 1 to 64 characters, not blank, without control characters (any script: {@code "总代"} is fine)
     * @param rank 0 for the top of the chain, larger towards retail
     * @return the tier
     * @throws IllegalArgumentException if the name is blank, too long or has control characters, or the rank is
     *     negative
     */
    public static Tier of(String name, int rank) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("tier name was \"" + name + "\"; must be 1 to " + MAX_NAME
                    + " characters, not blank, without control characters");
        }
        if (rank < 0) {
            throw new IllegalArgumentException("tier rank was " + rank + "; must be >= 0 (0 is the top of the chain)");
        }
        return new Tier(name, rank);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the rank: 0 at the top of the chain, larger towards retail.
     *
     * @return the rank
     */
    public int rank() {
        return rank;
    }

    /** Orders by rank, then by name. */
    @Override
    public int compareTo(Tier other) {
        int byRank = Integer.compare(rank, other.rank);
        return byRank != 0 ? byRank : name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Tier && ((Tier) obj).rank == rank && ((Tier) obj).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + rank;
    }

    /** Returns the name and the rank, like {@code "agent#1"}. */
    @Override
    public String toString() {
        return name + "#" + rank;
    }
}
