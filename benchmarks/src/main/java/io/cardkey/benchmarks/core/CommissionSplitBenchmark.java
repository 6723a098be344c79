package io.cardkey.benchmarks.core;

import io.cardkey.core.CommissionBase;
import io.cardkey.core.CommissionPlan;
import io.cardkey.core.CommissionPolicy;
import io.cardkey.core.CommissionRule;
import io.cardkey.core.DistributorId;
import io.cardkey.core.DistributorTree;
import io.cardkey.core.Money;
import io.cardkey.core.PriceList;
import io.cardkey.core.Quote;
import io.cardkey.core.Rate;
import io.cardkey.core.SaleSplit;
import io.cardkey.core.SalesVolumeTracker;
import io.cardkey.core.Sku;
import io.cardkey.core.Tier;
import io.cardkey.core.UplineChain;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Splits of one sale per second, single thread, through a two-level chain (customer → agent → general agent →
 * platform): 3 units at the retail price 9.99 (supplier cost 8.00, general agent 9.00, agent 9.50, all CNY), for
 * each plan kind:
 *
 * <ul>
 *   <li>{@code PRICE_DIFFERENCE} (差价): the agent earns 3 × (9.99 − 9.50) = 1.47, the general agent 3 × (9.50 −
 *       9.00) = 1.50;
 *   <li>{@code PERCENTAGE}: 5 % and 2 % of the sale of 29.97, which do not divide evenly (1.4985 and 0.5994);
 *   <li>{@code FIXED_PER_UNIT}: 0.30 and 0.10 per unit.
 * </ul>
 *
 * <p>{@code impl = cardkey} is {@link CommissionPolicy#split} with the chain taken from a {@link DistributorTree}: it
 * looks up the chain's tier prices for price differences, allocates percentages by largest remainder with the
 * platform as a party, checks the margin and returns a {@link SaleSplit} that checks its own conservation.
 *
 * <p>{@code impl = bigdecimal} is the same split as a host would write it without CardKey, with {@link BigDecimal}:
 * tier prices from a map, each share computed on its own ({@code multiply}, then {@code setScale(2, HALF_UP)} for
 * percentages), suspended distributors earning nothing, the platform taking the remainder, and a margin check. It is
 * correct — price = supplier cost + platform + Σ commissions always holds, no share is negative, and each share is
 * within one fen of CardKey's (checked at setup) — but it has no caps, brackets or depth limit, and rounding each
 * share on its own is not the largest-remainder allocation, so its commissions can add up to more than the exact
 * total.
 *
 * <p>{@code benchmarks/run quick CommissionSplitBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommissionSplitBenchmark {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku CARD = Sku.of("card-100");
    private static final Tier GENERAL_AGENT = Tier.of("总代", 0);
    private static final Tier AGENT = Tier.of("agent", 1);
    private static final Tier RETAIL = Tier.of("retail", 2);
    private static final long QUANTITY = 3;
    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");

    /** {@code cardkey} or {@code bigdecimal}. */
    @Param({"cardkey", "bigdecimal"})
    public String impl;

    /** The plan kind: {@code PRICE_DIFFERENCE}, {@code PERCENTAGE} or {@code FIXED_PER_UNIT}. */
    @Param({"PRICE_DIFFERENCE", "PERCENTAGE", "FIXED_PER_UNIT"})
    public String plan;

    private boolean cardkey;
    private CommissionPolicy policy;
    private Quote quote;
    private UplineChain chain;
    private SalesVolumeTracker volumes;
    private NaiveSplitter naive;
    private BigDecimal naiveUnitPrice;

    /** Builds the price list, the tree, the policy and the peer, and checks that both split the sale alike. */
    @Setup
    public void setUp() {
        PriceList prices = PriceList.builder(CNY)
                .product(CARD, cny("8.00"))
                .tierPrice(CARD, GENERAL_AGENT, cny("9.00"))
                .tierPrice(CARD, AGENT, cny("9.50"))
                .tierPrice(CARD, RETAIL, cny("9.99"))
                .build();
        DistributorTree tree = DistributorTree.create();
        DistributorId generalAgent = DistributorId.of("ga-1");
        DistributorId agent = DistributorId.of("agent-1");
        tree.add(generalAgent, GENERAL_AGENT);
        tree.add(agent, AGENT, generalAgent);
        chain = tree.chainOf(agent);
        quote = prices.quote(CARD, RETAIL, QUANTITY);
        volumes = SalesVolumeTracker.inMemory(CNY);

        Map<Tier, BigDecimal> tierPrices = new HashMap<>();
        tierPrices.put(GENERAL_AGENT, new BigDecimal("9.00"));
        tierPrices.put(AGENT, new BigDecimal("9.50"));
        tierPrices.put(RETAIL, new BigDecimal("9.99"));
        Map<Sku, Map<Tier, BigDecimal>> naivePrices = new HashMap<>();
        naivePrices.put(CARD, tierPrices);
        Map<Sku, BigDecimal> naiveCosts = new HashMap<>();
        naiveCosts.put(CARD, new BigDecimal("8.00"));
        naiveUnitPrice = new BigDecimal("9.99");

        CommissionPlan.Builder cardkeyPlan = CommissionPlan.builder();
        switch (plan) {
            case "PRICE_DIFFERENCE":
                cardkeyPlan.level(1, CommissionRule.priceDifference()).level(2, CommissionRule.priceDifference());
                naive = new NaiveSplitter(naiveCosts, naivePrices, NaiveKind.PRICE_DIFFERENCE, null);
                break;
            case "PERCENTAGE":
                cardkeyPlan
                        .level(1, CommissionRule.percentOf(CommissionBase.SALE, Rate.of("5%")))
                        .level(2, CommissionRule.percentOf(CommissionBase.SALE, Rate.of("2%")));
                naive = new NaiveSplitter(naiveCosts, naivePrices, NaiveKind.PERCENT_OF_SALE, new BigDecimal[] {
                    new BigDecimal("0.05"), new BigDecimal("0.02")
                });
                break;
            case "FIXED_PER_UNIT":
                cardkeyPlan
                        .level(1, CommissionRule.fixedPerUnit(cny("0.30")))
                        .level(2, CommissionRule.fixedPerUnit(cny("0.10")));
                naive = new NaiveSplitter(naiveCosts, naivePrices, NaiveKind.FIXED_PER_UNIT, new BigDecimal[] {
                    new BigDecimal("0.30"), new BigDecimal("0.10")
                });
                break;
            default:
                throw new IllegalArgumentException(
                        "plan was " + plan + "; must be PRICE_DIFFERENCE, PERCENTAGE or FIXED_PER_UNIT");
        }
        policy = CommissionPolicy.builder(prices)
                .defaultPlan(cardkeyPlan.build())
                .build();
        if (!"cardkey".equals(impl) && !"bigdecimal".equals(impl)) {
            throw new IllegalArgumentException("impl was " + impl + "; must be cardkey or bigdecimal");
        }
        cardkey = "cardkey".equals(impl);
        crossCheck(policy.split(quote, chain, AT, volumes), naive.split(CARD, naiveUnitPrice, QUANTITY, chain));
    }

    /** Splits the sale of 3 units through the two-level chain. */
    @Benchmark
    @Threads(1)
    public Object split() {
        return cardkey ? policy.split(quote, chain, AT, volumes) : naive.split(CARD, naiveUnitPrice, QUANTITY, chain);
    }

    /** Fails the setup unless the peer conserves the price and agrees with CardKey to within one fen per share. */
    private static void crossCheck(SaleSplit cardkey, NaiveSplit peer) {
        BigDecimal total = peer.supplierCost().add(peer.platformMargin());
        for (BigDecimal commission : peer.commissions()) {
            total = total.add(commission);
        }
        if (total.compareTo(peer.price()) != 0 || peer.platformMargin().signum() < 0) {
            throw new IllegalStateException("bigdecimal split does not add up: " + peer);
        }
        if (peer.price().compareTo(cardkey.price().toBigDecimal()) != 0
                || peer.supplierCost().compareTo(cardkey.supplierCost().toBigDecimal()) != 0
                || peer.commissions().size() != cardkey.shares().size()) {
            throw new IllegalStateException("bigdecimal split " + peer + " is not the sale of " + cardkey);
        }
        BigDecimal fen = new BigDecimal("0.01");
        for (int i = 0; i < peer.commissions().size(); i++) {
            BigDecimal ours = cardkey.shares().get(i).amount().toBigDecimal();
            BigDecimal theirs = peer.commissions().get(i);
            if (theirs.signum() < 0 || theirs.subtract(ours).abs().compareTo(fen) > 0) {
                throw new IllegalStateException(
                        "bigdecimal share " + (i + 1) + " was " + theirs + "; CardKey's is " + ours);
            }
        }
    }

    private static Money cny(String amount) {
        return Money.parse(amount, CNY);
    }

    /** The peer's plan kinds. */
    private enum NaiveKind {
        PRICE_DIFFERENCE,
        PERCENT_OF_SALE,
        FIXED_PER_UNIT
    }

    /**
     * The peer's result.
     *
     * @param price what the buyer paid
     * @param supplierCost the supplier's cost of the units
     * @param platformMargin the remainder, kept by the platform
     * @param commissions one per paid level, level 1 first
     */
    private record NaiveSplit(
            BigDecimal price, BigDecimal supplierCost, BigDecimal platformMargin, List<BigDecimal> commissions) {}

    /** The split a host would write with {@link BigDecimal}; same plan on every level kind, two paid levels. */
    private static final class NaiveSplitter {
        private static final int MAX_PAID_LEVELS = 2;

        private final Map<Sku, BigDecimal> costs;
        private final Map<Sku, Map<Tier, BigDecimal>> prices;
        private final NaiveKind kind;
        /** Per level: the rate of the sale, or the amount per unit. */
        private final BigDecimal[] parameters;

        NaiveSplitter(
                Map<Sku, BigDecimal> costs,
                Map<Sku, Map<Tier, BigDecimal>> prices,
                NaiveKind kind,
                BigDecimal[] parameters) {
            this.costs = costs;
            this.prices = prices;
            this.kind = kind;
            this.parameters = parameters;
        }

        NaiveSplit split(Sku sku, BigDecimal unitPrice, long quantity, UplineChain chain) {
            BigDecimal units = BigDecimal.valueOf(quantity);
            BigDecimal price = unitPrice.multiply(units);
            BigDecimal cost = costs.get(sku).multiply(units);
            int levels = Math.min(chain.size(), MAX_PAID_LEVELS);
            List<BigDecimal> commissions = new ArrayList<>(levels);
            BigDecimal paid = BigDecimal.ZERO;
            BigDecimal downlinePaid = price;
            for (int level = 1; level <= levels; level++) {
                UplineChain.Link link = chain.level(level);
                BigDecimal amount;
                switch (kind) {
                    case PRICE_DIFFERENCE:
                        BigDecimal tierPrice = prices.get(sku).get(link.tier());
                        if (tierPrice == null) {
                            throw new IllegalArgumentException("no price for tier " + link.tier() + " of " + sku);
                        }
                        BigDecimal own =
                                tierPrice.multiply(units).min(downlinePaid).max(cost);
                        amount = downlinePaid.subtract(own);
                        downlinePaid = own;
                        break;
                    case PERCENT_OF_SALE:
                        amount = price.multiply(parameters[level - 1]).setScale(2, RoundingMode.HALF_UP);
                        break;
                    case FIXED_PER_UNIT:
                        amount = parameters[level - 1].multiply(units);
                        break;
                    default:
                        throw new IllegalStateException("unknown kind " + kind);
                }
                if (link.suspended()) {
                    amount = BigDecimal.ZERO;
                }
                commissions.add(amount);
                paid = paid.add(amount);
            }
            BigDecimal platform = price.subtract(cost).subtract(paid);
            if (platform.signum() < 0) {
                throw new IllegalStateException("commissions " + paid + " exceed the margin " + price.subtract(cost));
            }
            return new NaiveSplit(price, cost, platform, commissions);
        }
    }
}
