package io.cardkey.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How the price of one sale divides: {@code price = supplierCost + platformMargin + Σ commissions}, exactly, in
 * integer minor units, with the platform margin never negative and no commission negative. Every instance checks
 * this when created, so a split that does not add up cannot exist.
 *
 * <p>Produced by {@link CommissionPolicy#split}; {@link #of} rebuilds one from a record. The ledger postings of a
 * sale are made from it: supplier payable, platform revenue, one commission per share.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SaleSplit {
    private final Sku sku;
    private final long quantity;
    private final Money price;
    private final Money supplierCost;
    private final Money platformMargin;
    private final List<CommissionShare> shares;
    private final UplineChain chain;

    /** Checks that the parts add up; every instance passes through here. {@code shares} is owned by the split. */
    private SaleSplit(
            Sku sku,
            long quantity,
            Money price,
            Money supplierCost,
            Money platformMargin,
            List<CommissionShare> shares,
            UplineChain chain) {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(supplierCost, "supplierCost");
        Objects.requireNonNull(platformMargin, "platformMargin");
        Objects.requireNonNull(chain, "chain");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity was " + quantity + "; must be at least 1");
        }
        same(price, supplierCost);
        same(price, platformMargin);
        if (price.isNegative() || supplierCost.isNegative() || platformMargin.isNegative()) {
            throw new IllegalArgumentException("price " + price + ", supplier cost " + supplierCost
                    + " and platform margin " + platformMargin + " must not be negative");
        }
        if (shares.size() > chain.size()) {
            throw new IllegalArgumentException(
                    "shares had " + shares.size() + " levels; the chain has only " + chain.size());
        }
        long sum = Math.addExact(supplierCost.minorUnits(), platformMargin.minorUnits());
        long forfeited = 0;
        for (int i = 0; i < shares.size(); i++) {
            CommissionShare share = shares.get(i);
            DistributorId expected = chain.level(i + 1).distributor();
            if (share.level() != i + 1 || !share.distributor().equals(expected)) {
                throw new IllegalArgumentException("shares[" + i + "] was level " + share.level() + " for "
                        + share.distributor() + "; must be level " + (i + 1) + " for " + expected);
            }
            same(price, share.amount());
            sum = Math.addExact(sum, share.amount().minorUnits());
            forfeited = Math.addExact(forfeited, share.forfeited().minorUnits());
        }
        if (sum != price.minorUnits()) {
            throw new IllegalArgumentException("split does not add up: supplier cost " + supplierCost
                    + " + platform margin " + platformMargin + " + commissions = "
                    + Money.ofMinor(sum, price.currency()) + "; must equal the price " + price);
        }
        if (forfeited > platformMargin.minorUnits()) {
            throw new IllegalArgumentException("forfeited commissions " + Money.ofMinor(forfeited, price.currency())
                    + " must be part of the platform margin " + platformMargin);
        }
        this.sku = sku;
        this.quantity = quantity;
        this.price = price;
        this.supplierCost = supplierCost;
        this.platformMargin = platformMargin;
        this.shares = shares;
        this.chain = chain;
    }

    private static void same(Money expected, Money actual) {
        if (!expected.currency().equals(actual.currency())) {
            throw new CurrencyMismatchException(expected.currency(), actual.currency());
        }
    }

    /**
     * Returns a split after checking that it adds up.
     *
     * @param sku the product
     * @param quantity the number of units, at least 1
     * @param price what the buyer paid, not negative
     * @param supplierCost the supplier's cost of the units, not negative
     * @param platformMargin what the platform keeps, not negative
     * @param shares one share per paid level of the chain, levels 1, 2, … in order
     * @param chain the chain the sale was made through, as recorded at sale time
     * @return the split
     * @throws IllegalArgumentException if the parts do not add up to the price exactly, an amount is negative, or
     *     the shares do not match the chain's levels and distributors
     * @throws CurrencyMismatchException if the amounts are not all in one currency
     */
    public static SaleSplit of(
            Sku sku,
            long quantity,
            Money price,
            Money supplierCost,
            Money platformMargin,
            List<CommissionShare> shares,
            UplineChain chain) {
        return new SaleSplit(sku, quantity, price, supplierCost, platformMargin, List.copyOf(shares), chain);
    }

    /** For the policy, which hands over a list nobody else holds. */
    static SaleSplit owning(
            Sku sku,
            long quantity,
            Money price,
            Money supplierCost,
            Money platformMargin,
            List<CommissionShare> shares,
            UplineChain chain) {
        return new SaleSplit(
                sku, quantity, price, supplierCost, platformMargin, Collections.unmodifiableList(shares), chain);
    }

    /**
     * Returns the product.
     *
     * @return the product
     */
    public Sku sku() {
        return sku;
    }

    /**
     * Returns the number of units.
     *
     * @return the quantity
     */
    public long quantity() {
        return quantity;
    }

    /**
     * Returns what the buyer paid.
     *
     * @return the price
     */
    public Money price() {
        return price;
    }

    /**
     * Returns the supplier's cost of the units.
     *
     * @return the cost
     */
    public Money supplierCost() {
        return supplierCost;
    }

    /**
     * Returns what the platform keeps, including commissions forfeited by suspended distributors.
     *
     * @return the platform margin, not negative
     */
    public Money platformMargin() {
        return platformMargin;
    }

    /**
     * Returns one share per paid level, level 1 first.
     *
     * @return the unmodifiable shares
     */
    public List<CommissionShare> shares() {
        return shares;
    }

    /**
     * Returns the sum of the commissions.
     *
     * @return the total commission, not negative
     */
    public Money totalCommission() {
        Money total = Money.zero(price.currency());
        for (CommissionShare share : shares) {
            total = total.plus(share.amount());
        }
        return total;
    }

    /**
     * Returns the part of the platform margin that suspended distributors forfeited.
     *
     * @return the forfeited total, not negative
     */
    public Money forfeited() {
        Money total = Money.zero(price.currency());
        for (CommissionShare share : shares) {
            total = total.plus(share.forfeited());
        }
        return total;
    }

    /**
     * Returns the chain recorded with the sale.
     *
     * @return the chain
     */
    public UplineChain chain() {
        return chain;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof SaleSplit)) {
            return false;
        }
        SaleSplit s = (SaleSplit) obj;
        return sku.equals(s.sku)
                && quantity == s.quantity
                && price.equals(s.price)
                && supplierCost.equals(s.supplierCost)
                && platformMargin.equals(s.platformMargin)
                && shares.equals(s.shares)
                && chain.equals(s.chain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sku, quantity, price, supplierCost, platformMargin, shares, chain);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("SaleSplit[")
                .append(sku)
                .append(" x")
                .append(quantity)
                .append(": price ")
                .append(price)
                .append(" = cost ")
                .append(supplierCost)
                .append(" + platform ")
                .append(platformMargin);
        for (CommissionShare share : shares) {
            out.append(" + L")
                    .append(share.level())
                    .append(' ')
                    .append(share.distributor())
                    .append(' ');
            out.append(share.amount().toBigDecimal().toPlainString());
        }
        return out.append(']').toString();
    }
}
