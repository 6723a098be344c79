package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.BuyerLimitExceededException;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.IllegalTransitionException;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.MutableClock;
import io.cardkey.core.Order;
import io.cardkey.core.OrderConflictException;
import io.cardkey.core.OrderState;
import io.cardkey.core.OrderStateException;
import io.cardkey.core.Payment;
import io.cardkey.core.PaymentMismatchException;
import io.cardkey.core.PaymentReferenceUsedException;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.UnknownOrderException;
import io.cardkey.core.UnknownProductException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryTest {
    static final Currency CNY = Currency.getInstance("CNY");

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Sku SKU = Sku.of("GAME-100");
    static final Sku SHARED = Sku.of("TUTORIAL");
    static final Duration TTL = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(T0);
    final InMemoryInventoryStore store = new InMemoryInventoryStore();
    final List<String> events = new CopyOnWriteArrayList<>();
    Inventory inventory;

    @BeforeEach
    void setUp() {
        store.putProduct(new Product(SKU, "Game points 100", Money.ofMinor(1000, CNY), false));
        store.putProduct(new Product(SHARED, "Tutorial link", Money.ofMinor(500, CNY), true));
        inventory = new Inventory(store, clock, 20_000, (event, before, applied, keys) -> events.add(event));
    }

    List<Long> stock(Sku sku, int count, Instant expiresAt) {
        long first = store.reserveIds(count);
        List<StockedCardKey> keys = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            byte[] index = ByteBuffer.allocate(8).putLong(id).array();
            keys.add(new StockedCardKey(
                    CardKey.available(id, sku, "B1", Optional.ofNullable(expiresAt), "****"), index, new byte[] {1}));
        }
        inventory.stock(keys);
        return keys.stream().map(k -> k.cardKey().id()).toList();
    }

    Map<CardKeyState, Long> counts() {
        return store.countByState(SKU);
    }

    static Payment pay(String ref, long amount) {
        return new Payment(ref, Money.ofMinor(amount, CNY));
    }

    @Test
    void reserve_holdsFirstExpiringCodes_andQuotesThePrice() {
        stock(SKU, 2, null);
        List<Long> soon = stock(SKU, 2, T0.plus(Duration.ofDays(3)));
        Order order = inventory.reserve("o1", "alice", SKU, 2, TTL);

        assertThat(order.state()).isEqualTo(OrderState.RESERVED);
        assertThat(order.cardKeyIds()).containsExactlyElementsOf(soon);
        assertThat(order.price()).isEqualTo(Money.ofMinor(2000, CNY));
        assertThat(order.reservedUntil()).isEqualTo(T0.plus(TTL));
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.AVAILABLE, 2L, CardKeyState.RESERVED, 2L));
        assertThat(events).containsExactly("order.reserved");
    }

    @Test
    void reserve_sameOrderAgain_returnsItAndHoldsNothingMore() {
        stock(SKU, 5, null);
        Order first = inventory.reserve("o1", "alice", SKU, 2, TTL);
        Order again = inventory.reserve("o1", "alice", SKU, 2, TTL);
        assertThat(again).isEqualTo(first);
        assertThat(counts()).containsEntry(CardKeyState.RESERVED, 2L);
    }

    @Test
    void reserve_sameOrderIdOtherRequest_throwsOrderConflict() {
        stock(SKU, 5, null);
        stock(SHARED, 1, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        assertThatThrownBy(() -> inventory.reserve("o1", "bob", SKU, 2, TTL))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("buyerId"));
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SHARED, 2, TTL))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("sku"));
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, 3, TTL))
                .isInstanceOfSatisfying(
                        OrderConflictException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
        assertThat(counts()).containsEntry(CardKeyState.RESERVED, 2L);
    }

    @Test
    void reserve_moreThanStock_throwsAndHoldsNothing() {
        stock(SKU, 3, null);
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, 4, TTL))
                .isInstanceOfSatisfying(InsufficientStockException.class, e -> {
                    assertThat(e.sku()).isEqualTo(SKU);
                    assertThat(e.requested()).isEqualTo(4);
                    assertThat(e.available()).isEqualTo(3);
                })
                .hasMessageContaining(SKU.code())
                .hasMessageContaining("3 codes available")
                .hasMessageContaining("4 were requested");
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));
        assertThat(store.order("o1")).isEmpty();
    }

    @Test
    void reserve_unknownProduct_throws() {
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", Sku.of("NOPE"), 1, TTL))
                .isInstanceOfSatisfying(
                        UnknownProductException.class, e -> assertThat(e.sku()).isEqualTo(Sku.of("NOPE")));
    }

    @Test
    void reserve_badArguments_throwJdkExceptionsNamingTheRule() {
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, 0, TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantity was 0; must be between 1 and 1000000");
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, -5, TTL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl was PT0S");
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, 1, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inventory.reserve(" ", "alice", SKU, 1, TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderId");
        assertThatThrownBy(() -> inventory.reserve("o1", null, SKU, 1, TTL)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", null, 1, TTL))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void reserve_pastBuyerCap_throws_untilReservationsEnd() {
        inventory = new Inventory(store, clock, 5, (e, b, a, k) -> {});
        stock(SKU, 20, null);
        inventory.reserve("o1", "alice", SKU, 4, TTL);
        assertThatThrownBy(() -> inventory.reserve("o2", "alice", SKU, 2, TTL))
                .isInstanceOf(BuyerLimitExceededException.class);
        inventory.reserve("o3", "bob", SKU, 5, TTL);
        inventory.confirm("o1", pay("p1", 4000));
        inventory.reserve("o4", "alice", SKU, 5, TTL);
        assertThat(counts()).containsEntry(CardKeyState.RESERVED, 10L);
    }

    @Test
    void reserve_sweepsExpiredReservationsFirst() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        clock.advance(TTL);
        Order o2 = inventory.reserve("o2", "bob", SKU, 2, TTL);
        assertThat(o2.state()).isEqualTo(OrderState.RESERVED);
        assertThat(inventory.order("o1").state()).isEqualTo(OrderState.EXPIRED);
    }

    @Test
    void confirm_sellsTheReservedCodes() {
        stock(SKU, 3, null);
        Order reserved = inventory.reserve("o1", "alice", SKU, 2, TTL);
        Order sold = inventory.confirm("o1", pay("p1", 2000));

        assertThat(sold.state()).isEqualTo(OrderState.SOLD);
        assertThat(sold.paymentReference()).contains("p1");
        assertThat(sold.cardKeyIds()).isEqualTo(reserved.cardKeyIds());
        assertThat(store.cardKeys(sold.cardKeyIds())).allSatisfy(k -> {
            assertThat(k.state()).isEqualTo(CardKeyState.SOLD);
            assertThat(k.orderId()).contains("o1");
            assertThat(k.salesCount()).isEqualTo(1);
        });
        assertThat(store.orderIdByPaymentReference("p1")).contains("o1");
    }

    @Test
    void confirm_repeatedCallback_returnsTheSameSale() {
        stock(SKU, 3, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        Order sold = inventory.confirm("o1", pay("p1", 1000));
        clock.advance(Duration.ofDays(1));
        assertThat(inventory.confirm("o1", pay("p1", 1000))).isEqualTo(sold);
        assertThat(counts()).containsEntry(CardKeyState.SOLD, 1L);
    }

    @Test
    void confirm_paidOrderWithAnotherPayment_throwsAndKeepsTheSale() {
        stock(SKU, 3, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        Order sold = inventory.confirm("o1", pay("p1", 1000));
        assertThatThrownBy(() -> inventory.confirm("o1", pay("p2", 1000)))
                .isInstanceOfSatisfying(OrderStateException.class, e -> {
                    assertThat(e.state()).isEqualTo(OrderState.SOLD);
                    assertThat(e.operation()).isEqualTo("confirm");
                });
        assertThat(inventory.order("o1")).isEqualTo(sold);
        assertThat(store.orderIdByPaymentReference("p2")).isEmpty();
    }

    @Test
    void confirm_wrongAmountOrCurrency_throwsAndChangesNothing() {
        stock(SKU, 3, null);
        Order reserved = inventory.reserve("o1", "alice", SKU, 2, TTL);
        assertThatThrownBy(() -> inventory.confirm("o1", pay("p1", 1999)))
                .isInstanceOfSatisfying(PaymentMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(Money.ofMinor(2000, CNY));
                    assertThat(e.paid()).isEqualTo(Money.ofMinor(1999, CNY));
                    assertThat(e.orderId()).isEqualTo("o1");
                });
        assertThatThrownBy(() ->
                        inventory.confirm("o1", new Payment("p1", Money.ofMinor(2000, Currency.getInstance("USD")))))
                .isInstanceOfSatisfying(PaymentMismatchException.class, e -> {
                    assertThat(e.paid().currency().getCurrencyCode()).isEqualTo("USD");
                });
        assertThat(inventory.order("o1")).isEqualTo(reserved);
        assertThat(store.orderIdByPaymentReference("p1")).isEmpty();
    }

    @Test
    void confirm_paymentReferenceOfAnotherOrder_throws() {
        stock(SKU, 3, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        Order o2 = inventory.reserve("o2", "bob", SKU, 1, TTL);
        inventory.confirm("o1", pay("p1", 1000));
        assertThatThrownBy(() -> inventory.confirm("o2", pay("p1", 1000)))
                .isInstanceOfSatisfying(PaymentReferenceUsedException.class, e -> {
                    assertThat(e.paidOrderId()).isEqualTo("o1");
                    assertThat(e.reference()).isEqualTo("p1");
                });
        assertThat(inventory.order("o2")).isEqualTo(o2);
    }

    @Test
    void confirm_unknownOrder_throws() {
        assertThatThrownBy(() -> inventory.confirm("ghost", pay("p1", 1000)))
                .isInstanceOfSatisfying(
                        UnknownOrderException.class,
                        e -> assertThat(e.orderId()).isEqualTo("ghost"));
    }

    @Test
    void confirm_afterRelease_throwsAndLeavesStock() {
        stock(SKU, 1, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        inventory.release("o1");
        assertThatThrownBy(() -> inventory.confirm("o1", pay("p1", 1000)))
                .isInstanceOfSatisfying(
                        OrderStateException.class, e -> assertThat(e.state()).isEqualTo(OrderState.RELEASED));
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.AVAILABLE, 1L));
    }

    @Test
    void release_returnsCodes_isIdempotent_andRefusesPaidOrders() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        Order released = inventory.release("o1");
        assertThat(released.state()).isEqualTo(OrderState.RELEASED);
        assertThat(inventory.release("o1")).isEqualTo(released);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.AVAILABLE, 2L));
        assertThat(store.cardKeys(SKU, CardKeyState.AVAILABLE, 10))
                .allSatisfy(k -> assertThat(k.orderId()).isEmpty());

        inventory.reserve("o2", "alice", SKU, 1, TTL);
        inventory.confirm("o2", pay("p2", 1000));
        assertThatThrownBy(() -> inventory.release("o2")).isInstanceOf(OrderStateException.class);
        assertThatThrownBy(() -> inventory.release("ghost")).isInstanceOf(UnknownOrderException.class);
    }

    @Test
    void expireReservations_returnsCodesWhenTheTtlRunsOut() {
        stock(SKU, 3, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        clock.advance(TTL.minusSeconds(1));
        assertThat(inventory.expireReservations()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(inventory.expireReservations()).isEqualTo(1);
        assertThat(inventory.order("o1").state()).isEqualTo(OrderState.EXPIRED);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));
        assertThat(inventory.release("o1").state()).isEqualTo(OrderState.EXPIRED);
    }

    @Test
    void confirm_afterExpiry_sellsFreshCodesFromStock() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        clock.advance(TTL);
        Order sold = inventory.confirm("o1", pay("p1", 2000));
        assertThat(sold.state()).isEqualTo(OrderState.SOLD);
        assertThat(sold.cardKeyIds()).hasSize(2);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.SOLD, 2L));
    }

    @Test
    void confirm_afterExpiryWithoutStock_backordersThenFillsWhenStockArrives() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        clock.advance(TTL);
        inventory.reserve("o2", "bob", SKU, 1, TTL);
        Order backordered = inventory.confirm("o1", pay("p1", 2000));
        assertThat(backordered.state()).isEqualTo(OrderState.BACKORDERED);
        assertThat(backordered.cardKeyIds()).isEmpty();
        assertThat(inventory.confirm("o1", pay("p1", 2000))).isEqualTo(backordered);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.AVAILABLE, 1L, CardKeyState.RESERVED, 1L));

        stock(SKU, 1, null);
        Order filled = inventory.order("o1");
        assertThat(filled.state()).isEqualTo(OrderState.SOLD);
        assertThat(filled.cardKeyIds()).hasSize(2);
        assertThat(filled.paymentReference()).contains("p1");
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.SOLD, 2L, CardKeyState.RESERVED, 1L));
    }

    @Test
    void release_codesBackInStock_fillTheBackorderAtOnce() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        clock.advance(TTL);
        inventory.reserve("o2", "bob", SKU, 2, TTL);
        assertThat(inventory.confirm("o1", pay("p1", 2000)).state()).isEqualTo(OrderState.BACKORDERED);

        inventory.release("o2");

        assertThat(inventory.order("o1").state()).isEqualTo(OrderState.SOLD);
        assertThat(inventory.order("o1").cardKeyIds()).hasSize(2);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.SOLD, 2L));
    }

    @Test
    void expireReservations_codesBackInStock_fillTheBackorderAtOnce() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        clock.advance(TTL);
        inventory.reserve("o2", "bob", SKU, 2, TTL);
        assertThat(inventory.confirm("o1", pay("p1", 2000)).state()).isEqualTo(OrderState.BACKORDERED);
        clock.advance(TTL);

        assertThat(inventory.expireReservations()).isEqualTo(1);

        assertThat(inventory.order("o2").state()).isEqualTo(OrderState.EXPIRED);
        assertThat(inventory.order("o1").state()).isEqualTo(OrderState.SOLD);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.SOLD, 2L));
    }

    @Test
    void refundBackorder_refundsOnlyBackorders() {
        stock(SKU, 1, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        clock.advance(TTL);
        inventory.reserve("o2", "bob", SKU, 1, TTL);
        inventory.confirm("o1", pay("p1", 1000));
        Order refunded = inventory.refundBackorder("o1");
        assertThat(refunded.state()).isEqualTo(OrderState.REFUNDED);
        assertThat(inventory.refundBackorder("o1")).isEqualTo(refunded);
        stock(SKU, 1, null);
        assertThat(inventory.order("o1").state()).isEqualTo(OrderState.REFUNDED);
        assertThatThrownBy(() -> inventory.refundBackorder("o2")).isInstanceOf(OrderStateException.class);
        assertThat(inventory.confirm("o1", pay("p1", 1000)).state()).isEqualTo(OrderState.REFUNDED);
    }

    @Test
    void backorders_areFilledOldestFirst_wholeOrdersOnly() {
        stock(SKU, 3, null);
        inventory.reserve("a", "alice", SKU, 2, TTL);
        clock.advance(Duration.ofSeconds(1));
        inventory.reserve("b", "bob", SKU, 1, TTL);
        clock.advance(TTL);
        inventory.reserve("hog", "carol", SKU, 3, TTL);
        inventory.confirm("b", pay("pb", 1000));
        inventory.confirm("a", pay("pa", 2000));
        assertThat(inventory.order("a").state()).isEqualTo(OrderState.BACKORDERED);
        stock(SKU, 1, null);
        assertThat(inventory.order("a").state()).isEqualTo(OrderState.BACKORDERED);
        assertThat(inventory.order("b").state()).isEqualTo(OrderState.BACKORDERED);
        stock(SKU, 2, null);
        assertThat(inventory.order("a").state()).isEqualTo(OrderState.SOLD);
        assertThat(inventory.order("b").state()).isEqualTo(OrderState.SOLD);
    }

    @Test
    void orderOfTenThousand_deliversAllTenThousand() {
        stock(SKU, 10_000, null);
        inventory.reserve("big", "alice", SKU, 10_000, TTL);
        Order sold = inventory.confirm("big", pay("p", 10_000_000));
        assertThat(sold.cardKeyIds()).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.SOLD, 10_000L));
    }

    @Test
    void reusable_sellsOneCodeToEveryBuyer_andIsNeverSoldOut() {
        long code = stock(SHARED, 1, null).get(0);
        for (int i = 0; i < 5; i++) {
            Order reserved = inventory.reserve("s" + i, "buyer" + i, SHARED, 1, TTL);
            assertThat(reserved.cardKeyIds()).containsExactly(code);
            Order sold = inventory.confirm("s" + i, pay("ps" + i, 500));
            assertThat(sold.state()).isEqualTo(OrderState.SOLD);
            assertThat(sold.cardKeyIds()).containsExactly(code);
        }
        CardKey shared = store.cardKey(code).orElseThrow();
        assertThat(shared.salesCount()).isEqualTo(5);
        assertThat(shared.state()).isEqualTo(CardKeyState.SOLD);
        assertThat(store.countByState(SHARED)).isEqualTo(Map.of(CardKeyState.SOLD, 1L));
        inventory.release(inventory.reserve("s9", "z", SHARED, 1, TTL).orderId());
        assertThat(store.cardKey(code).orElseThrow().state()).isEqualTo(CardKeyState.SOLD);
    }

    @Test
    void reusable_withoutAnyUsableCode_isOutOfStock_andBackordersLatePayments() {
        long code = stock(SHARED, 1, null).get(0);
        inventory.reserve("s1", "alice", SHARED, 1, TTL);
        inventory.freeze(code);
        assertThatThrownBy(() -> inventory.reserve("s2", "bob", SHARED, 1, TTL))
                .isInstanceOf(InsufficientStockException.class);
        assertThat(inventory.confirm("s1", pay("p1", 500)).state()).isEqualTo(OrderState.BACKORDERED);
        inventory.unfreeze(code);
        assertThat(inventory.order("s1").state())
                .as("the code back on sale fills the back-order at once")
                .isEqualTo(OrderState.SOLD);
        assertThat(inventory.fillBackorders(SHARED)).isZero();
    }

    @Test
    void refund_voidsTheCodes_andNeverReturnsThemToStock() {
        stock(SKU, 2, null);
        inventory.reserve("o1", "alice", SKU, 2, TTL);
        inventory.confirm("o1", pay("p1", 2000));
        Order refunded = inventory.refund("o1");
        assertThat(refunded.state()).isEqualTo(OrderState.REFUNDED);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.VOIDED, 2L));
        assertThat(inventory.refund("o1")).isEqualTo(refunded);
    }

    @Test
    void refund_ofARedeemedCode_throwsAndChangesNothing() {
        stock(SKU, 2, null);
        Order reserved = inventory.reserve("o1", "alice", SKU, 2, TTL);
        Order sold = inventory.confirm("o1", pay("p1", 2000));
        CardKey first = store.cardKey(reserved.cardKeyIds().get(0)).orElseThrow();
        store.apply(io.cardkey.core.InventoryStore.Change.of(List.of(first.transitionTo(CardKeyState.REDEEMED))));
        assertThatThrownBy(() -> inventory.refund("o1"))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        e -> assertThat(e.from()).isEqualTo(CardKeyState.REDEEMED));
        assertThat(inventory.order("o1")).isEqualTo(sold);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.SOLD, 1L, CardKeyState.REDEEMED, 1L));
    }

    @Test
    void refund_unpaidOrder_throws() {
        stock(SKU, 1, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        assertThatThrownBy(() -> inventory.refund("o1")).isInstanceOf(OrderStateException.class);
    }

    @Test
    void freeze_reservedCode_thenConfirm_sellsAReplacement_andUnfreezeReturnsItToStock() {
        stock(SKU, 2, null);
        Order reserved = inventory.reserve("o1", "alice", SKU, 1, TTL);
        long held = reserved.cardKeyIds().get(0);
        CardKey frozen = inventory.freeze(held);
        assertThat(frozen.frozenFrom()).contains(CardKeyState.RESERVED);
        assertThat(inventory.freeze(held)).isEqualTo(frozen);

        Order sold = inventory.confirm("o1", pay("p1", 1000));
        assertThat(sold.state()).isEqualTo(OrderState.SOLD);
        assertThat(sold.cardKeyIds()).doesNotContain(held).hasSize(1);

        CardKey back = inventory.unfreeze(held);
        assertThat(back.state()).isEqualTo(CardKeyState.AVAILABLE);
        assertThat(store.cardKey(held)).contains(back);
        assertThat(inventory.unfreeze(held)).isEqualTo(back);
    }

    @Test
    void freeze_finalCode_throwsIllegalTransition() {
        stock(SKU, 1, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        inventory.confirm("o1", pay("p1", 1000));
        inventory.refund("o1");
        long id = inventory.order("o1").cardKeyIds().get(0);
        assertThatThrownBy(() -> inventory.freeze(id))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        e -> assertThat(e.from()).isEqualTo(CardKeyState.VOIDED));
        assertThatThrownBy(() -> inventory.freeze(987_654)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void freezeBatch_freezesEveryLiveCode_andUnfreezeRestoresEach() {
        List<Long> ids = stock(SKU, 300, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        inventory.confirm("o1", pay("p1", 1000));
        inventory.reserve("o2", "bob", SKU, 1, TTL);
        assertThat(inventory.freezeBatch("B1", true)).isEqualTo(300);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.FROZEN, 300L));
        assertThatThrownBy(() -> inventory.reserve("o3", "carol", SKU, 1, TTL))
                .isInstanceOf(InsufficientStockException.class);
        assertThat(inventory.freezeBatch("B1", false)).isEqualTo(300);
        assertThat(counts())
                .isEqualTo(Map.of(CardKeyState.AVAILABLE, 298L, CardKeyState.SOLD, 1L, CardKeyState.RESERVED, 1L));
        assertThat(new HashSet<>(ids)).hasSize(300);
    }

    @Test
    void expireCodes_expiresAvailableAndSoldCodesPastTheirDate() {
        stock(SKU, 2, T0.plus(Duration.ofDays(1)));
        stock(SKU, 1, null);
        inventory.reserve("o1", "alice", SKU, 1, TTL);
        inventory.confirm("o1", pay("p1", 1000));
        clock.advance(Duration.ofDays(1));
        assertThat(inventory.expireCodes(SKU)).isEqualTo(2);
        assertThat(counts()).isEqualTo(Map.of(CardKeyState.EXPIRED, 2L, CardKeyState.AVAILABLE, 1L));
        assertThat(inventory.expireCodes(SKU)).isZero();
    }

    @Test
    void reserve_skipsCodesPastTheirExpiry() {
        stock(SKU, 1, T0.plusSeconds(60));
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> inventory.reserve("o1", "alice", SKU, 1, TTL))
                .isInstanceOf(InsufficientStockException.class);
    }

    @Test
    void constructor_badCap_throwsIllegalArgument() {
        assertThatThrownBy(() -> new Inventory(store, clock, 0, (e, b, a, k) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buyerCap was 0");
    }
}
