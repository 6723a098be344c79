package io.cardkey.core.internal;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.DuplicateCardKeyException;
import io.cardkey.core.InventoryStore.ProtectedForms;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Order;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the in-memory inventory from the ledger: products, batches, codes and orders are the payloads of their
 * ledger events. Each row keeps its highest recorded version, so events appended out of order (two threads racing
 * to the ledger) still rebuild the latest state, and replaying records whose effect a snapshot already holds changes
 * nothing. The event that sold an order is its sale transaction ({@code sale:}, with the postings); sales recorded
 * before that carry no payload and are skipped. An order's event may carry the rows of the codes it moved, and a redemption's credit the redeemed
 * code's row, and the codes of an order change that moved several are events of many codes each ({@code codes:});
 * they are applied like the codes' own events. Orders too large to list their codes in a payload get them back from the codes' order ids. Re-sealing
 * records ({@code reseal:}) replace the protected forms of codes already stocked.
 */
public final class InventoryRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryRebuild.class);

    private InventoryRebuild() {}

    /**
     * Returns a store holding what the ledger recorded.
     *
     * @param ledger the ledger
     * @return the rebuilt store
     */
    public static InMemoryInventoryStore from(Ledger ledger) {
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        replay(ledger, store, 1);
        return store;
    }

    /**
     * Applies the ledger's records from {@code from} on to {@code store}, which holds what the records before it
     * recorded (a snapshot).
     *
     * @param ledger the ledger
     * @param store the store
     * @param from the first record to replay, at least 1
     * @return how many records were replayed
     */
    public static long replay(Ledger ledger, InMemoryInventoryStore store, long from) {
        long last = ledger.lastSequence();
        if (last < from) {
            return 0;
        }
        Replay replay = new Replay(store);
        ledger.readRecords(from, last, record -> record.transaction().ifPresent(replay::apply));
        replay.finish();
        return last - from + 1;
    }

    /** The state of one replay: code events seen before their stocking record, and the orders. */
    private static final class Replay {
        final InMemoryInventoryStore store;
        final Map<Long, CardKey> early = new HashMap<>();
        final Map<String, RowCodec.OrderRow> orders = new HashMap<>();
        /** Re-sealed forms of codes whose stocking record comes later (a race between two appends). */
        final Map<Long, ProtectedForms> resealedEarly = new HashMap<>();

        Replay(InMemoryInventoryStore store) {
            this.store = store;
        }

        void apply(Transaction tx) {
            Optional<byte[]> payload = tx.payload();
            if (payload.isEmpty()) {
                return;
            }
            String id = tx.id();
            if (id.startsWith(LedgerRecorder.STOCK_PREFIX)) {
                for (StockedCardKey row : RowCodec.stock(payload.get())) {
                    stocked(row.cardKey(), row.blindIndex(), row.sealedSecret());
                }
            } else if (id.startsWith("ck:") || id.startsWith(LedgerRecorder.REDEMPTION_PREFIX)) {
                RowCodec.Row row = RowCodec.cardKey(payload.get());
                if (row.blindIndex().isPresent()) {
                    stocked(row.key(), row.blindIndex().get(), row.sealed().orElseThrow());
                } else {
                    moved(row.key());
                }
            } else if (id.startsWith(LedgerRecorder.CODES_PREFIX)) {
                RowCodec.codes(payload.get()).forEach(this::moved);
            } else if (id.startsWith(LedgerRecorder.RESEAL_PREFIX)) {
                for (ProtectedForms forms : RowCodec.forms(payload.get())) {
                    if (store.cardKey(forms.cardKeyId()).isPresent()) {
                        resealed(forms);
                    } else {
                        resealedEarly.put(forms.cardKeyId(), forms);
                    }
                }
            } else if (id.startsWith("order:") || id.startsWith(LedgerRecorder.SALE_PREFIX)) {
                RowCodec.OrderRow row = RowCodec.order(payload.get());
                row.moved().forEach(this::moved);
                orders.merge(
                        row.order().orderId(),
                        row,
                        (a, b) -> a.order().version() >= b.order().version() ? a : b);
            } else if (id.startsWith("product:")) {
                store.putProduct(RowCodec.product(payload.get()));
            } else if (id.startsWith("batch:")) {
                store.putBatch(RowCodec.batch(payload.get()));
            }
        }

        /**
         * Re-sealed forms, applied as the store applied them when they were recorded: one whose blind index another
         * code took meanwhile was refused there too, and the code kept its old forms.
         */
        private void resealed(ProtectedForms forms) {
            try {
                store.replaceProtectedForms(List.of(forms));
            } catch (DuplicateCardKeyException e) {
                LOG.warn(
                        "re-sealed forms of card key {} not applied: its new blind index is another code's",
                        e.cardKeyId());
            }
        }

        /** A code's row from an event that moved it (its own, its order's or its redemption's). */
        private void moved(CardKey key) {
            if (!store.restoreIfNewer(key)) {
                early.merge(key.id(), key, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }

        /** A stocking record: the code with its protected forms, at the latest version recorded so far. */
        private void stocked(CardKey key, byte[] index, byte[] sealed) {
            if (store.restoreIfNewer(key)) {
                return;
            }
            CardKey later = early.remove(key.id());
            ProtectedForms resealed = resealedEarly.remove(key.id());
            store.restore(
                    later != null && later.version() > key.version() ? later : key,
                    resealed == null ? index : resealed.blindIndex(),
                    resealed == null ? sealed : resealed.sealedSecret());
        }

        void finish() {
            Map<String, Order> unlisted = new TreeMap<>();
            for (RowCodec.OrderRow row : orders.values()) {
                Order order = row.order();
                long stored = store.order(order.orderId()).map(Order::version).orElse(0L);
                if (order.version() <= stored) {
                    continue;
                }
                if (row.idsListed()) {
                    store.restore(order);
                } else {
                    unlisted.put(order.orderId(), order);
                }
            }
            if (unlisted.isEmpty()) {
                return;
            }
            Map<String, List<Long>> held = store.heldBy(unlisted.keySet(), CardKeyState.DISPUTED);
            for (Order order : unlisted.values()) {
                List<Long> ids = held.getOrDefault(order.orderId(), new ArrayList<>());
                store.restore(order.holding(ids));
            }
        }
    }
}
