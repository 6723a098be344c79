package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommissionPolicyTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final CommissionRule DIFF = CommissionRule.priceDifference();

    final SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);

    static UplineChain chain(boolean agentSuspended, boolean gaSuspended) {
        return UplineChain.of(List.of(
                new UplineChain.Link(AG, AGENT, agentSuspended), new UplineChain.Link(GA, GENERAL_AGENT, gaSuspended)));
    }

    static CommissionPolicy policy(CommissionPlan plan) {
        return CommissionPolicy.builder(classicPrices().build())
                .defaultPlan(plan)
                .build();
    }

    static CommissionPlan priceDifferencePlan() {
        return CommissionPlan.builder().level(1, DIFF).level(2, DIFF).build();
    }

    static CommissionPlan percentOfSale(String first, String second) {
        return CommissionPlan.builder()
                .level(1, CommissionRule.percentOf(CommissionBase.SALE, Rate.of(first)))
                .level(2, CommissionRule.percentOf(CommissionBase.SALE, Rate.of(second)))
                .build();
    }

    SaleSplit sellRetail(CommissionPolicy policy, long quantity, UplineChain chain) {
        return policy.split(policy.prices().quote(CARD, RETAIL, quantity), chain, NOW, volumes);
    }

    static List<Money> amounts(SaleSplit split) {
        return split.shares().stream().map(CommissionShare::amount).toList();
    }

    @Test
    void priceDifference_classicChain_pays050To050And100ToPlatform() {
        SaleSplit split = sellRetail(policy(priceDifferencePlan()), 1, chain(false, false));
        assertThat(split.price()).isEqualTo(cny("10.00"));
        assertThat(split.supplierCost()).isEqualTo(cny("8.00"));
        assertThat(split.shares())
                .containsExactly(
                        new CommissionShare(1, AG, cny("0.50"), cny("0")),
                        new CommissionShare(2, GA, cny("0.50"), cny("0")));
        assertThat(split.platformMargin()).isEqualTo(cny("1.00"));
        assertThat(split.totalCommission()).isEqualTo(cny("1.00"));
        assertThat(split.forfeited()).isEqualTo(cny("0"));
        assertThat(split.chain()).isEqualTo(chain(false, false));
        assertThat(split.toString()).contains("L1 agent 0.50", "L2 ga 0.50", "platform CNY 1.00");
    }

    @Test
    void classicChain_takenFromTree_laterMoveChangesOnlyLaterSales() {
        DistributorTree tree = DistributorTree.create();
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        DistributorId otherGa = DistributorId.of("other-ga");
        tree.add(otherGa, GENERAL_AGENT);
        CommissionPolicy policy = policy(priceDifferencePlan());
        Quote quote = policy.prices().quote(CARD, RETAIL, 2);
        SaleSplit before = policy.split(quote, tree.chainOf(AG), NOW, volumes);
        tree.move(AG, otherGa);
        tree.suspend(GA);
        SaleSplit after = policy.split(quote, tree.chainOf(AG), NOW, volumes);
        assertThat(before.shares())
                .containsExactly(
                        new CommissionShare(1, AG, cny("1.00"), cny("0")),
                        new CommissionShare(2, GA, cny("1.00"), cny("0")));
        assertThat(before.chain().level(2).distributor()).isEqualTo(GA);
        assertThat(after.shares())
                .containsExactly(
                        new CommissionShare(1, AG, cny("1.00"), cny("0")),
                        new CommissionShare(2, otherGa, cny("1.00"), cny("0")));
        assertThat(before.platformMargin()).isEqualTo(cny("2.00"));
    }

    @Test
    void priceDifference_agentBuysForItself_uplineEarnsGap() {
        CommissionPolicy policy = policy(priceDifferencePlan());
        UplineChain aboveAgent = UplineChain.of(List.of(new UplineChain.Link(GA, GENERAL_AGENT, false)));
        SaleSplit split = policy.split(policy.prices().quote(CARD, AGENT, AG, 4), aboveAgent, NOW, volumes);
        assertThat(amounts(split)).containsExactly(cny("2.00"));
        assertThat(split.platformMargin()).isEqualTo(cny("4.00"));
    }

    @Test
    void priceDifference_suspendedUpline_forfeitsToPlatform() {
        SaleSplit split = sellRetail(policy(priceDifferencePlan()), 1, chain(false, true));
        assertThat(split.shares())
                .containsExactly(
                        new CommissionShare(1, AG, cny("0.50"), cny("0")),
                        new CommissionShare(2, GA, cny("0"), cny("0.50")));
        assertThat(split.platformMargin()).isEqualTo(cny("1.50"));
        assertThat(split.forfeited()).isEqualTo(cny("0.50"));
    }

    @Test
    void priceDifference_suspendedSeller_uplineStillEarnsItsOwnGap() {
        SaleSplit split = sellRetail(policy(priceDifferencePlan()), 1, chain(true, false));
        assertThat(amounts(split)).containsExactly(cny("0"), cny("0.50"));
        assertThat(split.platformMargin()).isEqualTo(cny("1.50"));
    }

    @Test
    void priceDifference_uplineDearerThanDownline_earnsNothingNeverNegative() {
        // After a re-tier the upline sits in a dearer tier than its downline.
        UplineChain odd = UplineChain.of(
                List.of(new UplineChain.Link(AG, GENERAL_AGENT, false), new UplineChain.Link(GA, AGENT, false)));
        SaleSplit split = sellRetail(policy(priceDifferencePlan()), 1, odd);
        assertThat(amounts(split)).containsExactly(cny("1.00"), cny("0"));
        assertThat(split.platformMargin()).isEqualTo(cny("1.00"));
    }

    @Test
    void priceDifference_usesQuantityBreaksAndOverridesOfEachLevel() {
        PriceList prices = classicPrices()
                .quantityBreak(CARD, RETAIL, 10, cny("9.90"))
                .quantityBreak(CARD, AGENT, 10, cny("9.40"))
                .distributorPrice(CARD, GA, cny("8.80"))
                .build();
        CommissionPolicy policy = CommissionPolicy.builder(prices)
                .defaultPlan(priceDifferencePlan())
                .build();
        SaleSplit split = policy.split(prices.quote(CARD, RETAIL, 10), chain(false, false), NOW, volumes);
        assertThat(amounts(split)).containsExactly(cny("5.00"), cny("6.00"));
        assertThat(split.platformMargin()).isEqualTo(cny("8.00"));
    }

    @Test
    void priceDifference_levelWithoutPriceForItsTier_refusesSale() {
        UplineChain vip = UplineChain.of(List.of(new UplineChain.Link(AG, Tier.of("vip", 7), false)));
        CommissionPolicy policy = policy(priceDifferencePlan());
        assertThatThrownBy(() -> sellRetail(policy, 1, vip)).isInstanceOf(MissingPriceException.class);
    }

    @Test
    void percentOfSale_unevenAmount_largestRemainderWithPlatformAsParty() {
        PriceList prices = PriceList.builder(CNY)
                .product(CARD, cny("1.50"))
                .tierPrice(CARD, RETAIL, cny("1.99"))
                .build();
        CommissionPolicy policy = CommissionPolicy.builder(prices)
                .defaultPlan(percentOfSale("5%", "2%"))
                .build();
        SaleSplit split = policy.split(prices.quote(CARD, RETAIL, 1), chain(false, false), NOW, volumes);
        // exact 0.0995 and 0.0398: both round up, the platform (exact 1.8507 of the sale) keeps the rest
        assertThat(amounts(split)).containsExactly(cny("0.10"), cny("0.04"));
        assertThat(split.platformMargin()).isEqualTo(cny("0.35"));
    }

    @Test
    void percentOfMargin_unevenAmount() {
        PriceList prices = PriceList.builder(CNY)
                .product(CARD, cny("1.50"))
                .tierPrice(CARD, RETAIL, cny("1.99"))
                .build();
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.of("5%")))
                .level(2, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.of("2%")))
                .build();
        CommissionPolicy policy =
                CommissionPolicy.builder(prices).defaultPlan(plan).build();
        SaleSplit split = policy.split(prices.quote(CARD, RETAIL, 1), chain(false, false), NOW, volumes);
        // margin 0.49: exact 0.0245, 0.0098, 0.4557 -> 0.02, 0.01, 0.46
        assertThat(amounts(split)).containsExactly(cny("0.02"), cny("0.01"));
        assertThat(split.platformMargin()).isEqualTo(cny("0.46"));
    }

    @Test
    void percentOfSale_thirds_tieGoesToLowerLevel() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.ofFraction(1, 3)))
                .level(2, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.ofFraction(1, 3)))
                .build();
        PriceList prices = PriceList.builder(CNY)
                .product(CARD, cny("8.00"))
                .tierPrice(CARD, RETAIL, cny("8.01"))
                .build();
        CommissionPolicy policy =
                CommissionPolicy.builder(prices).defaultPlan(plan).build();
        SaleSplit one = policy.split(prices.quote(CARD, RETAIL, 1), chain(false, false), NOW, volumes);
        assertThat(amounts(one)).containsExactly(cny("0.01"), cny("0"));
        assertThat(one.platformMargin()).isEqualTo(cny("0"));
        SaleSplit two = policy.split(prices.quote(CARD, RETAIL, 2), chain(false, false), NOW, volumes);
        assertThat(amounts(two)).containsExactly(cny("0.01"), cny("0.01"));
        assertThat(two.platformMargin()).isEqualTo(cny("0"));
    }

    @Test
    void fixedPerUnit_timesQuantity() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(cny("0.30")))
                .level(2, CommissionRule.fixedPerUnit(cny("0.10")))
                .build();
        SaleSplit split = sellRetail(policy(plan), 7, chain(false, false));
        assertThat(amounts(split)).containsExactly(cny("2.10"), cny("0.70"));
        assertThat(split.platformMargin()).isEqualTo(cny("11.20"));
    }

    @Test
    void levelCap_limitsOneLevel() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(cny("0.30")))
                .level(2, CommissionRule.fixedPerUnit(cny("0.10")))
                .levelCap(1, cny("1.00"))
                .build();
        SaleSplit split = sellRetail(policy(plan), 7, chain(false, false));
        assertThat(amounts(split)).containsExactly(cny("1.00"), cny("0.70"));
        assertThat(split.platformMargin()).isEqualTo(cny("12.30"));
    }

    @Test
    void saleCap_reducesLevelsInProportion() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(cny("0.30")))
                .level(2, CommissionRule.fixedPerUnit(cny("0.10")))
                .saleCap(cny("1.01"))
                .build();
        SaleSplit split = sellRetail(policy(plan), 7, chain(false, false));
        // 2.10 : 0.70 = 3 : 1 of 1.01 -> exact 0.7575 and 0.2525 -> 0.76 and 0.25
        assertThat(amounts(split)).containsExactly(cny("0.76"), cny("0.25"));
        assertThat(split.platformMargin()).isEqualTo(cny("12.99"));
    }

    @Test
    void volumeBrackets_rateFollowsEarnersPeriodVolume_atBoundaries() {
        VolumeBrackets table = VolumeBrackets.builder(CNY)
                .bracket(cny("0"), cny("100.00"), Rate.of("1%"))
                .bracket(cny("100.00"), cny("500.00"), Rate.of("2%"))
                .bracketFrom(cny("500.00"), Rate.of("3%"))
                .build();
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.volumeBrackets(CommissionBase.SALE, table))
                .build();
        CommissionPolicy policy = CommissionPolicy.builder(classicPrices().build())
                .defaultPlan(plan)
                .salesPeriod(SalesPeriod.monthly(ZoneId.of("Asia/Shanghai")))
                .build();
        UplineChain seller = UplineChain.of(List.of(new UplineChain.Link(AG, AGENT, false)));
        String period = "2026-11";
        // 100 units at 10.00 = 1000.00; 1% = 10.00, 2% = 20.00, 3% = 30.00
        assertThat(amounts(sellRetail(policy, 100, seller))).containsExactly(cny("10.00"));
        volumes.record(AG, period, cny("99.99"));
        assertThat(amounts(sellRetail(policy, 100, seller))).containsExactly(cny("10.00"));
        volumes.record(AG, period, cny("0.01"));
        assertThat(amounts(sellRetail(policy, 100, seller))).containsExactly(cny("20.00"));
        volumes.record(AG, period, cny("399.99"));
        assertThat(amounts(sellRetail(policy, 100, seller))).containsExactly(cny("20.00"));
        volumes.record(AG, period, cny("0.01"));
        assertThat(amounts(sellRetail(policy, 100, seller))).containsExactly(cny("30.00"));
        // a refund lowers the volume again
        volumes.record(AG, period, cny("-0.01"));
        assertThat(amounts(sellRetail(policy, 100, seller))).containsExactly(cny("20.00"));
        // another month (in Shanghai time) starts from zero
        SaleSplit december = policy.split(
                policy.prices().quote(CARD, RETAIL, 100), seller, Instant.parse("2026-11-30T16:00:00Z"), volumes);
        assertThat(amounts(december)).containsExactly(cny("10.00"));
    }

    @Test
    void deeperChainThanPaidLevels_onlyPaidLevelsEarn() {
        DistributorId reseller = DistributorId.of("reseller");
        UplineChain three = UplineChain.of(List.of(
                new UplineChain.Link(reseller, RETAIL, false),
                new UplineChain.Link(AG, AGENT, false),
                new UplineChain.Link(GA, GENERAL_AGENT, false)));
        SaleSplit split = sellRetail(policy(priceDifferencePlan()), 1, three);
        assertThat(split.shares()).extracting(CommissionShare::distributor).containsExactly(reseller, AG);
        assertThat(amounts(split)).containsExactly(cny("0"), cny("0.50"));
        assertThat(split.platformMargin()).isEqualTo(cny("1.50"));
    }

    @Test
    void directPlatformSale_emptyChain_platformKeepsMargin() {
        SaleSplit split = sellRetail(policy(percentOfSale("5%", "2%")), 3, UplineChain.empty());
        assertThat(split.shares()).isEmpty();
        assertThat(split.platformMargin()).isEqualTo(cny("6.00"));
    }

    @Test
    void commissionsAboveMargin_atSale_refusedWithFigures() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, DIFF)
                .level(2, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.ONE))
                .build();
        CommissionPolicy policy = policy(plan);
        assertThatThrownBy(() -> sellRetail(policy, 1, chain(false, false)))
                .isInstanceOfSatisfying(CommissionExceedsMarginException.class, e -> {
                    assertThat(e.getSku()).isEqualTo(CARD);
                    assertThat(e.getMargin()).isEqualTo(cny("2.00"));
                    assertThat(e.getCommissions()).isEqualTo(cny("2.50"));
                    assertThat(e.getShortfall()).isEqualTo(cny("0.50"));
                });
        // suspension does not make an over-committed plan fit
        assertThatThrownBy(() -> sellRetail(policy, 1, chain(true, false)))
                .isInstanceOf(CommissionExceedsMarginException.class);
    }

    @Test
    void actualCostAboveListCost_commissionsAboveMargin_refused() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(cny("0.30")))
                .build();
        CommissionPolicy policy = policy(plan);
        Quote quote = policy.prices().quote(CARD, RETAIL, 1);
        assertThatThrownBy(() -> policy.split(quote, cny("9.80"), chain(false, false), NOW, volumes))
                .isInstanceOf(CommissionExceedsMarginException.class);
        assertThatThrownBy(() -> policy.split(quote, cny("10.01"), chain(false, false), NOW, volumes))
                .isInstanceOfSatisfying(PriceBelowCostException.class, e -> {
                    assertThat(e.getPrice()).isEqualTo(cny("10.00"));
                    assertThat(e.getCost()).isEqualTo(cny("10.01"));
                    assertThat(e.getSku()).isEqualTo(CARD);
                });
        assertThatThrownBy(() -> policy.split(quote, cny("-1"), chain(false, false), NOW, volumes))
                .hasMessageContaining("supplierUnitCost was CNY -1.00");
        assertThat(policy.split(quote, cny("9.70"), chain(false, false), NOW, volumes)
                        .platformMargin())
                .isEqualTo(cny("0"));
    }

    @Test
    void build_planProvablyAboveMargin_refusedAtConfiguration() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(cny("0.60")))
                .level(2, CommissionRule.fixedPerUnit(cny("0.60")))
                .build();
        assertThatThrownBy(() -> policy(plan)).isInstanceOfSatisfying(CommissionPlanValidationException.class, e -> {
            assertThat(e.getSku()).contains(CARD);
            assertThat(e.getPrice()).contains(cny("9.00"));
            assertThat(e.getMargin()).contains(cny("1.00"));
            assertThat(e.getCommission()).contains(cny("1.20"));
        });
        // a per-sale cap makes the same plan safe
        CommissionPlan capped = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(cny("0.60")))
                .level(2, CommissionRule.fixedPerUnit(cny("0.60")))
                .saleCap(cny("1.00"))
                .build();
        assertThat(policy(capped).planFor(CARD)).isSameAs(capped);
    }

    @Test
    void build_percentOfSaleAboveMargin_refusedAtConfiguration() {
        assertThatThrownBy(() -> policy(percentOfSale("10%", "2%")))
                .isInstanceOfSatisfying(
                        CommissionPlanValidationException.class,
                        e -> assertThat(e.getCommission()).contains(cny("1.08")));
    }

    @Test
    void build_moreLevelsThanPaid_refused() {
        CommissionPlan three = CommissionPlan.builder()
                .level(3, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.of("1%")))
                .build();
        assertThatThrownBy(() -> policy(three))
                .isInstanceOf(CommissionPlanValidationException.class)
                .hasMessageContaining("pays level 3");
        CommissionPolicy allowed = CommissionPolicy.builder(classicPrices().build())
                .defaultPlan(three)
                .maxPaidLevels(3)
                .build();
        assertThat(allowed.maxPaidLevels()).isEqualTo(3);
    }

    @Test
    void build_wrongCurrencyOrMissingDefault_refused() {
        CommissionPlan usd = CommissionPlan.builder()
                .level(1, CommissionRule.fixedPerUnit(Money.parse("0.01", USD)))
                .build();
        assertThatThrownBy(() -> policy(usd)).isInstanceOf(CurrencyMismatchException.class);
        CommissionPolicy.Builder noDefault =
                CommissionPolicy.builder(classicPrices().build());
        assertThatThrownBy(noDefault::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> noDefault.plan(Sku.of("unknown"), CommissionPlan.none()))
                .isInstanceOf(MissingPriceException.class);
        noDefault.plan(CARD, CommissionPlan.none());
        assertThatThrownBy(() -> noDefault.plan(CARD, CommissionPlan.none()))
                .hasMessageContaining("already has a plan");
        assertThatThrownBy(() -> noDefault.maxPaidLevels(-1)).hasMessageContaining("maxPaidLevels was -1");
    }

    @Test
    void planPerProduct_overridesDefault() {
        Sku other = Sku.of("other");
        PriceList prices = classicPrices()
                .product(other, cny("1.00"))
                .tierPrice(other, RETAIL, cny("2.00"))
                .build();
        CommissionPolicy policy = CommissionPolicy.builder(prices)
                .defaultPlan(priceDifferencePlan())
                .plan(other, percentOfSale("10%", "0%"))
                .build();
        SaleSplit split = policy.split(prices.quote(other, RETAIL, 1), chain(false, false), NOW, volumes);
        assertThat(amounts(split)).containsExactly(cny("0.20"), cny("0"));
        assertThat(policy.planFor(CARD).rule(1)).contains(DIFF);
        assertThat(policy.toString()).contains("1 product plans");
    }

    @Test
    void split_currencyMismatch_refused() {
        CommissionPolicy policy = policy(CommissionPlan.none());
        Quote quote = policy.prices().quote(CARD, RETAIL, 1);
        assertThatThrownBy(() -> policy.split(quote, chain(false, false), NOW, SalesVolumeTracker.inMemory(USD)))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> policy.split(quote, Money.parse("1", USD), chain(false, false), NOW, volumes))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void split_nulls_refused() {
        CommissionPolicy policy = policy(CommissionPlan.none());
        Quote quote = policy.prices().quote(CARD, RETAIL, 1);
        assertThatThrownBy(() -> policy.split(null, chain(false, false), NOW, volumes))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.split(quote, null, NOW, volumes)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.split(quote, chain(false, false), null, volumes))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.split(quote, chain(false, false), NOW, null))
                .isInstanceOf(NullPointerException.class);
    }
}
