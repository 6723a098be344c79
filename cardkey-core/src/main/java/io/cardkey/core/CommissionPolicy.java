package io.cardkey.core;

import io.cardkey.core.internal.Allocation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides how the price of a sale divides between the supplier, the platform and the distributors of the sale's
 * {@link UplineChain}: a {@link CommissionPlan} per product with a default, a {@link PriceList} for price
 * differences, and a {@link SalesPeriod} for volume brackets.
 *
 * <p><b>Conservation.</b> {@link #split} returns a {@link SaleSplit} in which {@code price = supplier cost +
 * platform margin + Σ commissions} exactly, in integer minor units. Percentages are split by largest remainder
 * with the platform as one of the parties: the percentages of one base (sale or margin) and the rest of that base
 * are allocated together, so each percentage commission (before caps) is within one minor unit of its exact value
 * and ties go to the lower level. No commission is negative, and the platform margin is never negative: a sale
 * whose commissions would exceed its margin is refused ({@link CommissionExceedsMarginException}), and a plan
 * that provably would do so at some configured price is refused when the policy is built. This check counts the
 * shares of suspended distributors too, so whether a sale is accepted never depends on who is suspended.
 *
 * <p><b>How a level's commission is computed</b>, for level {@code k} of the chain (level 1 is the seller):
 *
 * <ol>
 *   <li>by its rule: price difference — the price its downline paid (for level 1: the sale price) minus its own
 *       price for the quantity, where each level's effective price is {@code max(cost, min(downline's price, own
 *       price))} so that a gap is never negative and never reaches below the supplier cost; percentage or bracket
 *       rate of the sale price or margin; fixed amount × quantity;
 *   <li>capped by the plan's cap for the level;
 *   <li>if the levels together exceed the plan's sale cap, reduced in proportion so they add up to the cap;
 *   <li>if the distributor was suspended at sale time (as recorded in the chain), it earns nothing: its share is
 *       recorded as forfeited and stays with the platform. A suspended distributor's gap in a price-difference
 *       chain also goes to the platform, and the levels above it still earn their own gaps.
 * </ol>
 *
 * <p>Only the first {@link #maxPaidLevels()} levels of a chain are paid (default 2; see {@link DistributorTree}
 * for why); what deeper levels would have earned stays with the platform. No rule pays for recruiting.
 *
 * <p>Instances are immutable and thread-safe; {@link #split} has no side effects (recording volumes is the
 * caller's job, see {@link SalesVolumeTracker}).
 */
public final class CommissionPolicy {
    private final PriceList prices;
    private final CommissionPlan defaultPlan;
    private final Map<Sku, CommissionPlan> plans;
    private final int maxPaidLevels;
    private final SalesPeriod period;

    private CommissionPolicy(Builder b) {
        this.prices = b.prices;
        this.defaultPlan = b.defaultPlan;
        this.plans = Collections.unmodifiableMap(new HashMap<>(b.plans));
        this.maxPaidLevels = b.maxPaidLevels;
        this.period = b.period;
    }

    /**
     * Starts a policy over a price list.
     *
     * @param prices the prices, also used for price differences and configuration checks
     * @return a new builder
     */
    public static Builder builder(PriceList prices) {
        return new Builder(Objects.requireNonNull(prices, "prices"));
    }

    /**
     * Returns the price list.
     *
     * @return the price list
     */
    public PriceList prices() {
        return prices;
    }

    /**
     * Returns the plan that applies to a product: its own, or the default.
     *
     * @param sku the product
     * @return the plan
     */
    public CommissionPlan planFor(Sku sku) {
        return plans.getOrDefault(Objects.requireNonNull(sku, "sku"), defaultPlan);
    }

    /**
     * Returns how many chain levels are paid.
     *
     * @return the paid-level limit
     */
    public int maxPaidLevels() {
        return maxPaidLevels;
    }

    /**
     * Returns the period volume brackets are measured in.
     *
     * @return the sales period
     */
    public SalesPeriod salesPeriod() {
        return period;
    }

    /**
     * Splits a sale whose supplier cost is the price list's cost for the product.
     *
     * @param quote what the buyer pays, from the price list
     * @param chain the chain the sale is made through, taken now with {@link DistributorTree#chainOf}
     * @param at the moment of the sale, which selects the period for volume brackets
     * @param volumes the volumes brackets are looked up in
     * @return the split
     * @throws PriceBelowCostException if the price is below the supplier cost
     * @throws CommissionExceedsMarginException if the commissions would exceed the margin
     * @throws MissingPriceException if a price-difference level's tier has no price for the product
     * @throws CurrencyMismatchException if the quote or the volumes are in another currency
     * @throws ArithmeticException if an amount overflows
     */
    public SaleSplit split(Quote quote, UplineChain chain, Instant at, SalesVolumeTracker volumes) {
        Objects.requireNonNull(quote, "quote");
        return split(quote, prices.supplierCost(quote.sku()), chain, at, volumes);
    }

    /**
     * Splits a sale.
     *
     * @param quote what the buyer pays, from the price list
     * @param supplierUnitCost the actual cost of one unit (the batch's unit cost), not negative
     * @param chain the chain the sale is made through, taken now with {@link DistributorTree#chainOf}
     * @param at the moment of the sale, which selects the period for volume brackets
     * @param volumes the volumes brackets are looked up in
     * @return the split
     * @throws IllegalArgumentException if the unit cost is negative
     * @throws PriceBelowCostException if the price is below the supplier cost
     * @throws CommissionExceedsMarginException if the commissions would exceed the margin
     * @throws MissingPriceException if a price-difference level's tier has no price for the product
     * @throws CurrencyMismatchException if an amount or the volumes are in another currency
     * @throws ArithmeticException if an amount overflows
     */
    public SaleSplit split(
            Quote quote, Money supplierUnitCost, UplineChain chain, Instant at, SalesVolumeTracker volumes) {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(supplierUnitCost, "supplierUnitCost");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(volumes, "volumes");
        Money price = quote.total();
        checkCurrency(price);
        if (!volumes.currency().equals(prices.currency())) {
            throw new CurrencyMismatchException(prices.currency(), volumes.currency());
        }
        checkCurrency(supplierUnitCost);
        if (supplierUnitCost.isNegative()) {
            throw new IllegalArgumentException("supplierUnitCost was " + supplierUnitCost + "; must not be negative");
        }
        Sku sku = quote.sku();
        long quantity = quote.quantity();
        Money cost = supplierUnitCost.multipliedBy(quantity);
        long p = price.minorUnits();
        long c = cost.minorUnits();
        if (p < c) {
            throw new PriceBelowCostException(sku, price, cost);
        }
        long margin = p - c;
        CommissionPlan plan = planFor(sku);
        int n = Math.min(chain.size(), Math.min(maxPaidLevels, plan.maxLevel()));
        long[] amounts = new long[n];
        if (n > 0) {
            computeByRule(plan, quote, chain, n, p, c, margin, at, volumes, amounts);
            applyCaps(plan, amounts);
        }
        return assemble(sku, quantity, price, cost, margin, chain, amounts);
    }

    private void computeByRule(
            CommissionPlan plan,
            Quote quote,
            UplineChain chain,
            int n,
            long p,
            long c,
            long margin,
            Instant at,
            SalesVolumeTracker volumes,
            long[] amounts) {
        Rate[] saleRates = null;
        Rate[] marginRates = null;
        String periodKey = null;
        long downlinePaid = p;
        for (int level = 1; level <= n; level++) {
            CommissionRule rule = plan.ruleOrNull(level);
            boolean needsOwnPrice = false;
            for (int above = level; above <= n && !needsOwnPrice; above++) {
                CommissionRule r = plan.ruleOrNull(above);
                needsOwnPrice = r != null && r.kind() == CommissionRule.Kind.PRICE_DIFFERENCE;
            }
            long ownPrice = downlinePaid;
            if (needsOwnPrice) {
                UplineChain.Link link = chain.level(level);
                long quoted = prices.quote(quote.sku(), link.tier(), link.distributor(), quote.quantity())
                        .total()
                        .minorUnits();
                ownPrice = Math.max(c, Math.min(downlinePaid, quoted));
            }
            if (rule == null) {
                downlinePaid = ownPrice;
                continue;
            }
            switch (rule.kind()) {
                case PRICE_DIFFERENCE:
                    amounts[level - 1] = downlinePaid - ownPrice;
                    break;
                case FIXED_PER_UNIT:
                    checkCurrency(rule.perUnitOrNull());
                    amounts[level - 1] = Math.multiplyExact(rule.perUnitOrNull().minorUnits(), quote.quantity());
                    break;
                case PERCENTAGE:
                case VOLUME_BRACKETS:
                    Rate rate = rule.rateOrNull();
                    if (rate == null) {
                        if (periodKey == null) {
                            periodKey = period.keyOf(at);
                        }
                        Money volume = volumes.volume(chain.level(level).distributor(), periodKey);
                        rate = rule.bracketsOrNull().rateFor(volume);
                    }
                    if (rule.baseOrNull() == CommissionBase.SALE) {
                        saleRates = saleRates == null ? new Rate[n] : saleRates;
                        saleRates[level - 1] = rate;
                    } else {
                        marginRates = marginRates == null ? new Rate[n] : marginRates;
                        marginRates[level - 1] = rate;
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown rule kind " + rule.kind());
            }
            downlinePaid = ownPrice;
        }
        addPercentages(p, saleRates, amounts);
        addPercentages(margin, marginRates, amounts);
    }

    /**
     * Allocates {@code base} among the levels with a rate and the platform (the rest), by largest remainder, and
     * adds each level's part to its amount.
     */
    private static void addPercentages(long base, Rate[] rates, long[] amounts) {
        if (rates == null) {
            return;
        }
        // Weights over the rates' common denominator; the platform's weight is what the rates leave of it.
        long common = 1;
        for (Rate rate : rates) {
            if (rate != null) {
                common = lcm(common, rate.denominator());
            }
        }
        long[] weights = new long[rates.length + 1];
        long used = 0;
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] != null) {
                weights[i] = Math.multiplyExact(rates[i].numerator(), common / rates[i].denominator());
                used = Math.addExact(used, weights[i]);
            }
        }
        // Plans are checked at configuration so that the rates of one base add up to at most 100 %.
        weights[rates.length] = common - used;
        long[] shares = Allocation.allocate(base, weights);
        for (int i = 0; i < rates.length; i++) {
            amounts[i] = Math.addExact(amounts[i], shares[i]);
        }
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return Math.multiplyExact(a / x, b);
    }

    private static void applyCaps(CommissionPlan plan, long[] amounts) {
        long total = 0;
        for (int i = 0; i < amounts.length; i++) {
            long cap = plan.levelCapOrMinusOne(i + 1);
            if (cap >= 0 && amounts[i] > cap) {
                amounts[i] = cap;
            }
            total = Math.addExact(total, amounts[i]);
        }
        long saleCap = plan.saleCapOrMinusOne();
        if (saleCap >= 0 && total > saleCap) {
            long[] reduced = Allocation.allocate(saleCap, amounts);
            System.arraycopy(reduced, 0, amounts, 0, amounts.length);
        }
    }

    private SaleSplit assemble(
            Sku sku, long quantity, Money price, Money cost, long margin, UplineChain chain, long[] amounts) {
        long owed = 0;
        for (long amount : amounts) {
            owed = Math.addExact(owed, amount);
        }
        // Checked before suspensions are applied: whether a plan fits the margin never depends on who is suspended.
        if (owed > margin) {
            throw new CommissionExceedsMarginException(
                    sku, Money.ofMinor(margin, price.currency()), Money.ofMinor(owed, price.currency()));
        }
        List<CommissionShare> shares = new ArrayList<>(amounts.length);
        long paid = 0;
        Money zero = Money.zero(price.currency());
        for (int i = 0; i < amounts.length; i++) {
            UplineChain.Link link = chain.level(i + 1);
            Money amount = Money.ofMinor(amounts[i], price.currency());
            if (link.suspended()) {
                shares.add(new CommissionShare(i + 1, link.distributor(), zero, amount));
            } else {
                shares.add(new CommissionShare(i + 1, link.distributor(), amount, zero));
                paid = Math.addExact(paid, amounts[i]);
            }
        }
        Money platform = Money.ofMinor(margin - paid, price.currency());
        return SaleSplit.owning(sku, quantity, price, cost, platform, shares, chain);
    }

    private void checkCurrency(Money amount) {
        if (!amount.currency().equals(prices.currency())) {
            throw new CurrencyMismatchException(prices.currency(), amount.currency());
        }
    }

    @Override
    public String toString() {
        return "CommissionPolicy[default " + defaultPlan + ", " + plans.size() + " product plans, " + maxPaidLevels
                + " paid levels, " + period + "]";
    }

    /**
     * Collects the plans of a {@link CommissionPolicy}. Not thread-safe.
     */
    public static final class Builder {
        private final PriceList prices;
        private CommissionPlan defaultPlan;
        private final Map<Sku, CommissionPlan> plans = new HashMap<>();
        private int maxPaidLevels = DistributorTree.DEFAULT_MAX_PAID_LEVELS;
        private SalesPeriod period = SalesPeriod.monthly(java.time.ZoneOffset.UTC);

        private Builder(PriceList prices) {
            this.prices = prices;
        }

        /**
         * Sets the plan for products without their own; required.
         *
         * @param plan the default plan
         * @return this builder
         */
        public Builder defaultPlan(CommissionPlan plan) {
            this.defaultPlan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /**
         * Sets the plan for one product.
         *
         * @param sku a product in the price list, without a plan yet
         * @param plan its plan
         * @return this builder
         * @throws IllegalArgumentException if the product already has a plan
         * @throws MissingPriceException if the product is not in the price list
         */
        public Builder plan(Sku sku, CommissionPlan plan) {
            Objects.requireNonNull(plan, "plan");
            prices.supplierCost(sku);
            if (plans.containsKey(sku)) {
                throw new IllegalArgumentException("sku " + sku + " already has a plan");
            }
            plans.put(sku, plan);
            return this;
        }

        /**
         * Sets how many chain levels are paid; keep it equal to the tree's {@link
         * DistributorTree#maxPaidLevels()}, and read that class before raising it.
         *
         * @param levels at least 0 (default 2)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxPaidLevels(int levels) {
            if (levels < 0) {
                throw new IllegalArgumentException("maxPaidLevels was " + levels + "; must be >= 0");
            }
            this.maxPaidLevels = levels;
            return this;
        }

        /**
         * Sets the period volume brackets are measured in (default: calendar months in UTC).
         *
         * @param period the period
         * @return this builder
         */
        public Builder salesPeriod(SalesPeriod period) {
            this.period = Objects.requireNonNull(period, "period");
            return this;
        }

        /**
         * Checks every plan against the price list and returns the policy.
         *
         * @return the immutable policy
         * @throws IllegalStateException if no default plan was set
         * @throws CurrencyMismatchException if a plan's amounts are in another currency than the prices
         * @throws CommissionPlanValidationException if a plan pays more levels than {@code maxPaidLevels}, or
         *     provably pays more than the margin: at some configured unit price, a sale of one unit through a full
         *     chain of active distributors would earn them more than the margin, even at the lowest bracket rates
         */
        public CommissionPolicy build() {
            if (defaultPlan == null) {
                throw new IllegalStateException("no default plan; call defaultPlan (CommissionPlan.none() pays none)");
            }
            checkPlan(null, defaultPlan);
            plans.forEach(this::checkPlan);
            for (Sku sku : prices.skus()) {
                CommissionPlan plan = plans.getOrDefault(sku, defaultPlan);
                Money cost = prices.supplierCost(sku);
                for (Money price : prices.pricePoints(sku)) {
                    long least = leastCommission(plan, price.minorUnits(), cost.minorUnits());
                    long margin = price.minorUnits() - cost.minorUnits();
                    if (least > margin) {
                        throw new CommissionPlanValidationException(
                                "plan for sku " + sku + " pays at least " + Money.ofMinor(least, prices.currency())
                                        + " per unit at the price " + price + ", more than the margin "
                                        + Money.ofMinor(margin, prices.currency()) + " over the supplier cost "
                                        + cost,
                                sku,
                                price,
                                Money.ofMinor(margin, prices.currency()),
                                Money.ofMinor(least, prices.currency()));
                    }
                }
            }
            return new CommissionPolicy(this);
        }

        private void checkPlan(Sku sku, CommissionPlan plan) {
            if (plan.currencyOrNull() != null && !plan.currencyOrNull().equals(prices.currency())) {
                throw new CurrencyMismatchException(prices.currency(), plan.currencyOrNull());
            }
            if (plan.maxLevel() > maxPaidLevels) {
                throw new CommissionPlanValidationException(
                        (sku == null ? "default plan" : "plan for sku " + sku) + " pays level " + plan.maxLevel()
                                + "; at most " + maxPaidLevels + " levels are paid (see DistributorTree)",
                        sku,
                        null,
                        null,
                        null);
            }
        }

        /** A lower bound of what one unit sold at {@code price} pays a full chain of active distributors. */
        private long leastCommission(CommissionPlan plan, long price, long cost) {
            long total = 0;
            for (int level = 1; level <= plan.maxLevel(); level++) {
                CommissionRule rule = plan.ruleOrNull(level);
                if (rule == null) {
                    continue;
                }
                long least;
                switch (rule.kind()) {
                    case FIXED_PER_UNIT:
                        least = rule.perUnitOrNull().minorUnits();
                        break;
                    case PERCENTAGE:
                    case VOLUME_BRACKETS:
                        long base = rule.baseOrNull() == CommissionBase.SALE ? price : price - cost;
                        Rate rate = rule.minRate();
                        // floor(base * rate): largest remainder never gives a party less than that.
                        least = BigInteger.valueOf(base)
                                .multiply(BigInteger.valueOf(rate.numerator()))
                                .divide(BigInteger.valueOf(rate.denominator()))
                                .longValueExact();
                        break;
                    default:
                        least = 0;
                }
                long cap = plan.levelCapOrMinusOne(level);
                total = Math.addExact(total, cap >= 0 ? Math.min(cap, least) : least);
            }
            long saleCap = plan.saleCapOrMinusOne();
            return saleCap >= 0 ? Math.min(saleCap, total) : total;
        }
    }
}
