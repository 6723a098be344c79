package io.cardkey.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prices per product (SKU) per {@link Tier} in one currency, with quantity breaks (批发价) and per-distributor
 * overrides, and the supplier cost they are checked against. Catalog-free: products are known here only by their
 * {@link Sku}.
 *
 * <p>How a unit price is chosen by {@link #quote(Sku, Tier, DistributorId, long)}:
 *
 * <ol>
 *   <li>a price agreed with the distributor ({@link PriceSource#DISTRIBUTOR_OVERRIDE}) wins outright;
 *   <li>else the tier's quantity break with the largest threshold not above the quantity ({@link
 *       PriceSource#QUANTITY_BREAK});
 *   <li>else the tier's base price ({@link PriceSource#TIER_BASE}).
 * </ol>
 *
 * <p>{@link Builder#build()} checks the whole list, so a price list that exists is consistent: every price is
 * positive and not below the product's supplier cost; at every quantity the effective price never falls from the
 * top of the chain (rank 0) towards retail; a quantity break is never dearer than the price it discounts.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PriceList {
    private final Currency currency;
    private final Map<Sku, Product> products;

    private PriceList(Currency currency, Map<Sku, Product> products) {
        this.currency = currency;
        this.products = products;
    }

    /**
     * Starts a price list in {@code currency}.
     *
     * @param currency the currency of every amount in the list
     * @return a new builder
     */
    public static Builder builder(Currency currency) {
        return new Builder(Money.zero(currency).currency());
    }

    /**
     * Returns the currency of every price.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    /**
     * Returns the products in the list.
     *
     * @return the SKUs, sorted; unmodifiable
     */
    public Set<Sku> skus() {
        return Collections.unmodifiableSet(new TreeSet<>(products.keySet()));
    }

    /**
     * Returns the supplier cost of one unit, the floor under every price of the product.
     *
     * @param sku the product
     * @return the supplier's unit cost
     * @throws MissingPriceException if the product is not in the list
     */
    public Money supplierCost(Sku sku) {
        return product(sku).cost;
    }

    /**
     * Quotes {@code quantity} units of {@code sku} for {@code tier}.
     *
     * @param sku the product
     * @param tier the buyer's tier
     * @param quantity the number of units, at least 1
     * @return the quote with the rule that produced the price
     * @throws IllegalArgumentException if {@code quantity} is less than 1
     * @throws MissingPriceException if the product is unknown or has no price for the tier
     * @throws ArithmeticException if the total overflows
     */
    public Quote quote(Sku sku, Tier tier, long quantity) {
        return quote(sku, tier, null, quantity);
    }

    /**
     * Quotes {@code quantity} units of {@code sku} for a distributor of {@code tier}; a price agreed with that
     * distributor wins over the tier's prices.
     *
     * @param sku the product
     * @param tier the distributor's tier
     * @param distributor the distributor, or {@code null} for the plain tier price
     * @param quantity the number of units, at least 1
     * @return the quote with the rule that produced the price
     * @throws IllegalArgumentException if {@code quantity} is less than 1
     * @throws MissingPriceException if the product is unknown, or has no price for the tier and no override for
     *     the distributor
     * @throws ArithmeticException if the total overflows
     */
    public Quote quote(Sku sku, Tier tier, DistributorId distributor, long quantity) {
        Objects.requireNonNull(tier, "tier");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity was " + quantity + "; must be at least 1");
        }
        Product product = product(sku);
        if (distributor != null) {
            Money override = product.overrides.get(distributor);
            if (override != null) {
                return new Quote(sku, tier, distributor, quantity, override, PriceSource.DISTRIBUTOR_OVERRIDE, 0);
            }
        }
        Money base = product.base.get(tier);
        if (base == null) {
            throw new MissingPriceException(sku, tier);
        }
        NavigableMap<Long, Money> breaks = product.breaks.get(tier);
        Map.Entry<Long, Money> applicable = breaks == null ? null : breaks.floorEntry(quantity);
        if (applicable != null) {
            return new Quote(
                    sku,
                    tier,
                    distributor,
                    quantity,
                    applicable.getValue(),
                    PriceSource.QUANTITY_BREAK,
                    applicable.getKey());
        }
        return new Quote(sku, tier, distributor, quantity, base, PriceSource.TIER_BASE, 0);
    }

    /** Every unit price a buyer of this product can be charged, for checks made when a plan is configured. */
    List<Money> pricePoints(Sku sku) {
        Product p = product(sku);
        List<Money> points = new ArrayList<>(p.base.values());
        p.breaks.values().forEach(b -> points.addAll(b.values()));
        points.addAll(p.overrides.values());
        return points;
    }

    private Product product(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        Product product = products.get(sku);
        if (product == null) {
            throw new MissingPriceException(sku, null);
        }
        return product;
    }

    @Override
    public String toString() {
        return "PriceList[" + currency + ", " + products.size() + " products]";
    }

    private static final class Product {
        final Money cost;
        final NavigableMap<Tier, Money> base = new TreeMap<>();
        final Map<Tier, NavigableMap<Long, Money>> breaks = new HashMap<>();
        final Map<DistributorId, Money> overrides = new HashMap<>();

        Product(Money cost) {
            this.cost = cost;
        }

        Product copy() {
            Product p = new Product(cost);
            p.base.putAll(base);
            breaks.forEach((t, b) -> p.breaks.put(t, new TreeMap<>(b)));
            p.overrides.putAll(overrides);
            return p;
        }
    }

    /**
     * Collects the prices of a {@link PriceList}. Each method checks its own arguments at once; {@link #build()}
     * checks the list as a whole. Not thread-safe; a builder may be reused, later calls do not change lists
     * already built.
     */
    public static final class Builder {
        private final Currency currency;
        private final Map<Sku, Product> products = new LinkedHashMap<>();
        private final Map<String, Tier> tiersByName = new HashMap<>();
        private final Map<Integer, Tier> tiersByRank = new HashMap<>();

        private Builder(Currency currency) {
            this.currency = currency;
        }

        /**
         * Adds a product with the supplier's unit cost, the floor under all its prices.
         *
         * @param sku the product, not yet added
         * @param supplierUnitCost the cost of one unit, not negative, in the list's currency
         * @return this builder
         * @throws IllegalArgumentException if the product was already added or the cost is negative
         * @throws CurrencyMismatchException if the cost is in another currency
         */
        public Builder product(Sku sku, Money supplierUnitCost) {
            Objects.requireNonNull(sku, "sku");
            Money cost = inCurrency(supplierUnitCost, "supplierUnitCost");
            if (cost.isNegative()) {
                throw new IllegalArgumentException("supplierUnitCost was " + cost + "; must not be negative");
            }
            if (products.containsKey(sku)) {
                throw new IllegalArgumentException("sku " + sku + " was already added; each product is added once");
            }
            products.put(sku, new Product(cost));
            return this;
        }

        /**
         * Sets the base unit price of a product for a tier.
         *
         * @param sku a product already added
         * @param tier the tier; its name and rank must not clash with another tier in this list
         * @param unitPrice the price of one unit, positive
         * @return this builder
         * @throws IllegalArgumentException if the product was not added, the tier already has a base price for it,
         *     the price is not positive, or another tier has the same name or rank
         * @throws CurrencyMismatchException if the price is in another currency
         */
        public Builder tierPrice(Sku sku, Tier tier, Money unitPrice) {
            Product p = known(sku);
            Objects.requireNonNull(tier, "tier");
            Money price = positive(unitPrice, "unitPrice");
            Tier t = registered(tier);
            if (p.base.containsKey(t)) {
                throw new IllegalArgumentException("tier " + t + " already has a price for sku " + sku);
            }
            p.base.put(t, price);
            return this;
        }

        /**
         * Adds a quantity break: from {@code fromQuantity} units on, the tier pays {@code unitPrice} per unit.
         *
         * @param sku a product already added
         * @param tier the tier
         * @param fromQuantity the smallest quantity the break applies to, at least 2
         * @param unitPrice the price of one unit, positive
         * @return this builder
         * @throws IllegalArgumentException if the product was not added, the threshold is below 2 or already set,
         *     the price is not positive, or the tier clashes with another tier
         * @throws CurrencyMismatchException if the price is in another currency
         */
        public Builder quantityBreak(Sku sku, Tier tier, long fromQuantity, Money unitPrice) {
            Product p = known(sku);
            Objects.requireNonNull(tier, "tier");
            if (fromQuantity < 2) {
                throw new IllegalArgumentException("fromQuantity was " + fromQuantity
                        + "; must be at least 2 (quantity 1 is the tier's base price)");
            }
            Money price = positive(unitPrice, "unitPrice");
            NavigableMap<Long, Money> breaks = p.breaks.get(tier);
            if (breaks != null && breaks.containsKey(fromQuantity)) {
                throw new IllegalArgumentException(
                        "tier " + tier + " already has a break from " + fromQuantity + " units for sku " + sku);
            }
            Tier t = registered(tier);
            p.breaks.computeIfAbsent(t, k -> new TreeMap<>()).put(fromQuantity, price);
            return this;
        }

        /**
         * Sets the unit price agreed with one distributor; it replaces the tier's prices and breaks for them.
         *
         * @param sku a product already added
         * @param distributor the distributor
         * @param unitPrice the price of one unit, positive
         * @return this builder
         * @throws IllegalArgumentException if the product was not added, the distributor already has a price for
         *     it, or the price is not positive
         * @throws CurrencyMismatchException if the price is in another currency
         */
        public Builder distributorPrice(Sku sku, DistributorId distributor, Money unitPrice) {
            Product p = known(sku);
            Objects.requireNonNull(distributor, "distributor");
            Money price = positive(unitPrice, "unitPrice");
            if (p.overrides.containsKey(distributor)) {
                throw new IllegalArgumentException(
                        "distributor " + distributor + " already has a price for sku " + sku);
            }
            p.overrides.put(distributor, price);
            return this;
        }

        /**
         * Checks the whole list and returns it.
         *
         * @return the immutable price list
         * @throws PriceListValidationException if a product has no tier price, a price is below the supplier cost,
         *     a quantity break is dearer than the price it discounts, or at some quantity a tier pays less than a
         *     tier above it in the chain
         */
        public PriceList build() {
            Map<Sku, Product> copy = new HashMap<>();
            products.forEach((sku, p) -> {
                validate(sku, p);
                copy.put(sku, p.copy());
            });
            return new PriceList(currency, Collections.unmodifiableMap(copy));
        }

        private static void validate(Sku sku, Product p) {
            if (p.base.isEmpty()) {
                throw new PriceListValidationException(
                        "sku " + sku + " has no tier price; every product needs at least one", sku, null, null, null);
            }
            p.base.forEach((tier, price) -> notBelowCost(sku, tier, price, p.cost));
            p.breaks.forEach(
                    (tier, breaks) -> breaks.values().forEach(price -> notBelowCost(sku, tier, price, p.cost)));
            p.overrides.forEach((distributor, price) -> {
                if (price.isLessThan(p.cost)) {
                    throw new PriceListValidationException(
                            "sku " + sku + ": price for distributor " + distributor + " was " + price
                                    + "; must not be below the supplier cost " + p.cost,
                            sku,
                            null,
                            price,
                            p.cost);
                }
            });
            for (Map.Entry<Tier, NavigableMap<Long, Money>> e : p.breaks.entrySet()) {
                Tier tier = e.getKey();
                Money previous = p.base.get(tier);
                if (previous == null) {
                    throw new PriceListValidationException(
                            "sku " + sku + ": tier " + tier + " has quantity breaks but no base price",
                            sku,
                            tier,
                            null,
                            null);
                }
                long previousFrom = 1;
                for (Map.Entry<Long, Money> b : e.getValue().entrySet()) {
                    if (b.getValue().isGreaterThan(previous)) {
                        throw new PriceListValidationException(
                                "sku " + sku + ", tier " + tier + ": price from " + b.getKey() + " units was "
                                        + b.getValue() + "; must not exceed " + previous + " (the price from "
                                        + previousFrom + " units)",
                                sku,
                                tier,
                                b.getValue(),
                                previous);
                    }
                    previous = b.getValue();
                    previousFrom = b.getKey();
                }
            }
            // At every quantity where some price changes, prices must not fall from the top of the chain to retail.
            TreeSet<Long> quantities = new TreeSet<>();
            quantities.add(1L);
            p.breaks.values().forEach(b -> quantities.addAll(b.keySet()));
            for (long q : quantities) {
                Tier upper = null;
                Money upperPrice = null;
                for (Map.Entry<Tier, Money> e : p.base.entrySet()) {
                    NavigableMap<Long, Money> breaks = p.breaks.get(e.getKey());
                    Map.Entry<Long, Money> applicable = breaks == null ? null : breaks.floorEntry(q);
                    Money price = applicable == null ? e.getValue() : applicable.getValue();
                    if (upperPrice != null && price.isLessThan(upperPrice)) {
                        throw new PriceListValidationException(
                                "sku " + sku + ", " + q + " units: tier " + e.getKey() + " pays " + price
                                        + "; must not be below " + upperPrice + " paid by tier " + upper
                                        + ", which is higher in the chain",
                                sku,
                                e.getKey(),
                                price,
                                upperPrice);
                    }
                    upper = e.getKey();
                    upperPrice = price;
                }
            }
        }

        private static void notBelowCost(Sku sku, Tier tier, Money price, Money cost) {
            if (price.isLessThan(cost)) {
                throw new PriceListValidationException(
                        "sku " + sku + ", tier " + tier + ": price was " + price
                                + "; must not be below the supplier cost " + cost,
                        sku,
                        tier,
                        price,
                        cost);
            }
        }

        private Product known(Sku sku) {
            Objects.requireNonNull(sku, "sku");
            Product p = products.get(sku);
            if (p == null) {
                throw new IllegalArgumentException(
                        "sku " + sku + " was not added; call product(sku, supplierUnitCost) first");
            }
            return p;
        }

        private Tier registered(Tier tier) {
            Tier byName = tiersByName.get(tier.name());
            Tier byRank = tiersByRank.get(tier.rank());
            if ((byName != null && !byName.equals(tier)) || (byRank != null && !byRank.equals(tier))) {
                throw new IllegalArgumentException("tier was " + tier + "; clashes with "
                        + (byName != null && !byName.equals(tier) ? byName : byRank)
                        + " (each tier name and each rank is used by one tier only)");
            }
            tiersByName.put(tier.name(), tier);
            tiersByRank.put(tier.rank(), tier);
            return tier;
        }

        private Money inCurrency(Money amount, String name) {
            Objects.requireNonNull(amount, name);
            if (!amount.currency().equals(currency)) {
                throw new CurrencyMismatchException(currency, amount.currency());
            }
            return amount;
        }

        private Money positive(Money amount, String name) {
            Money m = inCurrency(amount, name);
            if (!m.isPositive()) {
                throw new IllegalArgumentException(name + " was " + m + "; must be positive");
            }
            return m;
        }
    }
}
