package io.cardkey.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The distribution tree (卡盟): the platform at the root, distributors below it, each with a {@link Tier} and at
 * most one upline. A distributor added without an upline sits directly under the platform (depth 1).
 *
 * <p><b>Cycles are impossible.</b> {@link #move} refuses an upline that is the distributor itself or one of its
 * downlines ({@link DistributorCycleException}), so following uplines always ends at the platform.
 *
 * <p><b>Paid levels and depth.</b> A sale pays commission to at most {@link #maxPaidLevels()} levels of its {@link
 * UplineChain} (default 2: the selling distributor and its upline). The limit exists because a chain in which
 * uplines are paid on the sales of downlines several levels below them is treated as pyramid selling (传销): in
 * China 《禁止传销条例》 (Regulations on Prohibition of Pyramid Selling, 2005) art. 7 lists, among the forms of
 * pyramid selling, paying uplines according to the sales performance of the downlines they developed (团队计酬),
 * and many other jurisdictions restrict multi-level compensation in similar ways. Hosts that raise the limit take
 * on that legal question themselves; this library does not give legal advice. The tree also limits its own {@link
 * #maxDepth()} (by default equal to the paid levels), so by default nobody sits deeper than the levels that can be
 * paid; a deeper tree is allowed when configured, and its deeper levels are simply not paid.
 *
 * <p><b>By design there is no pay-per-recruit and no entry fee.</b> Commission is earned only from sales of goods
 * (see {@link CommissionPolicy}); adding a distributor pays nobody and costs nothing, and the library offers no
 * feature to make it do either.
 *
 * <p><b>Suspension.</b> A suspended distributor stays in the tree (its downlines keep their place), but earns no
 * commission on sales made while it is suspended; see {@link CommissionPolicy}.
 *
 * <p>Thread-safe: every method is atomic, and a method that throws leaves the tree unchanged.
 */
public final class DistributorTree {
    /** The default number of paid levels, and the default depth limit. */
    public static final int DEFAULT_MAX_PAID_LEVELS = 2;

    private final int maxPaidLevels;
    private final int maxDepth;
    private final Map<DistributorId, Node> nodes = new HashMap<>();

    private DistributorTree(int maxPaidLevels, int maxDepth) {
        this.maxPaidLevels = maxPaidLevels;
        this.maxDepth = maxDepth;
    }

    private static final class Node {
        Tier tier;
        DistributorId upline;
        boolean suspended;
        final Set<DistributorId> downlines = new LinkedHashSet<>();

        Node(Tier tier, DistributorId upline) {
            this.tier = tier;
            this.upline = upline;
        }
    }

    /**
     * Returns an empty tree with the defaults: 2 paid levels and a depth limit of 2.
     *
     * @return a new tree
     */
    public static DistributorTree create() {
        return new DistributorTree(DEFAULT_MAX_PAID_LEVELS, DEFAULT_MAX_PAID_LEVELS);
    }

    /**
     * Returns an empty tree with these limits. Read the class documentation before raising the paid levels above
     * the default.
     *
     * @param maxPaidLevels the number of chain levels a sale can pay, at least 0 (0 pays no commission at all)
     * @param maxDepth how deep a distributor may sit (1 is directly under the platform), at least 1 and at least
     *     {@code maxPaidLevels}
     * @return a new tree
     * @throws IllegalArgumentException if a limit is out of range
     */
    public static DistributorTree withLimits(int maxPaidLevels, int maxDepth) {
        if (maxPaidLevels < 0) {
            throw new IllegalArgumentException("maxPaidLevels was " + maxPaidLevels + "; must be >= 0");
        }
        if (maxDepth < Math.max(1, maxPaidLevels)) {
            throw new IllegalArgumentException(
                    "maxDepth was " + maxDepth + "; must be >= 1 and >= maxPaidLevels (" + maxPaidLevels + ")");
        }
        return new DistributorTree(maxPaidLevels, maxDepth);
    }

    /**
     * Returns how many chain levels a sale can pay.
     *
     * @return the paid-level limit
     */
    public int maxPaidLevels() {
        return maxPaidLevels;
    }

    /**
     * Returns how deep a distributor may sit; 1 is directly under the platform.
     *
     * @return the depth limit
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Adds a distributor directly under the platform.
     *
     * @param distributor a distributor not yet in the tree
     * @param tier its tier
     * @throws DuplicateDistributorException if the distributor is already in the tree
     */
    public synchronized void add(DistributorId distributor, Tier tier) {
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(tier, "tier");
        if (nodes.containsKey(distributor)) {
            throw new DuplicateDistributorException(distributor);
        }
        nodes.put(distributor, new Node(tier, null));
    }

    /**
     * Adds a distributor under {@code upline}.
     *
     * @param distributor a distributor not yet in the tree
     * @param tier its tier
     * @param upline a distributor in the tree
     * @throws DuplicateDistributorException if the distributor is already in the tree
     * @throws UnknownDistributorException if the upline is not in the tree
     * @throws DepthLimitExceededException if the new distributor would sit deeper than {@link #maxDepth()}
     */
    public synchronized void add(DistributorId distributor, Tier tier, DistributorId upline) {
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(upline, "upline");
        if (nodes.containsKey(distributor)) {
            throw new DuplicateDistributorException(distributor);
        }
        Node parent = node(upline);
        int depth = depthOf(upline) + 1;
        if (depth > maxDepth) {
            throw new DepthLimitExceededException(distributor, depth, maxDepth);
        }
        nodes.put(distributor, new Node(tier, upline));
        parent.downlines.add(distributor);
    }

    /**
     * Moves a distributor, with all its downlines, under a new upline. Past sales keep the chains recorded with
     * them.
     *
     * @param distributor a distributor in the tree
     * @param newUpline a distributor in the tree that is neither {@code distributor} nor one of its downlines
     * @throws UnknownDistributorException if either is not in the tree
     * @throws DistributorCycleException if the move would create a cycle
     * @throws DepthLimitExceededException if the distributor or one of its downlines would sit deeper than {@link
     *     #maxDepth()}
     */
    public synchronized void move(DistributorId distributor, DistributorId newUpline) {
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(newUpline, "newUpline");
        Node node = node(distributor);
        node(newUpline);
        for (DistributorId at = newUpline; at != null; at = nodes.get(at).upline) {
            if (at.equals(distributor)) {
                throw new DistributorCycleException(distributor, newUpline);
            }
        }
        int deepest = depthOf(newUpline) + 1 + height(distributor);
        if (deepest > maxDepth) {
            throw new DepthLimitExceededException(distributor, deepest, maxDepth);
        }
        relink(distributor, node, newUpline);
    }

    /**
     * Moves a distributor, with all its downlines, directly under the platform.
     *
     * @param distributor a distributor in the tree
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized void moveToTop(DistributorId distributor) {
        Objects.requireNonNull(distributor, "distributor");
        Node node = node(distributor);
        // Moving up never makes anybody deeper, so no depth check is needed.
        relink(distributor, node, null);
    }

    private void relink(DistributorId distributor, Node node, DistributorId newUpline) {
        if (node.upline != null) {
            nodes.get(node.upline).downlines.remove(distributor);
        }
        node.upline = newUpline;
        if (newUpline != null) {
            nodes.get(newUpline).downlines.add(distributor);
        }
    }

    /**
     * Changes a distributor's tier; sales already made keep the tier recorded in their chain.
     *
     * @param distributor a distributor in the tree
     * @param tier the new tier
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized void changeTier(DistributorId distributor, Tier tier) {
        Objects.requireNonNull(tier, "tier");
        node(distributor).tier = tier;
    }

    /**
     * Suspends a distributor: until resumed it earns no commission on new sales (its share goes to the platform).
     *
     * @param distributor a distributor in the tree
     * @return {@code true} if it was active, {@code false} if it was already suspended
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized boolean suspend(DistributorId distributor) {
        Node node = node(distributor);
        boolean changed = !node.suspended;
        node.suspended = true;
        return changed;
    }

    /**
     * Resumes a suspended distributor.
     *
     * @param distributor a distributor in the tree
     * @return {@code true} if it was suspended, {@code false} if it was already active
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized boolean resume(DistributorId distributor) {
        Node node = node(distributor);
        boolean changed = node.suspended;
        node.suspended = false;
        return changed;
    }

    /**
     * Returns whether a distributor is suspended.
     *
     * @param distributor a distributor in the tree
     * @return whether it is suspended
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized boolean isSuspended(DistributorId distributor) {
        return node(distributor).suspended;
    }

    /**
     * Returns whether a distributor is in the tree.
     *
     * @param distributor the distributor
     * @return whether it is in the tree
     */
    public synchronized boolean contains(DistributorId distributor) {
        return nodes.containsKey(Objects.requireNonNull(distributor, "distributor"));
    }

    /**
     * Returns the number of distributors.
     *
     * @return the size
     */
    public synchronized int size() {
        return nodes.size();
    }

    /**
     * Returns a distributor's tier.
     *
     * @param distributor a distributor in the tree
     * @return its tier
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized Tier tier(DistributorId distributor) {
        return node(distributor).tier;
    }

    /**
     * Returns a distributor's upline.
     *
     * @param distributor a distributor in the tree
     * @return its upline, or empty when it sits directly under the platform
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized Optional<DistributorId> upline(DistributorId distributor) {
        return Optional.ofNullable(node(distributor).upline);
    }

    /**
     * Returns a distributor's direct downlines.
     *
     * @param distributor a distributor in the tree
     * @return its direct downlines, sorted; an unmodifiable copy
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized Set<DistributorId> downlines(DistributorId distributor) {
        return Collections.unmodifiableSet(new TreeSet<>(node(distributor).downlines));
    }

    /**
     * Returns how deep a distributor sits: 1 directly under the platform.
     *
     * @param distributor a distributor in the tree
     * @return its depth
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized int depth(DistributorId distributor) {
        node(distributor);
        return depthOf(distributor);
    }

    /**
     * Takes the snapshot of the chain a sale through {@code seller} pays: the seller at level 1, then its uplines,
     * at most {@link #maxPaidLevels()} levels, each with its current tier and suspension. For a distributor's own
     * purchase, pass its upline (a purchase by a distributor directly under the platform has {@link
     * UplineChain#empty()}).
     *
     * @param seller a distributor in the tree
     * @return the chain to record with the sale
     * @throws UnknownDistributorException if it is not in the tree
     */
    public synchronized UplineChain chainOf(DistributorId seller) {
        node(seller);
        List<UplineChain.Link> links = new ArrayList<>(maxPaidLevels);
        for (DistributorId at = seller; at != null && links.size() < maxPaidLevels; at = nodes.get(at).upline) {
            Node n = nodes.get(at);
            links.add(new UplineChain.Link(at, n.tier, n.suspended));
        }
        return UplineChain.of(links);
    }

    private Node node(DistributorId distributor) {
        Objects.requireNonNull(distributor, "distributor");
        Node node = nodes.get(distributor);
        if (node == null) {
            throw new UnknownDistributorException(distributor);
        }
        return node;
    }

    private int depthOf(DistributorId distributor) {
        int depth = 0;
        for (DistributorId at = distributor; at != null; at = nodes.get(at).upline) {
            depth++;
        }
        return depth;
    }

    /** Levels below the distributor: 0 for a distributor without downlines. */
    private int height(DistributorId distributor) {
        int height = 0;
        for (DistributorId down : nodes.get(distributor).downlines) {
            height = Math.max(height, 1 + height(down));
        }
        return height;
    }

    @Override
    public synchronized String toString() {
        return "DistributorTree[" + nodes.size() + " distributors, " + maxPaidLevels + " paid levels, depth limit "
                + maxDepth + "]";
    }
}
