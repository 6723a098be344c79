package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.BuyerLimitExceededException;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore.Allocation;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.ledger.Transaction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the shared contract cannot say: ledger entries in the sale's transaction, instances racing, exact instants. */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresInventoryStoreTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("VIP-30");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

    private HikariDataSource database;
    private PostgresInventoryStore store;
    private PostgresLedgerOutbox outbox;

    @BeforeEach
    void open() {
        database = TestDatabase.newSchema();
        store = PostgresInventoryStore.open(database);
        outbox = PostgresLedgerOutbox.open(database, "books");
        store.putProduct(new Product(SKU, "VIP 30 days", Money.ofMinor(3000, CNY), false));
    }

    @AfterEach
    void close() {
        store.close();
        TestDatabase.drop(database);
    }

    private List<Long> stock(int count, Instant expiresAt) {
        long first = store.reserveIds(count);
        List<StockedCardKey> keys = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            keys.add(new StockedCardKey(
                    CardKey.available(id, SKU, "B1", Optional.ofNullable(expiresAt), "****-" + id),
                    ByteBuffer.allocate(8).putLong(id).array(),
                    new byte[] {9, (byte) id}));
        }
        store.addCardKeys(keys);
        return keys.stream().map(k -> k.cardKey().id()).toList();
    }

    private static Order order(String id, String buyer, int quantity) {
        return new Order(
                id,
                buyer,
                SKU,
                quantity,
                OrderState.RESERVED,
                T0,
                T0.plus(Duration.ofMinutes(15)),
                Money.ofMinor(3000L * quantity, CNY),
                Optional.empty(),
                List.of(),
                1);
    }

    private static Change reserve(Order order, long cap) {
        return new Change(
                Optional.of(order),
                List.of(),
                Optional.of(new Allocation(SKU, order.quantity(), CardKeyState.RESERVED, T0, cap)),
                Optional.empty());
    }

    /** One event per allocated code, as the library's ledger recorder writes them. */
    private static final Function<Applied, List<Transaction>> EVENTS = applied -> applied.allocated().stream()
            .map(k -> Transaction.builder("ck:" + k.id() + ":v" + k.version(), "order.reserved")
                    .metadata("cardKeyId", Long.toString(k.id()))
                    .build())
            .toList();

    @Test
    void applyWithLedger_committedChange_leavesItsEntriesPending() {
        stock(3, null);
        Applied applied = store.apply(reserve(order("o1", "alice", 2), 10), outbox, EVENTS);

        assertThat(applied.allocated()).hasSize(2);
        assertThat(outbox.pending()).isEqualTo(2);
    }

    @Test
    void applyWithLedger_allocationShortOfStock_leavesNoEntryAndNoOrder() {
        stock(1, null);
        assertThatThrownBy(() -> store.apply(reserve(order("o1", "alice", 2), 10), outbox, EVENTS))
                .isInstanceOf(InsufficientStockException.class);

        assertThat(outbox.pending()).isZero();
        assertThat(store.order("o1")).isEmpty();
        assertThat(store.countByState(SKU)).containsEntry(CardKeyState.AVAILABLE, 1L);
    }

    @Test
    void applyWithLedger_entryIdAlreadyPending_throwsAndLeavesTheSaleUnwritten() {
        stock(2, null);
        Function<Applied, List<Transaction>> sameId = applied ->
                List.of(Transaction.builder("fixed-id", "order.reserved").build());
        store.apply(reserve(order("o1", "alice", 1), 10), outbox, sameId);

        assertThatThrownBy(() -> store.apply(reserve(order("o2", "bob", 1), 10), outbox, sameId))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("transaction 'fixed-id' pending already");
        assertThat(store.order("o2")).isEmpty();
        assertThat(store.countByState(SKU)).containsEntry(CardKeyState.AVAILABLE, 1L);
        assertThat(outbox.pending()).isEqualTo(1);
    }

    @Test
    void applyWithLedger_entriesFunctionFails_writesNothing() {
        stock(1, null);
        assertThatThrownBy(() -> store.apply(reserve(order("o1", "alice", 1), 10), outbox, applied -> {
                    throw new IllegalStateException("recorder failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.order("o1")).isEmpty();
        assertThat(store.countByState(SKU)).containsEntry(CardKeyState.AVAILABLE, 1L);
    }

    @Test
    void apply_sameBuyerOnTwoInstancesAtOnce_neverExceedsTheCap() throws Exception {
        stock(40, null);
        PostgresInventoryStore other = PostgresInventoryStore.open(database);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                PostgresInventoryStore instance = i % 2 == 0 ? store : other;
                String id = "o" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        instance.apply(reserve(order(id, "alice", 2), 5));
                        return true;
                    } catch (BuyerLimitExceededException capped) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int reserved = 0;
            for (Future<Boolean> r : results) {
                reserved += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(reserved).isEqualTo(2);
        } finally {
            pool.shutdownNow();
            other.close();
        }
        assertThat(store.heldByBuyer("alice", T0)).isEqualTo(4);
    }

    @Test
    void apply_instantsWithNanoseconds_areKeptExactly() {
        Instant expiry = T0.plusNanos(1);
        long id = stock(1, expiry).get(0);
        Order reserved =
                store.apply(reserve(order("o1", "alice", 1), 10)).order().orElseThrow();

        assertThat(store.order("o1")).contains(reserved);
        assertThat(store.order("o1").orElseThrow().createdAt()).isEqualTo(T0);
        assertThat(store.cardKey(id).orElseThrow().expiresAt()).contains(expiry);
    }

    @Test
    void apply_instantOutsideTheStoredRange_throwsIllegalArgumentNamingIt() {
        Order farFuture = new Order(
                "o1",
                "alice",
                SKU,
                1,
                OrderState.RESERVED,
                Instant.parse("2300-01-01T00:00:00Z"),
                Instant.parse("2300-01-01T00:15:00Z"),
                Money.ofMinor(3000, CNY),
                Optional.empty(),
                List.of(),
                1);
        assertThatThrownBy(() -> store.apply(reserve(farFuture, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order.createdAt was 2300-01-01T00:00:00Z")
                .hasMessageContaining("2262");
        assertThat(store.order("o1")).isEmpty();
    }

    @Test
    void addCardKeys_largeImport_refreshesPlannerStatisticsAtOnce() throws Exception {
        stock(PostgresInventoryStore.ANALYZE_AFTER, null);

        try (java.sql.Connection connection = database.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT reltuples FROM pg_class WHERE oid = 'cardkey_card_key'::regclass")) {
            rows.next();
            assertThat(rows.getDouble(1)).isEqualTo(PostgresInventoryStore.ANALYZE_AFTER);
        }
    }

    @Test
    void methods_afterClose_throwIllegalState() {
        store.close();
        assertThatThrownBy(() -> store.product(SKU)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.reserveIds(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void apply_databaseGone_throwsPostgresStoreExceptionNamingTheState() {
        HikariDataSource gone = TestDatabase.newSchema();
        PostgresInventoryStore orphan = PostgresInventoryStore.open(gone);
        TestDatabase.drop(gone);

        assertThatThrownBy(() -> orphan.product(SKU))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("could not read product VIP-30");
    }

    @Test
    void open_nullDataSource_throwsNullPointer() {
        assertThatThrownBy(() -> PostgresInventoryStore.open(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dataSource");
    }
}
