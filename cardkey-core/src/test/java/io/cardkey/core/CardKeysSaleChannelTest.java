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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders that know their distributor from the reservation on: {@link CardKeys#reserve(String, String, Sku, int,
 * Duration, DistributorId)} and {@link CardKeys#reservePurchase}, priced by the price list and split through the chain
 * recorded with the reservation.
 */
class CardKeysSaleChannelTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final DistributorId VIP_SHOP = DistributorId.of("vip-shop");
    static final Tier VIP = Tier.of("vip", 1);
    static final Duration TTL = Duration.ofMinutes(15);
    static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-03T10:00:00Z"));
    final SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
    final DistributorTree tree = DistributorTree.create();
    final CommissionPolicy policy = CommissionPolicy.builder(classicPrices()
                    .quantityBreak(CARD, RETAIL, 10, cny("9.80"))
                    .quantityBreak(CARD, AGENT, 10, cny("9.40"))
                    .distributorPrice(CARD, DistributorId.of("favoured"), cny("9.20"))
                    .build())
            .defaultPlan(CommissionPlan.builder()
                    .level(1, CommissionRule.priceDifference())
                    .level(2, CommissionRule.priceDifference())
                    .build())
            .build();
    CardKeys cardKeys;
    Earnings earnings;
    Ledger ledger;

    @BeforeEach
    void setUp() {
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        tree.add(DistributorId.of("favoured"), AGENT, GA);
        tree.add(VIP_SHOP, VIP, GA);
        cardKeys = builder().build();
        cardKeys.putProduct(new Product(CARD, "Steam 10", cny("10.00"), false));
        cardKeys.generate(new Batch("B1", CARD, "acme", cny("8.00"), Batch.Source.GENERATED, Optional.empty()), 30);
        earnings = cardKeys.earnings().orElseThrow();
        ledger = cardKeys.ledger();
    }

    CardKeys.Builder builder() {
        return CardKeys.builder()
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
                                .build());
    }

    long net(AccountId account) {
        return ledger.balance(account).netCredit();
    }

    /** Every balance a sale touches. */
    List<Long> balances() {
        return List.of(
                net(EarningsAccounts.payments(CNY)),
                net(EarningsAccounts.supplierPayable(CNY)),
                net(EarningsAccounts.revenue(CNY)),
                earnings.pending(AG).minorUnits(),
                earnings.pending(GA).minorUnits(),
                earnings.prepaid(AG).minorUnits());
    }

    @Test
    void reserveThroughSeller_quotesTheCustomerTierWithItsBreak_andConfirmSplitsThroughTheRecordedChain() {
        Order reserved = cardKeys.reserve("o1", "alice", CARD, 10, TTL, AG);

        assertThat(reserved.price()).isEqualTo(cny("98.00")); // retail break from 10: 9.80, not 10.00
        SaleChannel channel = cardKeys.saleChannel("o1").orElseThrow();
        assertThat(channel.kind()).isEqualTo(SaleChannel.Kind.RESALE);
        assertThat(channel.distributor()).isEqualTo(AG);
        assertThat(channel.quote().source()).isEqualTo(PriceSource.QUANTITY_BREAK);
        assertThat(channel.quote().breakQuantity()).hasValue(10);
        assertThat(channel.chain()).isEqualTo(tree.chainOf(AG));

        Confirmation sold = cardKeys.confirm("o1", new Payment("pay-o1", cny("98.00")));

        assertThat(sold.order().state()).isEqualTo(OrderState.SOLD);
        assertThat(earnings.pending(AG)).isEqualTo(cny("4.00")); // 9.80 − its own break price 9.40, × 10
        assertThat(earnings.pending(GA)).isEqualTo(cny("4.00")); // 9.40 − 9.00, × 10
        assertThat(net(EarningsAccounts.revenue(CNY))).isEqualTo(1000);
        assertThat(net(EarningsAccounts.supplierPayable(CNY))).isEqualTo(8000);
        assertThat(ledger.transaction("sale:o1"))
                .as("no second posting by the inventory")
                .isEmpty();
        assertThat(ledger.transaction("channel:o1").orElseThrow().sequence() + 1)
                .as("the channel is recorded in the reservation's own batch, just before the order")
                .isEqualTo(ledger.transaction("order:o1:v1").orElseThrow().sequence());
        assertThat(cardKeys.orderHistory("o1"))
                .extracting(r -> r.transaction().map(Transaction::type).orElse("?"))
                .contains("order.channel", "earnings.sale");
        ledger.verify();
    }

    @Test
    void reserveThroughSeller_treeChangesBeforePayment_priceAndCommissionsStayAsReserved() {
        DistributorId otherGa = DistributorId.of("other-ga");
        tree.add(otherGa, GENERAL_AGENT);
        cardKeys.reserve("o1", "alice", CARD, 1, TTL, AG);

        tree.move(AG, otherGa);
        tree.changeTier(AG, RETAIL);
        cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")));

        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("0.50"));
        assertThat(earnings.pending(otherGa)).isEqualTo(cny("0"));
        cardKeys.refund("o1");
        assertThat(balances()).containsOnly(0L);
        ledger.verify();
    }

    @Test
    void reserveThroughSeller_confirmWithTheSameSeller_isTheSameSale_otherSellerIsAConflict() {
        cardKeys.reserve("o1", "alice", CARD, 1, TTL, AG);
        List<Long> before = balances();

        assertThatThrownBy(() -> cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")), GA))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("seller"));
        assertThat(balances()).isEqualTo(before);
        assertThat(cardKeys.order("o1").state()).isEqualTo(OrderState.RESERVED);

        Confirmation sold = cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")), AG);
        Confirmation again = cardKeys.confirm("o1", new Payment("pay-o1", cny("10.00")));
        assertThat(again.deliveryToken()).isEqualTo(sold.deliveryToken());
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
    }

    @Test
    void reserve_retriedWithTheSameSeller_returnsTheOrder_otherSellerOrNoneIsAConflict() {
        Order first = cardKeys.reserve("o1", "alice", CARD, 2, TTL, AG);
        int records = cardKeys.orderHistory("o1").size();
        Map<CardKeyState, Long> stock = cardKeys.stock(CARD);

        assertThat(cardKeys.reserve("o1", "alice", CARD, 2, TTL, AG)).isEqualTo(first);
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 2, TTL, GA))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("seller"));
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 2, TTL))
                .isInstanceOf(OrderConflictException.class);
        assertThatThrownBy(() -> cardKeys.reservePurchase("o1", AG, CARD, 2, TTL))
                .isInstanceOf(OrderConflictException.class);
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 3, TTL, AG))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("quantity"));

        cardKeys.reserve("plain", "bob", CARD, 1, TTL);
        assertThatThrownBy(() -> cardKeys.reserve("plain", "bob", CARD, 1, TTL, AG))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("seller"));
        assertThat(cardKeys.saleChannel("plain")).isEmpty();
        assertThat(cardKeys.orderHistory("o1")).hasSize(records);
        assertThat(cardKeys.stock(CARD)).containsEntry(CardKeyState.RESERVED, stock.get(CardKeyState.RESERVED) + 1);
    }

    @Test
    void reservePurchase_distributorPaysItsTierPrice_andItsUplineEarnsTheGap() {
        Order reserved = cardKeys.reservePurchase("p1", AG, CARD, 2, TTL);

        assertThat(reserved.price()).isEqualTo(cny("19.00"));
        assertThat(reserved.buyerId()).isEqualTo("distributor:agent");
        SaleChannel channel = cardKeys.saleChannel("p1").orElseThrow();
        assertThat(channel.kind()).isEqualTo(SaleChannel.Kind.PURCHASE);
        assertThat(channel.quote().tier()).isEqualTo(AGENT);
        assertThat(channel.quote().source()).isEqualTo(PriceSource.TIER_BASE);
        assertThat(channel.chain()).isEqualTo(tree.chainOf(GA));

        cardKeys.confirm("p1", new Payment("pay-p1", cny("19.00")));

        assertThat(earnings.pending(GA)).isEqualTo(cny("1.00"));
        assertThat(earnings.pending(AG)).isEqualTo(cny("0"));
        assertThat(net(EarningsAccounts.revenue(CNY))).isEqualTo(200);
        assertThat(net(EarningsAccounts.supplierPayable(CNY))).isEqualTo(1600);
        ledger.verify();
    }

    @Test
    void reservePurchase_agreedPriceWinsOverTierAndBreaks() {
        Order reserved = cardKeys.reservePurchase("p1", DistributorId.of("favoured"), CARD, 10, TTL);

        assertThat(reserved.price()).isEqualTo(cny("92.00"));
        assertThat(cardKeys.saleChannel("p1").orElseThrow().quote().source())
                .isEqualTo(PriceSource.DISTRIBUTOR_OVERRIDE);
        cardKeys.confirm("p1", new Payment("pay-p1", cny("92.00")));
        assertThat(earnings.pending(GA)).isEqualTo(cny("2.00"));
    }

    @Test
    void reservePurchase_quantityBreakOfTheBuyersTier() {
        assertThat(cardKeys.reservePurchase("p1", AG, CARD, 10, TTL).price()).isEqualTo(cny("94.00"));
        assertThat(cardKeys.saleChannel("p1").orElseThrow().quote().source()).isEqualTo(PriceSource.QUANTITY_BREAK);
    }

    @Test
    void confirmPrepaid_paysFromThePrepaidBalance_andRefundPaysItBack() {
        earnings.topUp("t1", AG, cny("50.00"));
        cardKeys.reservePurchase("p1", AG, CARD, 2, TTL);

        Confirmation sold = cardKeys.confirmPrepaid("p1");
        Confirmation again = cardKeys.confirmPrepaid("p1");

        assertThat(sold.order().state()).isEqualTo(OrderState.SOLD);
        assertThat(sold.order().paymentReference()).contains("prepaid:p1");
        assertThat(again.deliveryToken()).isEqualTo(sold.deliveryToken());
        assertThat(earnings.prepaid(AG)).isEqualTo(cny("31.00"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("1.00"));
        assertThat(cardKeys.reveal("p1", sold.deliveryToken())).hasSize(2).allSatisfy(RevealedCode::destroy);

        cardKeys.refund("p1");
        assertThat(earnings.prepaid(AG)).isEqualTo(cny("50.00"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("0"));
        ledger.verify();
    }

    @Test
    void confirmPrepaid_balanceTooLow_throwsAndChangesNothing() {
        earnings.topUp("t1", AG, cny("10.00"));
        cardKeys.reservePurchase("p1", AG, CARD, 2, TTL);
        List<Long> before = balances();

        assertThatThrownBy(() -> cardKeys.confirmPrepaid("p1"))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.getRequested()).isEqualTo(cny("19.00"));
                    assertThat(e.getAvailable()).isEqualTo(cny("10.00"));
                });

        assertThat(balances()).isEqualTo(before);
        assertThat(ledger.transaction("earn:sale:p1")).isEmpty();
        assertThat(cardKeys.order("p1").state()).isEqualTo(OrderState.RESERVED);
        earnings.topUp("t2", AG, cny("9.00"));
        assertThat(cardKeys.confirmPrepaid("p1").order().state()).isEqualTo(OrderState.SOLD);
        assertThat(earnings.prepaid(AG)).isEqualTo(cny("0"));
    }

    @Test
    void confirmPrepaid_ofAnOrderThatIsNoPurchase_throwsOrderState() {
        cardKeys.reserve("o1", "alice", CARD, 1, TTL, AG);
        cardKeys.reserve("o2", "bob", CARD, 1, TTL);

        for (String id : List.of("o1", "o2")) {
            assertThatThrownBy(() -> cardKeys.confirmPrepaid(id))
                    .isInstanceOfSatisfying(OrderStateException.class, e -> {
                        assertThat(e.orderId()).isEqualTo(id);
                        assertThat(e.state()).isEqualTo(OrderState.RESERVED);
                    });
        }
        assertThatThrownBy(() -> cardKeys.confirmPrepaid("nope")).isInstanceOf(UnknownOrderException.class);
    }

    @Test
    void latePaymentWithoutStock_backorders_andIsSplitThroughTheReservedChainWhenFilled() {
        cardKeys.reserve("late", "alice", CARD, 1, TTL, AG);
        clock.advance(TTL.plusMinutes(1));
        cardKeys.reserve("rest", "bob", CARD, 30, TTL);

        Order late =
                cardKeys.confirm("late", new Payment("pay-late", cny("10.00"))).order();

        assertThat(late.state()).isEqualTo(OrderState.BACKORDERED);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        cardKeys.release("rest");
        assertThat(cardKeys.order("late").state())
                .as("codes coming back to stock fill the back-order")
                .isEqualTo(OrderState.SOLD);
        assertThat(cardKeys.order("late").cardKeyIds()).hasSize(1);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        ledger.verify();
    }

    @Test
    void reserve_failures_holdNothingAndRecordNothing() {
        Map<CardKeyState, Long> stock = cardKeys.stock(CARD);
        long records = ledger.lastSequence();
        DistributorId stranger = DistributorId.of("stranger");

        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 1, TTL, stranger))
                .isInstanceOf(UnknownDistributorException.class);
        assertThatThrownBy(() -> cardKeys.reservePurchase("o1", stranger, CARD, 1, TTL))
                .isInstanceOf(UnknownDistributorException.class);
        assertThatThrownBy(() -> cardKeys.reservePurchase("o1", VIP_SHOP, CARD, 1, TTL))
                .isInstanceOfSatisfying(
                        MissingPriceException.class,
                        e -> assertThat(e.getTier()).contains(VIP));
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 1, TTL, VIP_SHOP))
                .as("the price difference of a seller without a price is refused before anything is held")
                .isInstanceOf(MissingPriceException.class);
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", Sku.of("nope"), 1, TTL, AG))
                .isInstanceOf(UnknownProductException.class);
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 31, TTL, AG))
                .isInstanceOf(InsufficientStockException.class);
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 0, TTL, AG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantity was 0");
        assertThatThrownBy(() -> cardKeys.reserve("o 1", "alice", CARD, 1, TTL, AG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderId");
        assertThatThrownBy(() -> cardKeys.reserve("o1", "alice", CARD, 1, TTL, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cardKeys.reservePurchase("o1", null, CARD, 1, TTL))
                .isInstanceOf(NullPointerException.class);

        assertThat(cardKeys.stock(CARD)).isEqualTo(stock);
        assertThat(ledger.lastSequence()).isEqualTo(records);
        assertThat(cardKeys.saleChannel("o1")).isEmpty();
        assertThat(cardKeys.reserve("o1", "alice", CARD, 1, TTL, AG).price()).isEqualTo(cny("10.00"));
    }

    @Test
    void withoutCommissions_reserveThroughDistributors_throwsIllegalState() {
        CardKeys plain = CardKeys.builder().keyset(KEYSET).build();

        assertThatThrownBy(() -> plain.reserve("o1", "alice", CARD, 1, TTL, AG))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("commissions");
        assertThatThrownBy(() -> plain.reservePurchase("o1", AG, CARD, 1, TTL))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> plain.confirmPrepaid("o1")).isInstanceOf(IllegalStateException.class);
        assertThat(plain.saleChannel("o1")).isEmpty();
    }

    @Test
    void reopenedDataDirectory_confirmsThroughTheChainRecordedBeforeTheRestart() {
        Path data = dir.resolve("data");
        try (CardKeys first = builder().dataDirectory(data).build()) {
            first.putProduct(new Product(CARD, "Steam 10", cny("10.00"), false));
            first.generate(new Batch("B1", CARD, "acme", cny("8.00"), Batch.Source.GENERATED, Optional.empty()), 3);
            first.reserve("o1", "alice", CARD, 1, TTL, AG);
        }
        DistributorId otherGa = DistributorId.of("other-ga");
        tree.add(otherGa, GENERAL_AGENT);
        tree.move(AG, otherGa);

        try (CardKeys reopened = builder().dataDirectory(data).build()) {
            assertThat(reopened.saleChannel("o1").orElseThrow().chain().level(2).distributor())
                    .isEqualTo(GA);
            reopened.confirm("o1", new Payment("pay-o1", cny("10.00")));
            Earnings books = reopened.earnings().orElseThrow();
            assertThat(books.pending(GA)).isEqualTo(cny("0.50"));
            assertThat(books.pending(otherGa)).isEqualTo(cny("0"));
            reopened.ledger().verify();
        }
    }
}
