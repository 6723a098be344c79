package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.classicPrices;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class EarningsPropertiesTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final DistributorId RE = DistributorId.of("reseller");
    static final List<DistributorId> ALL = List.of(GA, AG, RE);
    static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

    /** One test world: a ledger, a tree ga → agent → reseller, a policy and the earnings. */
    static final class World implements AutoCloseable {
        final MutableClock clock = new MutableClock(START);
        final Ledger ledger = Ledger.builder().clock(clock).open(LedgerStore.inMemory());
        final SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
        final DistributorTree tree = DistributorTree.withLimits(2, 3);
        final CommissionPolicy policy;
        final Earnings earnings;

        World(int firstBasisPoints, int secondBasisPoints, boolean priceDifference) {
            tree.add(GA, GENERAL_AGENT);
            tree.add(AG, AGENT, GA);
            tree.add(RE, AGENT, AG);
            CommissionPlan plan = priceDifference
                    ? CommissionPlan.builder()
                            .level(1, CommissionRule.priceDifference())
                            .level(2, CommissionRule.priceDifference())
                            .build()
                    : CommissionPlan.builder()
                            .level(
                                    1,
                                    CommissionRule.percentOf(CommissionBase.SALE, Rate.ofBasisPoints(firstBasisPoints)))
                            .level(
                                    2,
                                    CommissionRule.percentOf(
                                            CommissionBase.SALE, Rate.ofBasisPoints(secondBasisPoints)))
                            .build();
            policy = CommissionPolicy.builder(classicPrices().build())
                    .defaultPlan(plan)
                    .build();
            earnings = Earnings.builder(ledger, CNY)
                    .clock(clock)
                    .volumes(volumes)
                    .holdPeriod(Duration.ofDays(7))
                    .build();
        }

        SaleSplit sale(DistributorId seller, long quantity) {
            return policy.split(
                    policy.prices().quote(CARD, RETAIL, quantity), tree.chainOf(seller), clock.instant(), volumes);
        }

        SaleSplit purchase(DistributorId buyer, long quantity) {
            return policy.split(
                    policy.prices().quote(CARD, tree.tier(buyer), quantity),
                    tree.upline(buyer).map(tree::chainOf).orElse(UplineChain.empty()),
                    clock.instant(),
                    volumes);
        }

        /** Every account's net balance, by id. */
        Map<AccountId, Long> balances() {
            Map<AccountId, Long> out = new LinkedHashMap<>();
            for (Account account : ledger.accounts()) {
                out.put(account.id(), ledger.balance(account.id()).netCredit());
            }
            return out;
        }

        Map<String, Money> volumes() {
            Map<String, Money> out = new LinkedHashMap<>();
            for (DistributorId d : ALL) {
                out.put(d.code(), volumes.volume(d, "2026-11"));
            }
            return out;
        }

        @Override
        public void close() {
            ledger.close();
        }
    }

    @Property(tries = 150)
    void refundDuringHold_thenReplay_returnsEveryBalance(
            @ForAll @IntRange(min = 0, max = 550) int first,
            @ForAll @IntRange(min = 0, max = 550) int second,
            @ForAll boolean priceDifference,
            @ForAll @LongRange(min = 1, max = 50) long quantity,
            @ForAll("sellers") DistributorId seller,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 100) Integer> refundWeights) {
        try (World w = new World(first, second, priceDifference)) {
            w.earnings.recordSale("warm-up", w.sale(RE, 1));
            Map<AccountId, Long> before = w.balances();
            Map<String, Money> volumesBefore = w.volumes();

            SaleSplit split = w.sale(seller, quantity);
            w.earnings.recordSale("order", split);
            Map<AccountId, Long> afterSale = w.balances();
            Map<String, Money> volumesAfterSale = w.volumes();

            long[] weights =
                    refundWeights.stream().mapToLong(Integer::longValue).toArray();
            List<Money> parts = split.price().allocate(weights);
            int n = 0;
            for (Money part : parts) {
                if (part.isPositive()) {
                    w.earnings.refund("refund-" + n++, "order", part);
                }
            }
            assertThat(w.balances()).isEqualTo(zeroFilled(before, afterSale));
            assertThat(w.volumes()).isEqualTo(volumesBefore);

            w.earnings.recordSale("replay", split);
            assertThat(w.balances()).isEqualTo(afterSale);
            assertThat(w.volumes()).isEqualTo(volumesAfterSale);
            w.ledger.verify();
        }
    }

    /** Accounts opened by the sale appear with zero balance after its refund. */
    private static Map<AccountId, Long> zeroFilled(Map<AccountId, Long> before, Map<AccountId, Long> keys) {
        Map<AccountId, Long> out = new LinkedHashMap<>();
        for (AccountId id : keys.keySet()) {
            out.put(id, before.getOrDefault(id, 0L));
        }
        return out;
    }

    @Provide
    Arbitrary<DistributorId> sellers() {
        return Arbitraries.of(ALL);
    }

    /** One step of a random history. */
    record Op(int kind, int who, long amount) {}

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, ALL.size() - 1),
                        Arbitraries.longs().between(1, 3000))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 120)
    void statements_alwaysMatchLedger_andNoBalanceIsNegative(
            @ForAll @IntRange(min = 0, max = 550) int first,
            @ForAll @IntRange(min = 0, max = 550) int second,
            @ForAll boolean priceDifference,
            @ForAll("histories") List<Op> history) {
        try (World w = new World(first, second, priceDifference)) {
            List<String> orders = new ArrayList<>();
            List<Instant> cuts = new ArrayList<>();
            int id = 0;
            for (Op op : history) {
                DistributorId who = ALL.get(op.who());
                String key = "x" + id++;
                try {
                    switch (op.kind()) {
                        case 0, 1 -> {
                            w.earnings.recordSale(key, w.sale(who, 1 + op.amount() % 5));
                            orders.add(key);
                        }
                        case 2 -> {
                            if (!orders.isEmpty()) {
                                String order = orders.get((int) (op.amount() % orders.size()));
                                w.earnings.refund(key, order, Money.ofMinor(1 + op.amount() % 1500, CNY));
                            }
                        }
                        case 3 -> {
                            w.clock.advance(Duration.ofDays(1 + op.amount() % 9));
                            cuts.add(w.clock.instant());
                            w.earnings.settle();
                        }
                        case 4 -> w.earnings.withdraw(key, who, Money.ofMinor(op.amount(), CNY));
                        case 5 -> w.earnings.topUp(key, who, Money.ofMinor(op.amount() * 3, CNY));
                        default -> {
                            w.earnings.recordPrepaidPurchase(key, who, w.purchase(who, 1 + op.amount() % 3));
                            orders.add(key);
                        }
                    }
                } catch (RefundExceedsSaleException | InsufficientBalanceException expected) {
                    // refused with no change; the statements below must still reconcile
                }
            }
            Instant end = w.clock.instant().plusSeconds(1);
            for (DistributorId d : ALL) {
                EarningsStatement all = w.earnings.statement(d, START, end);
                assertThat(all.closing())
                        .isEqualTo(new EarningsStatement.Balances(
                                w.earnings.pending(d),
                                w.earnings.available(d),
                                w.earnings.prepaid(d),
                                w.earnings.debt(d)));
                assertThat(List.of(
                                all.closing().pending(),
                                all.closing().available(),
                                all.closing().prepaid(),
                                all.closing().debt()))
                        .allSatisfy(m -> assertThat(m.isNegative()).isFalse());
                assertThat(all.earningsByLevel())
                        .allSatisfy(l -> assertThat(l.amount().isNegative()).isFalse());
                // movements explain the change of every balance
                Money earned = all.totalEarnings();
                assertThat(all.closing().pending())
                        .isEqualTo(earned.minus(all.reversedInHold()).minus(all.released()));
                assertThat(all.closing().available())
                        .isEqualTo(all.released().minus(all.debtNetted()).minus(all.withdrawals()));
                assertThat(all.closing().debt()).isEqualTo(all.clawedBack().minus(all.debtNetted()));
                assertThat(all.closing().prepaid())
                        .isEqualTo(all.topUps().minus(all.prepaidPurchases()).plus(all.prepaidRefunds()));
                for (Instant cut : cuts) {
                    EarningsStatement before = w.earnings.statement(d, START, cut);
                    EarningsStatement after = w.earnings.statement(d, cut, end);
                    assertThat(after.opening()).isEqualTo(before.closing());
                    assertThat(before.totalEarnings().plus(after.totalEarnings()))
                            .isEqualTo(earned);
                }
            }
            w.ledger.verify();
        }
    }
}
