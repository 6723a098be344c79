package io.cardkey.postgres;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore.Allocation;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Sku;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * A sale as the library's facade makes one — reserve, then confirm — written straight to a
 * {@link PostgresInventoryStore} with the ledger entries the facade's recorder would write (an event per code and per
 * order, and the sale's posting), each change in one transaction with its entries. Used by the multi-process test.
 */
final class SaleEntries {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku SKU = Sku.of("GAME-100");
    static final long PRICE = 1000;
    static final long UNIT_COST = 800;
    static final AccountId PAYMENTS = AccountId.of("cardkey:payments:CNY");
    static final AccountId SUPPLIER = AccountId.of("cardkey:supplier-payable:CNY");
    static final AccountId REVENUE = AccountId.of("cardkey:revenue:CNY");

    private SaleEntries() {}

    /** Opens the accounts a sale posts to. */
    static void openAccounts(PostgresLedgerOutbox outbox) {
        for (AccountId id : List.of(PAYMENTS, SUPPLIER, REVENUE)) {
            outbox.openAccount(Account.of(id, CNY));
        }
    }

    /**
     * Reserves one code for {@code orderId} and confirms it, each step one transaction with its ledger entries.
     *
     * @return the sold order
     * @throws InsufficientStockException if no code was free to reserve
     */
    static Order sell(PostgresInventoryStore store, PostgresLedgerOutbox outbox, String orderId, String buyer) {
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
        Order reserved = store.apply(reserve, outbox, applied -> events("order.reserved", applied, applied.allocated()))
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
        return store.apply(confirm, outbox, applied -> {
                    List<Transaction> txs = events("order.sold", applied, sold);
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
                .metadata("cardKeyIds", order.cardKeyIds().toString())
                .build());
        return txs;
    }
}
