package io.cardkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.Batch;
import io.cardkey.core.BuyerLimitExceededException;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.DuplicateCardKeyException;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.InventoryStore.Allocation;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.InventoryStore.ProtectedForms;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.PaymentReferenceUsedException;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.WriteConflictException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link InventoryStore} passes. A store's test extends this class and supplies a fresh, empty
 * store; shipped in the {@code test-jar} of {@code cardkey-core} so that other modules (PostgreSQL) reuse it.
 */
public abstract class InventoryStoreContract {
    static final Currency CNY = Currency.getInstance("CNY");

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected static final Sku SKU = Sku.of("GAME-100");

    protected InventoryStore store;

    /** For subclasses. */
    protected InventoryStoreContract() {}

    /**
     * Returns a new, empty store.
     *
     * @return the store under test
     */
    protected abstract InventoryStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
        store.putProduct(new Product(SKU, "Game points 100", Money.ofMinor(1000, CNY), false));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static byte[] index(long id) {
        return ByteBuffer.allocate(16).putLong(0x5EED).putLong(id).array();
    }

    protected static StockedCardKey stocked(long id, Sku sku, String batch, Instant expiresAt) {
        CardKey key = CardKey.available(id, sku, batch, Optional.ofNullable(expiresAt), "****-" + id);
        return new StockedCardKey(key, index(id), new byte[] {1, 2, (byte) id});
    }

    protected List<Long> addCodes(int count, Instant expiresAt) {
        long first = store.reserveIds(count);
        List<StockedCardKey> keys = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            keys.add(stocked(id, SKU, "B1", expiresAt));
        }
        store.addCardKeys(keys);
        return keys.stream().map(k -> k.cardKey().id()).toList();
    }

    protected static Order newOrder(String orderId, String buyer, int quantity, Instant now) {
        return new Order(
                orderId,
                buyer,
                SKU,
                quantity,
                OrderState.RESERVED,
                now,
                now.plus(Duration.ofMinutes(15)),
                Money.ofMinor(1000L * quantity, CNY),
                Optional.empty(),
                List.of(),
                1);
    }

    protected static Change reserveChange(Order order, Instant now, long cap) {
        return new Change(
                Optional.of(order),
                List.of(),
                Optional.of(new Allocation(order.sku(), order.quantity(), CardKeyState.RESERVED, now, cap)),
                Optional.empty());
    }

    @Test
    void product_putThenGet_returnsIt_andPutReplaces() {
        assertThat(store.product(SKU)).map(Product::name).contains("Game points 100");
        store.putProduct(new Product(SKU, "Renamed", Money.ofMinor(900, CNY), true));
        assertThat(store.product(SKU)).contains(new Product(SKU, "Renamed", Money.ofMinor(900, CNY), true));
        assertThat(store.product(Sku.of("NOPE"))).isEmpty();
    }

    @Test
    void batch_putThenGet_isIdempotent_andRefusesADifferentBatchWithTheSameId() {
        Batch batch = new Batch("B9", SKU, "acme", Money.ofMinor(800, CNY), Batch.Source.IMPORTED, Optional.of(T0));
        store.putBatch(batch);
        store.putBatch(batch);
        assertThat(store.batch("B9")).contains(batch);
        assertThat(store.batch("B10")).isEmpty();
        Batch other = new Batch("B9", SKU, "other", Money.ofMinor(800, CNY), Batch.Source.IMPORTED, Optional.empty());
        assertThatThrownBy(() -> store.putBatch(other)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.batch("B9")).contains(batch);
    }

    @Test
    void reserveIds_neverRepeats_andSkipsIdsAddedExplicitly() {
        long a = store.reserveIds(10);
        long b = store.reserveIds(5);
        assertThat(b).isGreaterThanOrEqualTo(a + 10);
        store.addCardKeys(List.of(stocked(b + 100, SKU, "B", null)));
        assertThat(store.reserveIds(1)).isGreaterThan(b + 100);
    }

    @Test
    void reserveIds_zero_throwsIllegalArgument() {
        assertThatThrownBy(() -> store.reserveIds(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addCardKeys_storesRowsSecretsAndIndexes() {
        List<Long> ids = addCodes(3, null);
        assertThat(store.cardKey(ids.get(0))).map(CardKey::state).contains(CardKeyState.AVAILABLE);
        assertThat(store.cardKeys(List.of(ids.get(2), 999_999L, ids.get(0))))
                .extracting(CardKey::id)
                .containsExactly(ids.get(2), ids.get(0));
        assertThat(store.sealedSecret(ids.get(1)))
                .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, (byte) (long) ids.get(1)));
        assertThat(store.cardKeyByBlindIndex(index(ids.get(1))))
                .map(CardKey::id)
                .contains(ids.get(1));
        assertThat(store.cardKeyByBlindIndex(index(424242))).isEmpty();
        assertThat(store.presentBlindIndexes(List.of(index(424242), index(ids.get(2)))))
                .containsExactly(1);
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));
    }

    @Test
    void sealedSecret_returnsACopy() {
        long id = addCodes(1, null).get(0);
        store.sealedSecret(id).orElseThrow()[0] = 99;
        assertThat(store.sealedSecret(id).orElseThrow()[0]).isEqualTo((byte) 1);
        assertThat(store.sealedSecret(424242)).isEmpty();
    }

    @Test
    void addCardKeys_duplicateIdOfStoredCode_throwsAndAddsNothing() {
        long id = addCodes(1, null).get(0);
        long fresh = store.reserveIds(1);
        StockedCardKey again = new StockedCardKey(
                CardKey.available(id, SKU, "B2", Optional.empty(), "****"), index(777_777), new byte[] {1});
        assertThatThrownBy(() -> store.addCardKeys(List.of(stocked(fresh, SKU, "B2", null), again)))
                .isInstanceOf(DuplicateCardKeyException.class)
                .extracting(e -> ((DuplicateCardKeyException) e).cardKeyId())
                .isEqualTo(id);
        assertThat(store.cardKey(fresh)).isEmpty();
        assertThat(store.countByState(SKU)).containsEntry(CardKeyState.AVAILABLE, 1L);
    }

    @Test
    void addCardKeys_duplicateBlindIndexInBatchOrStore_throwsAndAddsNothing() {
        long id = addCodes(1, null).get(0);
        long first = store.reserveIds(2);
        StockedCardKey copyOfStored = new StockedCardKey(
                CardKey.available(first, SKU, "B2", Optional.empty(), "****"), index(id), new byte[] {1});
        assertThatThrownBy(() -> store.addCardKeys(List.of(copyOfStored)))
                .isInstanceOf(DuplicateCardKeyException.class);
        StockedCardKey a = new StockedCardKey(
                CardKey.available(first, SKU, "B2", Optional.empty(), "****"), index(888), new byte[] {1});
        StockedCardKey b = new StockedCardKey(
                CardKey.available(first + 1, SKU, "B2", Optional.empty(), "****"), index(888), new byte[] {1});
        assertThatThrownBy(() -> store.addCardKeys(List.of(a, b))).isInstanceOf(DuplicateCardKeyException.class);
        assertThat(store.cardKey(first)).isEmpty();
        assertThat(store.cardKeysOfBatch("B2", 0, 10)).isEmpty();
    }

    @Test
    void protectedForms_pagesEveryCodeById() {
        List<Long> ids = addCodes(5, null);
        List<ProtectedForms> page1 = store.protectedForms(0, 3);
        List<ProtectedForms> page2 = store.protectedForms(page1.get(2).cardKeyId(), 3);
        assertThat(page1).extracting(ProtectedForms::cardKeyId).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(page2).extracting(ProtectedForms::cardKeyId).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(page1.get(1)).isEqualTo(new ProtectedForms(ids.get(1), index(ids.get(1)), new byte[] {
            1, 2, (byte) (long) ids.get(1)
        }));
        assertThat(store.protectedForms(ids.get(4), 3)).isEmpty();
        assertThatThrownBy(() -> store.protectedForms(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceProtectedForms_replacesIndexAndSecret_andKeepsTheRow() {
        List<Long> ids = addCodes(3, null);
        CardKey before = store.cardKey(ids.get(1)).orElseThrow();
        store.replaceProtectedForms(List.of(
                new ProtectedForms(ids.get(1), index(900_001), new byte[] {7, 7, 7, 7}),
                new ProtectedForms(ids.get(2), index(ids.get(2)), new byte[] {8})));
        assertThat(store.sealedSecret(ids.get(1)))
                .hasValueSatisfying(b -> assertThat(b).containsExactly(7, 7, 7, 7));
        assertThat(store.sealedSecret(ids.get(2)))
                .hasValueSatisfying(b -> assertThat(b).containsExactly(8));
        assertThat(store.cardKeyByBlindIndex(index(900_001))).map(CardKey::id).contains(ids.get(1));
        assertThat(store.cardKeyByBlindIndex(index(ids.get(1)))).isEmpty();
        assertThat(store.cardKeyByBlindIndex(index(ids.get(2))))
                .map(CardKey::id)
                .contains(ids.get(2));
        assertThat(store.cardKeyByBlindIndex(index(ids.get(0))))
                .map(CardKey::id)
                .contains(ids.get(0));
        assertThat(store.cardKey(ids.get(1))).contains(before);
        // The old index is free again.
        long fresh = store.reserveIds(1);
        store.addCardKeys(List.of(new StockedCardKey(
                CardKey.available(fresh, SKU, "B2", Optional.empty(), "****"), index(ids.get(1)), new byte[] {1})));
        assertThat(store.cardKeyByBlindIndex(index(ids.get(1))))
                .map(CardKey::id)
                .contains(fresh);
    }

    @Test
    void replaceProtectedForms_manyCodes_everyIndexStillFound() {
        List<Long> ids = addCodes(3000, null);
        List<ProtectedForms> forms = new ArrayList<>();
        for (long id : ids.subList(0, 2000)) {
            forms.add(new ProtectedForms(id, index(id + 1_000_000), new byte[] {9, (byte) id}));
        }
        store.replaceProtectedForms(forms);
        for (long id : ids) {
            long expected = id < ids.get(2000) ? id + 1_000_000 : id;
            assertThat(store.cardKeyByBlindIndex(index(expected)))
                    .map(CardKey::id)
                    .contains(id);
        }
        assertThat(store.presentBlindIndexes(List.of(index(ids.get(0)), index(ids.get(2999)))))
                .containsExactly(1);
    }

    @Test
    void replaceProtectedForms_indexOfAnotherCodeOrRepeated_throwsAndReplacesNothing() {
        List<Long> ids = addCodes(2, null);
        ProtectedForms fine = new ProtectedForms(ids.get(0), index(500), new byte[] {5});
        assertThatThrownBy(() -> store.replaceProtectedForms(
                        List.of(fine, new ProtectedForms(ids.get(1), index(ids.get(0)), new byte[] {6}))))
                .isInstanceOf(DuplicateCardKeyException.class)
                .extracting(e -> ((DuplicateCardKeyException) e).cardKeyId())
                .isEqualTo(ids.get(1));
        assertThatThrownBy(() -> store.replaceProtectedForms(
                        List.of(fine, new ProtectedForms(ids.get(1), index(500), new byte[] {6}))))
                .isInstanceOf(DuplicateCardKeyException.class);
        assertThat(store.cardKeyByBlindIndex(index(ids.get(0))))
                .map(CardKey::id)
                .contains(ids.get(0));
        assertThat(store.sealedSecret(ids.get(0)))
                .hasValueSatisfying(b -> assertThat(b).hasSize(3));
        assertThat(store.presentBlindIndexes(List.of(index(500)))).isEmpty();
    }

    @Test
    void replaceProtectedForms_unknownOrRepeatedCode_throwsIllegalArgumentAndReplacesNothing() {
        long id = addCodes(1, null).get(0);
        ProtectedForms fine = new ProtectedForms(id, index(600), new byte[] {6});
        assertThatThrownBy(() -> store.replaceProtectedForms(
                        List.of(fine, new ProtectedForms(424_242, index(601), new byte[] {6}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("424242");
        assertThatThrownBy(() ->
                        store.replaceProtectedForms(List.of(fine, new ProtectedForms(id, index(602), new byte[] {6}))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.cardKeyByBlindIndex(index(id))).map(CardKey::id).contains(id);
        assertThat(store.presentBlindIndexes(List.of(index(600)))).isEmpty();
    }

    @Test
    void cardKeysByState_isFirstExpiringFirst_withNeverExpiringLast() {
        long first = store.reserveIds(4);
        store.addCardKeys(List.of(
                stocked(first, SKU, "B", null),
                stocked(first + 1, SKU, "B", T0.plus(Duration.ofDays(30))),
                stocked(first + 2, SKU, "B", T0.plus(Duration.ofDays(2))),
                stocked(first + 3, SKU, "B", T0.plus(Duration.ofDays(30)))));
        assertThat(store.cardKeys(SKU, CardKeyState.AVAILABLE, 10))
                .extracting(CardKey::id)
                .containsExactly(first + 2, first + 1, first + 3, first);
        assertThat(store.cardKeys(SKU, CardKeyState.AVAILABLE, 2)).hasSize(2);
        assertThat(store.cardKeys(SKU, CardKeyState.SOLD, 2)).isEmpty();
    }

    @Test
    void cardKeysOfBatch_pagesById() {
        List<Long> ids = addCodes(5, null);
        List<CardKey> page1 = store.cardKeysOfBatch("B1", 0, 3);
        List<CardKey> page2 = store.cardKeysOfBatch("B1", page1.get(2).id(), 3);
        assertThat(page1).extracting(CardKey::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(page2).extracting(CardKey::id).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(store.cardKeysOfBatch("other", 0, 3)).isEmpty();
    }

    @Test
    void apply_newOrderWithAllocation_reservesFirstExpiringCodes() {
        long first = store.reserveIds(3);
        store.addCardKeys(List.of(
                stocked(first, SKU, "B", null),
                stocked(first + 1, SKU, "B", T0.plus(Duration.ofDays(9))),
                stocked(first + 2, SKU, "B", T0.plus(Duration.ofDays(1)))));
        Applied applied = store.apply(reserveChange(newOrder("o1", "alice", 2, T0), T0, 100));

        assertThat(applied.allocated()).extracting(CardKey::id).containsExactly(first + 2, first + 1);
        assertThat(applied.allocated()).allSatisfy(k -> {
            assertThat(k.state()).isEqualTo(CardKeyState.RESERVED);
            assertThat(k.orderId()).contains("o1");
            assertThat(k.version()).isEqualTo(2);
        });
        assertThat(applied.order()).map(Order::cardKeyIds).contains(List.of(first + 2, first + 1));
        assertThat(store.order("o1")).isEqualTo(applied.order());
        assertThat(store.cardKey(first + 2)).map(CardKey::state).contains(CardKeyState.RESERVED);
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 1L, CardKeyState.RESERVED, 2L));
        assertThat(store.heldByBuyer("alice", T0)).isEqualTo(2);
        assertThat(store.heldByBuyer("alice", T0.plus(Duration.ofMinutes(15)))).isZero();
        assertThat(store.heldByBuyer("bob", T0)).isZero();
    }

    @Test
    void apply_allocationSkipsCodesExpiringByNow() {
        long first = store.reserveIds(2);
        store.addCardKeys(List.of(stocked(first, SKU, "B", T0), stocked(first + 1, SKU, "B", T0.plusSeconds(1))));
        Applied applied = store.apply(reserveChange(newOrder("o1", "alice", 1, T0), T0, 100));
        assertThat(applied.allocated()).extracting(CardKey::id).containsExactly(first + 1);
        assertThatThrownBy(() -> store.apply(reserveChange(newOrder("o2", "alice", 1, T0), T0, 100)))
                .isInstanceOf(InsufficientStockException.class);
    }

    @Test
    void apply_allocationShortOfStock_throwsAndHoldsNothing() {
        List<Long> ids = addCodes(3, null);
        CardKey frozen = store.cardKey(ids.get(0)).orElseThrow().transitionTo(CardKeyState.FROZEN);
        Change change = new Change(
                Optional.of(newOrder("o1", "alice", 3, T0)),
                List.of(frozen),
                Optional.of(new Allocation(SKU, 3, CardKeyState.RESERVED, T0, 100)),
                Optional.of("pay-1"));

        assertThatThrownBy(() -> store.apply(change)).isInstanceOfSatisfying(InsufficientStockException.class, e -> {
            assertThat(e.sku()).isEqualTo(SKU);
            assertThat(e.requested()).isEqualTo(3);
            assertThat(e.available()).isEqualTo(2);
        });
        assertThat(store.order("o1")).isEmpty();
        assertThat(store.orderIdByPaymentReference("pay-1")).isEmpty();
        assertThat(store.cardKey(ids.get(0))).map(CardKey::state).contains(CardKeyState.AVAILABLE);
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));
    }

    @Test
    void apply_buyerCap_countsLiveReservationsOnly() {
        addCodes(10, null);
        store.apply(reserveChange(newOrder("o1", "alice", 3, T0), T0, 5));
        assertThatThrownBy(() -> store.apply(reserveChange(newOrder("o2", "alice", 3, T0), T0, 5)))
                .isInstanceOfSatisfying(BuyerLimitExceededException.class, e -> {
                    assertThat(e.buyerId()).isEqualTo("alice");
                    assertThat(e.cap()).isEqualTo(5);
                    assertThat(e.held()).isEqualTo(3);
                    assertThat(e.requested()).isEqualTo(3);
                });
        assertThat(store.order("o2")).isEmpty();
        store.apply(reserveChange(newOrder("o3", "bob", 3, T0), T0, 5));
        Instant later = T0.plus(Duration.ofMinutes(15));
        store.apply(reserveChange(newOrder("o4", "alice", 3, later), later, 5));
        assertThat(store.countByState(SKU)).containsEntry(CardKeyState.RESERVED, 9L);
    }

    @Test
    void apply_newOrderThatExists_throwsWriteConflict() {
        addCodes(4, null);
        store.apply(reserveChange(newOrder("o1", "alice", 1, T0), T0, 100));
        assertThatThrownBy(() -> store.apply(reserveChange(newOrder("o1", "alice", 1, T0), T0, 100)))
                .isInstanceOf(WriteConflictException.class);
        assertThat(store.countByState(SKU)).containsEntry(CardKeyState.RESERVED, 1L);
    }

    @Test
    void apply_staleCardKey_throwsWriteConflictAndWritesNothing() {
        List<Long> ids = addCodes(2, null);
        CardKey read = store.cardKey(ids.get(0)).orElseThrow();
        store.apply(Change.of(List.of(read.transitionTo(CardKeyState.FROZEN))));
        CardKey other = store.cardKey(ids.get(1)).orElseThrow().transitionTo(CardKeyState.FROZEN);

        assertThatThrownBy(() -> store.apply(Change.of(List.of(other, read.transitionTo(CardKeyState.EXPIRED)))))
                .isInstanceOf(WriteConflictException.class);
        assertThat(store.cardKey(ids.get(0))).map(CardKey::state).contains(CardKeyState.FROZEN);
        assertThat(store.cardKey(ids.get(1))).map(CardKey::state).contains(CardKeyState.AVAILABLE);
    }

    @Test
    void apply_unknownCardKey_throwsWriteConflict() {
        CardKey ghost =
                CardKey.available(4242, SKU, "B", Optional.empty(), "****").transitionTo(CardKeyState.FROZEN);
        assertThatThrownBy(() -> store.apply(Change.of(List.of(ghost)))).isInstanceOf(WriteConflictException.class);
    }

    @Test
    void apply_staleOrder_throwsWriteConflict() {
        addCodes(2, null);
        Order o1 = store.apply(reserveChange(newOrder("o1", "alice", 1, T0), T0, 100))
                .order()
                .orElseThrow();
        store.apply(
                new Change(Optional.of(o1.with(OrderState.RELEASED)), List.of(), Optional.empty(), Optional.empty()));
        assertThatThrownBy(() -> store.apply(new Change(
                        Optional.of(o1.with(OrderState.EXPIRED)), List.of(), Optional.empty(), Optional.empty())))
                .isInstanceOf(WriteConflictException.class);
        assertThat(store.order("o1")).map(Order::state).contains(OrderState.RELEASED);
    }

    @Test
    void apply_paymentReference_paysOneOrderOnly_andIsIdempotentForIt() {
        addCodes(2, null);
        Order o1 = store.apply(reserveChange(newOrder("o1", "alice", 1, T0), T0, 100))
                .order()
                .orElseThrow();
        Order o2 = store.apply(reserveChange(newOrder("o2", "bob", 1, T0), T0, 100))
                .order()
                .orElseThrow();
        Order paid = o1.with(OrderState.BACKORDERED, Optional.of("pay-1"), List.of());
        store.apply(new Change(Optional.of(paid), List.of(), Optional.empty(), Optional.of("pay-1")));
        assertThat(store.orderIdByPaymentReference("pay-1")).contains("o1");

        Order again = paid.with(OrderState.REFUNDED);
        store.apply(new Change(Optional.of(again), List.of(), Optional.empty(), Optional.of("pay-1")));
        Order stolen = o2.with(OrderState.BACKORDERED, Optional.of("pay-1"), List.of());
        assertThatThrownBy(() ->
                        store.apply(new Change(Optional.of(stolen), List.of(), Optional.empty(), Optional.of("pay-1"))))
                .isInstanceOfSatisfying(PaymentReferenceUsedException.class, e -> {
                    assertThat(e.paidOrderId()).isEqualTo("o1");
                    assertThat(e.orderId()).isEqualTo("o2");
                });
        assertThat(store.order("o2")).map(Order::state).contains(OrderState.RESERVED);
    }

    @Test
    void reservationsDue_andOrdersByState_areOldestFirst() {
        addCodes(3, null);
        store.apply(reserveChange(newOrder("late", "a", 1, T0.plusSeconds(20)), T0.plusSeconds(20), 100));
        store.apply(reserveChange(newOrder("early", "b", 1, T0), T0, 100));
        store.apply(reserveChange(newOrder("mid", "c", 1, T0.plusSeconds(10)), T0.plusSeconds(10), 100));

        assertThat(store.reservationsDue(T0.plus(Duration.ofMinutes(15)).plusSeconds(10), 10))
                .extracting(Order::orderId)
                .containsExactly("early", "mid");
        assertThat(store.reservationsDue(T0, 10)).isEmpty();
        assertThat(store.orders(SKU, OrderState.RESERVED, 10))
                .extracting(Order::orderId)
                .containsExactly("early", "mid", "late");
        assertThat(store.orders(SKU, OrderState.RESERVED, 1))
                .extracting(Order::orderId)
                .containsExactly("early");
        assertThat(store.orders(SKU, OrderState.SOLD, 10)).isEmpty();
    }

    @Test
    void apply_allocationToSold_setsSalesCount() {
        addCodes(1, null);
        Order order = newOrder("o1", "alice", 1, T0);
        Applied applied = store.apply(new Change(
                Optional.of(new Order(
                        "o1",
                        "alice",
                        SKU,
                        1,
                        OrderState.SOLD,
                        T0,
                        T0,
                        Money.ofMinor(1000, CNY),
                        Optional.of("p"),
                        List.of(),
                        1)),
                List.of(),
                Optional.of(new Allocation(SKU, 1, CardKeyState.SOLD, T0, Long.MAX_VALUE)),
                Optional.of("p")));
        assertThat(order.state()).isEqualTo(OrderState.RESERVED);
        assertThat(applied.allocated()).singleElement().satisfies(k -> {
            assertThat(k.state()).isEqualTo(CardKeyState.SOLD);
            assertThat(k.salesCount()).isEqualTo(1);
        });
    }

    @Test
    void apply_concurrentAllocations_neverShareACode() throws Exception {
        int codes = 2_000;
        addCodes(codes, null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 16; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int got = 0;
                    for (int i = 0; i < 200; i++) {
                        try {
                            Applied a = store.apply(reserveChange(
                                    newOrder("t" + thread + "-" + i, "b" + thread, 1 + i % 3, T0), T0, 1_000_000));
                            for (CardKey k : a.allocated()) {
                                assertThat(taken.add(k.id()))
                                        .as("code %d allocated twice", k.id())
                                        .isTrue();
                                got++;
                            }
                        } catch (InsufficientStockException soldOut) {
                            // Expected once the stock runs dry.
                        }
                    }
                    return got;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(taken.size());
            assertThat(store.countByState(SKU).getOrDefault(CardKeyState.RESERVED, 0L))
                    .isEqualTo(total);
            assertThat(total + store.countByState(SKU).getOrDefault(CardKeyState.AVAILABLE, 0L))
                    .isEqualTo(codes);
            assertThat(total).isGreaterThan(codes - 3);
        } finally {
            pool.shutdownNow();
        }
        Set<Long> fromOrders = new HashSet<>();
        for (Order o : store.orders(SKU, OrderState.RESERVED, 100_000)) {
            for (long id : o.cardKeyIds()) {
                assertThat(fromOrders.add(id)).isTrue();
            }
        }
        assertThat(fromOrders).isEqualTo(taken);
    }
}
