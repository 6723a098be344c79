package io.cardkey.benchmarks.postgres;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InventoryStore.Allocation;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Transaction;
import io.cardkey.postgres.PostgresInventoryStore;
import io.cardkey.postgres.PostgresLedgerOutbox;
import io.cardkey.postgres.PostgresLedgerSealer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CardKey on PostgreSQL as several application instances would run it: {@link PostgresInventoryStore} allocating with
 * {@code FOR UPDATE SKIP LOCKED}, each change committed with its ledger entries in one transaction
 * ({@link PostgresLedgerOutbox}), and a {@link PostgresLedgerSealer} on a thread of its own chaining them in batches,
 * as each instance would run one. The entries are those the library's ledger recorder writes: an event per code and
 * per order, and the sale's posting.
 */
final class CardKeySales implements AutoCloseable {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku SKU = Sku.of("GAME-100");
    static final long PRICE = 1000;
    static final long UNIT_COST = 800;
    static final String LEDGER = "books";
    private static final AccountId PAYMENTS = AccountId.of("cardkey:payments:CNY");
    private static final AccountId SUPPLIER = AccountId.of("cardkey:supplier-payable:CNY");
    private static final AccountId REVENUE = AccountId.of("cardkey:revenue:CNY");
    private static final AccountId REDEMPTIONS = AccountId.of("cardkey:redemptions:CNY");
    private static final AccountId WALLETS = AccountId.of("bench:wallets:CNY");

    private final PgDatabase database;
    private final PostgresInventoryStore store;
    private final PostgresLedgerOutbox outbox;
    private final AtomicBoolean sealing = new AtomicBoolean(true);
    private final Thread sealer;
    private volatile RuntimeException sealerFailure;

    /** Opens an empty inventory with {@code connections} for the sellers and one more for the sealer. */
    CardKeySales(String name, int connections) {
        database = PgDatabase.open(name, connections + 2);
        store = PostgresInventoryStore.open(database.pool());
        outbox = PostgresLedgerOutbox.open(database.pool(), LEDGER);
        for (AccountId id : List.of(PAYMENTS, SUPPLIER, REVENUE, REDEMPTIONS, WALLETS)) {
            outbox.openAccount(Account.of(id, CNY));
        }
        store.putProduct(new Product(SKU, "Game points", Money.ofMinor(PRICE, CNY), false));
        store.putBatch(
                new Batch("B1", SKU, "acme", Money.ofMinor(UNIT_COST, CNY), Batch.Source.IMPORTED, Optional.empty()));
        sealer = new Thread(this::seal, "cardkey-sealer");
        sealer.setDaemon(true);
        sealer.start();
    }

    private void seal() {
        try (PostgresLedgerSealer s = PostgresLedgerSealer.open(database.pool(), LEDGER)) {
            while (sealing.get()) {
                if (s.sealPending() == 0) {
                    Thread.sleep(10);
                }
            }
            s.sealPending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            sealerFailure = e;
        }
    }

    /**
     * Adds codes in {@code state} (AVAILABLE to sell, SOLD to redeem) until {@code count} more are stored; returns the
     * first new id. The blind index of code {@code id} is its id as 8 big-endian bytes (see {@link #blindIndex}).
     */
    long stock(long count, CardKeyState state) {
        long first = store.reserveIds(Math.toIntExact(count));
        database.execute(
                "INSERT INTO cardkey_card_key (id, sku, batch_id, state, order_id, revealed, sales_count,"
                        + " masked_code, version, blind_index, sealed_secret) SELECT g, '" + SKU.code() + "', 'B1', '"
                        + state.name() + "', " + (state == CardKeyState.SOLD ? "'stocked-sold'" : "NULL") + ", false, "
                        + (state == CardKeyState.SOLD ? 1 : 0) + ", '****', 1, int8send(g), '\\x01'::bytea"
                        + " FROM generate_series(?::bigint, ?::bigint) AS g",
                first,
                first + count - 1);
        database.execute("ANALYZE cardkey_card_key"); // as addCardKeys does after a large import
        return first;
    }

    /** Counts the codes of the product in one state. */
    long count(CardKeyState state) {
        return store.countByState(SKU).getOrDefault(state, 0L);
    }

    static byte[] blindIndex(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    /** Reserves one code, then confirms the payment: two transactions, each with its ledger entries. */
    Order sell(String orderId, String buyer) {
        Instant now = Instant.now();
        Order reserving = new Order(
                orderId,
                buyer,
                SKU,
                1,
                OrderState.RESERVED,
                now,
                now.plus(Duration.ofMinutes(15)),
                Money.ofMinor(PRICE, CNY),
                Optional.empty(),
                List.of(),
                1);
        Change reserve = new Change(
                Optional.of(reserving),
                List.of(),
                Optional.of(new Allocation(SKU, 1, CardKeyState.RESERVED, now, 1_000)),
                Optional.empty());
        Order reserved = store.apply(reserve, outbox, a -> events("order.reserved", a, a.allocated()))
                .order()
                .orElseThrow();
        List<CardKey> sold = new ArrayList<>();
        for (CardKey key : store.cardKeys(reserved.cardKeyIds())) {
            sold.add(key.transitionTo(CardKeyState.SOLD));
        }
        String payment = "pay-" + orderId;
        Change confirm = new Change(
                Optional.of(reserved.with(OrderState.SOLD, Optional.of(payment), reserved.cardKeyIds())),
                sold,
                Optional.empty(),
                Optional.of(payment));
        return store.apply(confirm, outbox, a -> {
                    List<Transaction> txs = events("order.sold", a, sold);
                    txs.add(Transaction.builder("sale:" + orderId, "order.sale")
                            .metadata("orderId", orderId)
                            .posting(PAYMENTS, SUPPLIER, UNIT_COST)
                            .posting(PAYMENTS, REVENUE, PRICE - UNIT_COST)
                            .build());
                    return txs;
                })
                .order()
                .orElseThrow();
    }

    /**
     * Redeems the sold code {@code id} as the facade does: finds it by its blind index, moves it to REDEEMED
     * (compare-and-set) and credits its value, in one transaction with the ledger entries.
     */
    CardKey redeem(long id, String requestId) {
        CardKey key = store.cardKeyByBlindIndex(blindIndex(id)).orElseThrow();
        CardKey redeemed = key.transitionTo(CardKeyState.REDEEMED);
        store.apply(
                Change.of(List.of(redeemed)),
                outbox,
                a -> List.of(
                        Transaction.builder("ck:" + redeemed.id() + ":v" + redeemed.version(), "cardkey.redeemed")
                                .metadata("cardKeyId", Long.toString(redeemed.id()))
                                .metadata("state", redeemed.state().name())
                                .build(),
                        Transaction.builder("redeem:" + requestId, "cardkey.redemption")
                                .metadata("cardKeyId", Long.toString(redeemed.id()))
                                .posting(REDEMPTIONS, WALLETS, PRICE)
                                .build()));
        return redeemed;
    }

    /** Entries committed and not yet chained: how far the sealer is behind. */
    long pending() {
        return outbox.pending();
    }

    private static List<Transaction> events(String event, Applied applied, List<CardKey> keys) {
        List<Transaction> txs = new ArrayList<>();
        for (CardKey key : keys) {
            txs.add(Transaction.builder("ck:" + key.id() + ":v" + key.version(), event)
                    .metadata("cardKeyId", Long.toString(key.id()))
                    .metadata("state", key.state().name())
                    .metadata("orderId", key.orderId().orElseThrow())
                    .build());
        }
        Order order = applied.order().orElseThrow();
        txs.add(Transaction.builder("order:" + order.orderId() + ":v" + order.version(), event)
                .metadata("orderId", order.orderId())
                .metadata("state", order.state().name())
                .build());
        return txs;
    }

    /** Stops the sealer after it chained everything pending, then drops the schema. */
    @Override
    public void close() {
        sealing.set(false);
        try {
            sealer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        database.close();
        if (sealerFailure != null) {
            throw new IllegalStateException("the sealer failed during the trial", sealerFailure);
        }
    }
}
