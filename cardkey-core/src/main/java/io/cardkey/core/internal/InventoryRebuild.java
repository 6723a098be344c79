package io.cardkey.core.internal;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.Order;
import io.cardkey.core.Product;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds the in-memory inventory from the ledger: products, batches, codes and orders are the payloads of their
 * ledger events. Each row keeps its highest recorded version, so events appended out of order (two threads racing
 * to the ledger) still rebuild the latest state. Orders too large to list their codes in a payload get them back
 * from the codes' order ids.
 */
public final class InventoryRebuild {
    private InventoryRebuild() {}

    /**
     * Returns a store holding what the ledger recorded.
     *
     * @param ledger the ledger
     * @return the rebuilt store
     */
    public static InMemoryInventoryStore from(Ledger ledger) {
        Map<Long, CardKey> keys = new HashMap<>();
        Map<Long, byte[][]> protectedForms = new HashMap<>();
        Map<String, RowCodec.OrderRow> orders = new HashMap<>();
        List<Product> products = new ArrayList<>();
        List<Batch> batches = new ArrayList<>();
        long last = ledger.lastSequence();
        if (last > 0) {
            ledger.readRecords(
                    1,
                    last,
                    record -> record.transaction()
                            .ifPresent(tx -> apply(tx, keys, protectedForms, orders, products, batches)));
        }
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        products.forEach(store::putProduct);
        batches.forEach(store::putBatch);
        for (CardKey key : keys.values()) {
            byte[][] forms = protectedForms.get(key.id());
            if (forms != null) {
                store.restore(key, forms[0], forms[1]);
            }
        }
        Map<String, List<Long>> byOrder = new HashMap<>();
        for (CardKey key : keys.values()) {
            if (key.orderId().isPresent() && key.state() != CardKeyState.DISPUTED) {
                byOrder.computeIfAbsent(key.orderId().get(), o -> new ArrayList<>())
                        .add(key.id());
            }
        }
        for (RowCodec.OrderRow row : orders.values()) {
            Order order = row.order();
            if (!row.idsListed()) {
                List<Long> ids = byOrder.getOrDefault(order.orderId(), List.of()).stream()
                        .sorted()
                        .toList();
                order = new Order(
                        order.orderId(),
                        order.buyerId(),
                        order.sku(),
                        order.quantity(),
                        order.state(),
                        order.createdAt(),
                        order.reservedUntil(),
                        order.price(),
                        order.paymentReference(),
                        ids,
                        order.version());
            }
            store.restore(order);
        }
        return store;
    }

    private static void apply(
            Transaction tx,
            Map<Long, CardKey> keys,
            Map<Long, byte[][]> protectedForms,
            Map<String, RowCodec.OrderRow> orders,
            List<Product> products,
            List<Batch> batches) {
        Optional<byte[]> payload = tx.payload();
        if (payload.isEmpty()) {
            return;
        }
        String id = tx.id();
        if (id.startsWith("ck:")) {
            RowCodec.Row row = RowCodec.cardKey(payload.get());
            keys.merge(row.key().id(), row.key(), (a, b) -> a.version() >= b.version() ? a : b);
            if (row.blindIndex().isPresent()) {
                protectedForms.put(
                        row.key().id(),
                        new byte[][] {row.blindIndex().get(), row.sealed().orElseThrow()});
            }
        } else if (id.startsWith("order:")) {
            RowCodec.OrderRow row = RowCodec.order(payload.get());
            orders.merge(
                    row.order().orderId(),
                    row,
                    (a, b) -> a.order().version() >= b.order().version() ? a : b);
        } else if (id.startsWith("product:")) {
            products.add(RowCodec.product(payload.get()));
        } else if (id.startsWith("batch:")) {
            batches.add(RowCodec.batch(payload.get()));
        }
    }
}
