package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

class CommissionPolicyPropertiesTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku SKU = Sku.of("card");
    static final Tier[] TIERS = {Tier.of("general", 0), Tier.of("agent", 1), Tier.of("retail", 2)};
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    /** One level's configuration: kind 0 none, 1 price difference, 2 % of sale, 3 % of margin, 4 fixed, 5 brackets. */
    record LevelSpec(int kind, int basisPoints, int fixedMinor, int secondBasisPoints, long capMinor) {}

    record LinkSpec(int tier, boolean suspended) {}

    @Provide
    Arbitrary<LevelSpec> levels() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 5000),
                        Arbitraries.integers().between(0, 300),
                        Arbitraries.integers().between(0, 5000),
                        Arbitraries.longs().between(-1, 5000))
                .as(LevelSpec::new);
    }

    @Provide
    Arbitrary<LinkSpec> links() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, false, false, false))
                .as(LinkSpec::new);
    }

    @Property(tries = 2000)
    void split_conservesExactly_andNothingIsNegative(
            @ForAll @LongRange(min = 0, max = 5000) long cost,
            @ForAll @Size(3) List<@LongRange(min = 0, max = 3000) Long> steps,
            @ForAll("levels") LevelSpec first,
            @ForAll("levels") LevelSpec second,
            @ForAll("levels") LevelSpec third,
            @ForAll @IntRange(min = 0, max = 3) int paidLevels,
            @ForAll @LongRange(min = -1, max = 8000) long saleCap,
            @ForAll @Size(max = 4) List<@From("links") LinkSpec> chainSpec,
            @ForAll @IntRange(min = 0, max = 2) int buyerTier,
            @ForAll @LongRange(min = 1, max = 1000) long quantity,
            @ForAll @LongRange(min = 0, max = 100_000) long volume,
            @ForAll @LongRange(min = -1, max = 9000) long actualCost) {
        PriceList prices = prices(cost, steps);
        CommissionPlan plan;
        CommissionPolicy policy;
        try {
            plan = plan(List.of(first, second, third).subList(0, paidLevels), saleCap);
            policy = CommissionPolicy.builder(prices)
                    .defaultPlan(plan)
                    .maxPaidLevels(paidLevels)
                    .build();
        } catch (CommissionPlanValidationException refusedAtConfiguration) {
            Statistics.label("outcome").collect("plan refused at configuration");
            return;
        }
        UplineChain chain = chain(chainSpec);
        SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
        for (UplineChain.Link link : chain.links()) {
            volumes.record(link.distributor(), policy.salesPeriod().keyOf(NOW), Money.ofMinor(volume, CNY));
        }
        Quote quote = prices.quote(SKU, TIERS[buyerTier], quantity);
        Money unitCost = actualCost < 0 ? prices.supplierCost(SKU) : Money.ofMinor(actualCost, CNY);
        Money totalCost = unitCost.multipliedBy(quantity);
        SaleSplit split;
        try {
            split = policy.split(quote, unitCost, chain, NOW, volumes);
        } catch (PriceBelowCostException refused) {
            Statistics.label("outcome").collect("price below cost");
            assertThat(quote.total()).isLessThan(totalCost);
            return;
        } catch (CommissionExceedsMarginException refused) {
            Statistics.label("outcome").collect("commissions above margin");
            assertThat(refused.getMargin()).isEqualTo(quote.total().minus(totalCost));
            assertThat(refused.getCommissions()).isGreaterThan(refused.getMargin());
            return;
        }
        Statistics.label("outcome").collect("split");
        Statistics.label("paid levels").collect(split.shares().size());
        Statistics.label("chain depth").collect(chain.size());
        long sum = split.supplierCost().minorUnits() + split.platformMargin().minorUnits();
        for (CommissionShare share : split.shares()) {
            assertThat(share.amount().isNegative()).isFalse();
            assertThat(share.forfeited().isNegative()).isFalse();
            UplineChain.Link link = chain.level(share.level());
            assertThat(link.distributor()).isEqualTo(share.distributor());
            if (link.suspended()) {
                assertThat(share.amount().isZero()).isTrue();
            } else {
                assertThat(share.forfeited().isZero()).isTrue();
            }
            long cap = plan.levelCap(share.level()).map(Money::minorUnits).orElse(Long.MAX_VALUE);
            assertThat(share.amount().minorUnits() + share.forfeited().minorUnits())
                    .isLessThanOrEqualTo(cap);
            sum += share.amount().minorUnits();
        }
        assertThat(sum).isEqualTo(quote.total().minorUnits());
        assertThat(split.price()).isEqualTo(quote.total());
        assertThat(split.supplierCost()).isEqualTo(totalCost);
        assertThat(split.platformMargin().isNegative()).isFalse();
        assertThat(split.shares()).hasSize(Math.min(chain.size(), Math.min(paidLevels, plan.maxLevel())));
        plan.saleCap()
                .ifPresent(c -> assertThat(split.totalCommission().plus(split.forfeited()))
                        .isLessThanOrEqualTo(c));
    }

    /** Percentages of the sale without caps: every share is within one minor unit of its exact value. */
    @Property(tries = 1000)
    void percentOfSale_eachShareWithinOneUnitOfExact(
            @ForAll @IntRange(min = 0, max = 5000) int first,
            @ForAll @IntRange(min = 0, max = 5000) int second,
            @ForAll @LongRange(min = 1, max = 1000) long quantity,
            @ForAll @LongRange(min = 1, max = 100_000) long retail) {
        PriceList prices = PriceList.builder(CNY)
                .product(SKU, Money.zero(CNY))
                .tierPrice(SKU, TIERS[2], Money.ofMinor(retail, CNY))
                .build();
        Rate r1 = Rate.ofBasisPoints(first);
        Rate r2 = Rate.ofBasisPoints(second);
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.percentOf(CommissionBase.SALE, r1))
                .level(2, CommissionRule.percentOf(CommissionBase.SALE, r2))
                .build();
        CommissionPolicy policy =
                CommissionPolicy.builder(prices).defaultPlan(plan).build();
        UplineChain chain = chain(List.of(new LinkSpec(2, false), new LinkSpec(1, false)));
        SaleSplit split =
                policy.split(prices.quote(SKU, TIERS[2], quantity), chain, NOW, SalesVolumeTracker.inMemory(CNY));
        long price = retail * quantity;
        assertWithinOneUnit(split.shares().get(0).amount().minorUnits(), price, r1);
        assertWithinOneUnit(split.shares().get(1).amount().minorUnits(), price, r2);
    }

    /** Price difference only, all active: a simple reference model of the gaps. */
    @Property(tries = 1000)
    void priceDifference_matchesReferenceGaps(
            @ForAll @LongRange(min = 0, max = 5000) long cost,
            @ForAll @Size(3) List<@LongRange(min = 0, max = 3000) Long> steps,
            @ForAll @Size(max = 2) List<@IntRange(min = 0, max = 2) Integer> tiers,
            @ForAll @IntRange(min = 0, max = 2) int buyerTier,
            @ForAll @LongRange(min = 1, max = 100) long quantity) {
        PriceList prices = prices(cost, steps);
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.priceDifference())
                .level(2, CommissionRule.priceDifference())
                .build();
        CommissionPolicy policy =
                CommissionPolicy.builder(prices).defaultPlan(plan).build();
        List<LinkSpec> specs = new ArrayList<>();
        tiers.forEach(t -> specs.add(new LinkSpec(t, false)));
        UplineChain chain = chain(specs);
        SaleSplit split = policy.split(
                prices.quote(SKU, TIERS[buyerTier], quantity), chain, NOW, SalesVolumeTracker.inMemory(CNY));
        long paid = prices.quote(SKU, TIERS[buyerTier], quantity).total().minorUnits();
        long total = 0;
        for (int i = 0; i < tiers.size(); i++) {
            long own = prices.quote(SKU, TIERS[tiers.get(i)], quantity).total().minorUnits();
            long expected = Math.max(0, paid - own);
            assertThat(split.shares().get(i).amount().minorUnits()).isEqualTo(expected);
            paid = Math.min(paid, own);
            total += expected;
        }
        assertThat(split.platformMargin().minorUnits()).isEqualTo(paid - cost * quantity);
        assertThat(split.totalCommission().minorUnits()).isEqualTo(total);
    }

    /** Fixed amounts against an actual batch cost: refused exactly when they exceed the margin, else exact. */
    @Property(tries = 1000)
    void fixedAmounts_refusedExactlyWhenAboveMargin(
            @ForAll @LongRange(min = 0, max = 300) long first,
            @ForAll @LongRange(min = 0, max = 300) long second,
            @ForAll @LongRange(min = 0, max = 2000) long actualCost,
            @ForAll @LongRange(min = 1, max = 1000) long quantity,
            @ForAll boolean secondSuspended) {
        long retail = 1000;
        PriceList prices = PriceList.builder(CNY)
                .product(SKU, Money.zero(CNY))
                .tierPrice(SKU, TIERS[2], Money.ofMinor(retail, CNY))
                .build();
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(Money.ofMinor(first, CNY)))
                .level(2, CommissionRule.fixedPerUnit(Money.ofMinor(second, CNY)))
                .build();
        CommissionPolicy policy =
                CommissionPolicy.builder(prices).defaultPlan(plan).build();
        UplineChain chain = chain(List.of(new LinkSpec(2, false), new LinkSpec(1, secondSuspended)));
        Quote quote = prices.quote(SKU, TIERS[2], quantity);
        Money unitCost = Money.ofMinor(actualCost, CNY);
        SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
        long unitMargin = retail - actualCost;
        if (unitMargin < 0) {
            assertThatThrownBy(() -> policy.split(quote, unitCost, chain, NOW, volumes))
                    .isInstanceOf(PriceBelowCostException.class);
        } else if (first + second > unitMargin) {
            assertThatThrownBy(() -> policy.split(quote, unitCost, chain, NOW, volumes))
                    .isInstanceOfSatisfying(
                            CommissionExceedsMarginException.class,
                            e -> assertThat(e.getShortfall())
                                    .isEqualTo(Money.ofMinor((first + second - unitMargin) * quantity, CNY)));
        } else {
            SaleSplit split = policy.split(quote, unitCost, chain, NOW, volumes);
            long paidSecond = secondSuspended ? 0 : second;
            assertThat(split.platformMargin())
                    .isEqualTo(Money.ofMinor((unitMargin - first - paidSecond) * quantity, CNY));
            assertThat(split.forfeited()).isEqualTo(Money.ofMinor(secondSuspended ? second * quantity : 0, CNY));
        }
    }

    private static void assertWithinOneUnit(long share, long base, Rate rate) {
        BigInteger exactTimesDen = BigInteger.valueOf(base).multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger den = BigInteger.valueOf(rate.denominator());
        assertThat(BigInteger.valueOf(share)
                        .multiply(den)
                        .subtract(exactTimesDen)
                        .abs())
                .isLessThan(den);
    }

    static PriceList prices(long cost, List<Long> steps) {
        long general = cost + Math.max(1, steps.get(0));
        long agent = general + steps.get(1);
        long retail = agent + steps.get(2);
        return PriceList.builder(CNY)
                .product(SKU, Money.ofMinor(cost, CNY))
                .tierPrice(SKU, TIERS[0], Money.ofMinor(general, CNY))
                .tierPrice(SKU, TIERS[1], Money.ofMinor(agent, CNY))
                .tierPrice(SKU, TIERS[2], Money.ofMinor(retail, CNY))
                .quantityBreak(SKU, TIERS[2], 50, Money.ofMinor(agent + steps.get(2) / 2, CNY))
                .build();
    }

    static CommissionPlan plan(List<LevelSpec> specs, long saleCap) {
        CommissionPlan.Builder b = CommissionPlan.builder();
        for (int i = 0; i < specs.size(); i++) {
            LevelSpec s = specs.get(i);
            int level = i + 1;
            CommissionRule rule;
            switch (s.kind()) {
                case 1:
                    rule = CommissionRule.priceDifference();
                    break;
                case 2:
                    rule = CommissionRule.percentOf(CommissionBase.SALE, Rate.ofBasisPoints(s.basisPoints()));
                    break;
                case 3:
                    rule = CommissionRule.percentOf(CommissionBase.MARGIN, Rate.ofBasisPoints(s.basisPoints()));
                    break;
                case 4:
                    rule = CommissionRule.fixedPerUnit(Money.ofMinor(s.fixedMinor(), CNY));
                    break;
                case 5:
                    rule = CommissionRule.volumeBrackets(
                            s.basisPoints() % 2 == 0 ? CommissionBase.SALE : CommissionBase.MARGIN,
                            VolumeBrackets.builder(CNY)
                                    .bracket(
                                            Money.zero(CNY),
                                            Money.ofMinor(50_000, CNY),
                                            Rate.ofBasisPoints(s.basisPoints()))
                                    .bracketFrom(Money.ofMinor(50_000, CNY), Rate.ofBasisPoints(s.secondBasisPoints()))
                                    .build());
                    break;
                default:
                    continue;
            }
            b.level(level, rule);
            if (s.capMinor() >= 0) {
                b.levelCap(level, Money.ofMinor(s.capMinor(), CNY));
            }
        }
        if (saleCap >= 0) {
            b.saleCap(Money.ofMinor(saleCap, CNY));
        }
        return b.build();
    }

    static UplineChain chain(List<LinkSpec> specs) {
        List<UplineChain.Link> links = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            links.add(new UplineChain.Link(
                    DistributorId.of("d" + i),
                    TIERS[specs.get(i).tier()],
                    specs.get(i).suspended()));
        }
        return UplineChain.of(links);
    }
}
