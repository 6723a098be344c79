package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sales through a distributor chain: {@link CardKeys} confirming through {@link Earnings}. */
class CardKeysCommissionTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final Duration TTL = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-03T10:00:00Z"));
    final SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
    final DistributorTree tree = DistributorTree.create();
    CardKeys cardKeys;
    Earnings earnings;
    Ledger ledger;

    @BeforeEach
    void setUp() {
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        cardKeys = build(cny("10.00"));
        earnings = cardKeys.earnings().orElseThrow();
        ledger = cardKeys.ledger();
    }

    /** An instance whose product is priced {@code unitPrice}, with the classic price list, stocked with 5 codes. */
    CardKeys build(Money unitPrice) {
        CommissionPolicy policy = CommissionPolicy.builder(classicPrices().build())
                .defaultPlan(CommissionPlan.builder()
                        .level(1, CommissionRule.priceDifference())
                        .level(2, CommissionRule.priceDifference())
                        .build())
                .build();
        CardKeys built = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
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
        built.putProduct(new Product(CARD, "Steam 10", unitPrice, false));
        built.generate(new Batch("B1", CARD, "acme", cny("8.00"), Batch.Source.GENERATED, Optional.empty()), 5);
        return built;
    }

    long net(AccountId account) {
        return ledger.balance(account).netCredit();
    }

    /** Every balance a sale touches, so a test can compare before and after. */
    List<Long> balances() {
        return List.of(
                net(EarningsAccounts.payments(CNY)),
                net(EarningsAccounts.supplierPayable(CNY)),
                net(EarningsAccounts.revenue(CNY)),
                earnings.pending(AG).minorUnits(),
                earnings.pending(GA).minorUnits());
    }

    Confirmation sell(String orderId) {
        cardKeys.reserve(orderId, "buyer-" + orderId, CARD, 1, TTL);
        return cardKeys.confirm(orderId, new Payment("pay-" + orderId, cny("10.00")), AG);
    }

    @Test
    void confirm_classicChain_posts050To050And100ToPlatformOnce() {
        Confirmation c = sell("o1");

        assertThat(c.order().state()).isEqualTo(OrderState.SOLD);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("0.50"));
        assertThat(net(EarningsAccounts.revenue(CNY))).isEqualTo(100);
        assertThat(net(EarningsAccounts.supplierPayable(CNY))).isEqualTo(800);
        assertThat(net(EarningsAccounts.payments(CNY))).isEqualTo(-1000);
        assertThat(ledger.transaction("sale:o1"))
                .as("no second posting by the inventory")
                .isEmpty();
        Transaction sale =
                ledger.transaction("earn:sale:o1").flatMap(r -> r.transaction()).orElseThrow();
        assertThat(sale.metadata()).containsEntry("level.1", "agent").containsEntry("level.2", "ga");
        assertThat(new String(sale.payload().orElseThrow(), StandardCharsets.US_ASCII))
                .isEqualTo("agent\nga");
        assertThat(volumes.volume(AG, "2026-11")).isEqualTo(cny("10.00"));
        assertThat(cardKeys.reveal("o1", c.deliveryToken())).hasSize(1).allSatisfy(RevealedCode::destroy);
        ledger.verify();
    }

    @Test
    void confirm_repeatedPayment_postsNothingMore() {
        Confirmation first = sell("o1");
        List<Long> after = balances();

        Confirmation again = cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")), AG);

        assertThat(again.deliveryToken()).isEqualTo(first.deliveryToken());
        assertThat(balances()).isEqualTo(after);
        ledger.verify();
    }

    @Test
    void refund_duringHold_returnsEveryBalance() {
        List<Long> before = balances();
        sell("o1");
        long soldCode = cardKeys.order("o1").cardKeyIds().get(0);

        Order refunded = cardKeys.refund("o1");
        Order again = cardKeys.refund("o1");

        assertThat(refunded.state()).isEqualTo(OrderState.REFUNDED);
        assertThat(again).isEqualTo(refunded);
        assertThat(balances()).isEqualTo(before).containsOnly(0L);
        assertThat(cardKeys.cardKey(soldCode).orElseThrow().state()).isEqualTo(CardKeyState.VOIDED);
        assertThat(ledger.transaction("refund:o1"))
                .as("no second reversal by the inventory")
                .isEmpty();
        ledger.verify();
    }

    @Test
    void refund_afterDistributorMoved_reversesTheRecordedChain() {
        DistributorId otherGa = DistributorId.of("other-ga");
        tree.add(otherGa, GENERAL_AGENT);
        sell("o1");

        tree.move(AG, otherGa);
        tree.suspend(GA);

        assertThat(earnings.pending(GA)).isEqualTo(cny("0.50"));
        assertThat(earnings.pending(otherGa)).isEqualTo(cny("0"));
        cardKeys.refund("o1");
        assertThat(earnings.pending(GA)).isEqualTo(cny("0"));
        assertThat(earnings.pending(AG)).isEqualTo(cny("0"));
        assertThat(earnings.pending(otherGa)).isEqualTo(cny("0"));
        sell("o2");
        assertThat(earnings.pending(otherGa))
                .as("a later sale takes the new chain")
                .isEqualTo(cny("0.50"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("0"));
        ledger.verify();
    }

    @Test
    void confirm_afterExpiryWithoutStock_backordersOnce_andRefundReturnsEveryBalance() {
        cardKeys.reserve("late", "buyer-late", CARD, 1, TTL);
        clock.advance(TTL.plusMinutes(1));
        cardKeys.reserve("rest", "buyer-rest", CARD, 5, TTL);

        Order late = cardKeys.confirm("late", new Payment("pay-late", cny("10.00")), AG)
                .order();

        assertThat(late.state()).isEqualTo(OrderState.BACKORDERED);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        assertThat(net(EarningsAccounts.payments(CNY))).isEqualTo(-1000);
        assertThat(ledger.transaction("payment:late"))
                .as("no backorder posting by the inventory")
                .isEmpty();
        cardKeys.refund("late");
        assertThat(balances()).containsOnly(0L);
        ledger.verify();
    }

    @Test
    void confirm_unknownSeller_throwsUnknownDistributor_nothingChanged() {
        cardKeys.reserve("o1", "buyer", CARD, 1, TTL);
        Map<CardKeyState, Long> stock = cardKeys.stock(CARD);
        List<Long> before = balances();
        DistributorId stranger = DistributorId.of("stranger");

        assertThatThrownBy(() -> cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")), stranger))
                .isInstanceOfSatisfying(
                        UnknownDistributorException.class,
                        e -> assertThat(e.getDistributor()).isEqualTo(stranger));

        assertThat(cardKeys.order("o1").state()).isEqualTo(OrderState.RESERVED);
        assertThat(cardKeys.stock(CARD)).isEqualTo(stock);
        assertThat(balances()).isEqualTo(before);
        assertThat(ledger.transaction("earn:sale:o1")).isEmpty();
        assertThat(cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")), AG)
                        .order()
                        .state())
                .isEqualTo(OrderState.SOLD);
    }

    @Test
    void confirm_wrongAmount_throwsPaymentMismatch_nothingPosted() {
        cardKeys.reserve("o1", "buyer", CARD, 1, TTL);

        assertThatThrownBy(() -> cardKeys.confirm("o1", new Payment("pay-o1", cny("9.99")), AG))
                .isInstanceOf(PaymentMismatchException.class);

        assertThat(cardKeys.order("o1").state()).isEqualTo(OrderState.RESERVED);
        assertThat(balances()).containsOnly(0L);
        assertThat(ledger.transaction("earn:sale:o1")).isEmpty();
    }

    @Test
    void confirm_releasedOrder_throwsOrderState_nothingPosted() {
        cardKeys.reserve("o1", "buyer", CARD, 1, TTL);
        cardKeys.release("o1");

        assertThatThrownBy(() -> cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")), AG))
                .isInstanceOf(OrderStateException.class);

        assertThat(balances()).containsOnly(0L);
        assertThat(ledger.transaction("earn:sale:o1")).isEmpty();
    }

    @Test
    void confirm_productPriceDisagreesWithPriceList_throwsIllegalState_nothingChanged() {
        CardKeys mispriced = build(cny("11.00"));
        mispriced.reserve("o1", "buyer", CARD, 1, TTL);

        assertThatThrownBy(() -> mispriced.confirm("o1", new Payment("pay-o1", cny("11.00")), AG))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("11.00")
                .hasMessageContaining("10.00");

        assertThat(mispriced.order("o1").state()).isEqualTo(OrderState.RESERVED);
        assertThat(mispriced.ledger().transaction("earn:sale:o1")).isEmpty();
    }

    @Test
    void confirmWithSeller_withoutPolicy_throwsIllegalState() {
        CardKeys plain =
                CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)).build();

        assertThat(plain.earnings()).isEmpty();
        assertThatThrownBy(() -> plain.confirm("o1", new Payment("pay-o1", cny("10.00")), AG))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("commissions");
    }

    @Test
    void commissions_nullArgument_throwsNpe() {
        assertThatThrownBy(() -> CardKeys.builder().commissions(null, tree, RETAIL, volumes, l -> earnings))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("policy");
    }
}
