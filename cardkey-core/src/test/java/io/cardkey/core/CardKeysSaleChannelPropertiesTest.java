package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Sales through {@link CardKeys} whose distributor is known at reservation, with random plans, sellers, buyers,
 * quantities (across quantity breaks) and ways to pay: every order is priced at the price list's quote for its
 * channel, the money always adds up (price = supplier cost + platform margin + Σ commissions, summed over the
 * ledger), no commission is negative, and refunding every order returns every balance and volume to where it was.
 */
class CardKeysSaleChannelPropertiesTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final DistributorId RE = DistributorId.of("reseller");
    static final List<DistributorId> ALL = List.of(GA, AG, RE);
    static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);
    static final Duration TTL = Duration.ofMinutes(15);
    static final PriceList PRICES = classicPrices()
            .quantityBreak(CARD, RETAIL, 5, cny("9.90"))
            .quantityBreak(CARD, AGENT, 5, cny("9.40"))
            .distributorPrice(CARD, RE, cny("9.30"))
            .build();

    /** One sale: a customer through {@code distributor}, or {@code distributor} buying (from prepaid or not). */
    record Sale(boolean resale, int distributor, int quantity, boolean prepaid) {}

    @Provide
    Arbitrary<Sale> sales() {
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.of(true, false))
                .as(Sale::new);
    }

    @Property(tries = 100)
    void channelSales_addUp_andRefundingThemAllReturnsEveryBalance(
            @ForAll @Size(min = 1, max = 6) List<@From("sales") Sale> sales,
            @ForAll @IntRange(min = 0, max = 2) int planKind,
            @ForAll @IntRange(min = 0, max = 1500) int firstBasisPoints,
            @ForAll @IntRange(min = 0, max = 1500) int secondBasisPoints,
            @ForAll long shuffleSeed) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-10T08:00:00Z"));
        SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
        DistributorTree tree = DistributorTree.withLimits(2, 3);
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        tree.add(RE, AGENT, AG);
        CommissionPolicy policy = CommissionPolicy.builder(PRICES)
                .defaultPlan(plan(planKind, firstBasisPoints, secondBasisPoints))
                .build();
        CardKeys cardKeys = CardKeys.builder()
                .keyset(KEYSET)
                .clock(clock)
                .commissions(
                        policy,
                        tree,
                        RETAIL,
                        volumes,
                        books -> Earnings.builder(books, CNY)
                                .clock(clock)
                                .volumes(volumes)
                                .build())
                .build();
        cardKeys.putProduct(new Product(CARD, "Steam 10", cny("10.00"), false));
        cardKeys.generate(new Batch("B", CARD, "acme", cny("8.00"), Batch.Source.GENERATED, Optional.empty()), 50);
        Earnings earnings = cardKeys.earnings().orElseThrow();
        for (DistributorId d : ALL) {
            earnings.topUp("top-" + d.code(), d, cny("1000.00"));
        }
        List<Long> before = balances(cardKeys, earnings);
        String period = policy.salesPeriod().keyOf(clock.instant());

        List<String> orders = new ArrayList<>();
        long sold = 0;
        for (int i = 0; i < sales.size(); i++) {
            Sale sale = sales.get(i);
            DistributorId d = ALL.get(sale.distributor());
            String id = "o" + i;
            Order order = sale.resale()
                    ? cardKeys.reserve(id, "customer" + i, CARD, sale.quantity(), TTL, d)
                    : cardKeys.reservePurchase(id, d, CARD, sale.quantity(), TTL);
            Quote expected = sale.resale()
                    ? PRICES.quote(CARD, RETAIL, sale.quantity())
                    : PRICES.quote(CARD, tree.tier(d), d, sale.quantity());
            assertThat(order.price()).isEqualTo(expected.total());
            assertThat(cardKeys.saleChannel(id).orElseThrow().quote()).isEqualTo(expected);
            Order paid = !sale.resale() && sale.prepaid()
                    ? cardKeys.confirmPrepaid(id).order()
                    : cardKeys.confirm(id, new Payment("pay-" + id, order.price()))
                            .order();
            assertThat(paid.state()).isEqualTo(OrderState.SOLD);
            orders.add(id);
            sold += order.price().minorUnits();

            long commissions = 0;
            for (DistributorId any : ALL) {
                assertThat(earnings.pending(any).isNegative()).isFalse();
                commissions += earnings.pending(any).minorUnits();
            }
            assertThat(net(cardKeys, EarningsAccounts.supplierPayable(CNY))
                            + net(cardKeys, EarningsAccounts.revenue(CNY))
                            + commissions)
                    .as("cost + margin + commissions = every price, after %s", sale)
                    .isEqualTo(sold);
            assertThat(net(cardKeys, EarningsAccounts.revenue(CNY))).isNotNegative();
        }

        Collections.shuffle(orders, new Random(shuffleSeed));
        for (String id : orders) {
            assertThat(cardKeys.refund(id).state()).isEqualTo(OrderState.REFUNDED);
        }
        assertThat(balances(cardKeys, earnings)).isEqualTo(before);
        for (DistributorId d : ALL) {
            assertThat(volumes.volume(d, period)).isEqualTo(Money.zero(CNY));
        }
        cardKeys.ledger().verify();
    }

    private static CommissionPlan plan(int kind, int first, int second) {
        return switch (kind) {
            case 0 ->
                CommissionPlan.builder()
                        .level(1, CommissionRule.priceDifference())
                        .level(2, CommissionRule.priceDifference())
                        .build();
            case 1 ->
                CommissionPlan.builder()
                        .level(1, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.ofBasisPoints(first * 4)))
                        .level(2, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.ofBasisPoints(second * 2)))
                        .build();
            default ->
                CommissionPlan.builder()
                        .level(1, CommissionRule.percentOf(CommissionBase.SALE, Rate.ofBasisPoints(first / 3)))
                        .level(2, CommissionRule.percentOf(CommissionBase.SALE, Rate.ofBasisPoints(second / 3)))
                        .build();
        };
    }

    private static long net(CardKeys cardKeys, AccountId account) {
        return cardKeys.ledger().account(account).isPresent()
                ? cardKeys.ledger().balance(account).netCredit()
                : 0;
    }

    /** Every balance a sale or a refund touches. */
    private static List<Long> balances(CardKeys cardKeys, Earnings earnings) {
        List<Long> all = new ArrayList<>();
        all.add(net(cardKeys, EarningsAccounts.payments(CNY)));
        all.add(net(cardKeys, EarningsAccounts.supplierPayable(CNY)));
        all.add(net(cardKeys, EarningsAccounts.revenue(CNY)));
        for (DistributorId d : ALL) {
            all.add(earnings.pending(d).minorUnits());
            all.add(earnings.available(d).minorUnits());
            all.add(earnings.debt(d).minorUnits());
            all.add(earnings.prepaid(d).minorUnits());
        }
        return all;
    }
}
