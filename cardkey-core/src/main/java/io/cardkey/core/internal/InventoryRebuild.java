package io.cardkey.core.internal;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.DuplicateCardKeyException;
import io.cardkey.core.InventoryStore.ProtectedForms;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Order;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 *
 * <p>Stocking records count only once their stocking is committed: a record naming a stocking whose commit record
 * the ledger does not hold (up to the last record replayed) stocks nothing, though its ids stay used, and the
 * stocking is reported {@linkplain Rebuilt#unfinished() unfinished} unless an abort record closes it, so the opener can
 * record its abort.
 */
public final class InventoryRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryRebuild.class);

    private InventoryRebuild() {}

    /**
     * A stocking whose records the replay found without its commit or abort record.
     *
     * @param stockingId the stocking
     * @param batchId its batch
     * @param firstSequence the sequence number of its first record found
     */
    public record Unfinished(String stockingId, String batchId, long firstSequence) {}

    /**
     * What a replay did.
     *
     * @param replayed how many ledger records it replayed
     * @param unfinished the stockings it found neither committed nor aborted, in ledger order
     */
    public record Rebuilt(long replayed, List<Unfinished> unfinished) {
        /** Copies the list. */
        public Rebuilt {
            unfinished = List.copyOf(unfinished);
        }
    }

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
     * @return how many records were replayed, and the stockings left unfinished
     */
    public static Rebuilt replay(Ledger ledger, InMemoryInventoryStore store, long from) {
        return replay(ledger, store, from, ledger.lastSequence());
    }

    /**
     * Applies the ledger's records {@code from..to} to {@code store}, which holds what the records before {@code from}
     * recorded; records after {@code to} are ignored, commit records included.
     *
     * @param ledger the ledger
     * @param store the store
     * @param from the first record to replay, at least 1
     * @param to the last record to replay
     * @return how many records were replayed, and the stockings left unfinished
     */
    public static Rebuilt replay(Ledger ledger, InMemoryInventoryStore store, long from, long to) {
        if (to < from) {
            return new Rebuilt(0, List.of());
        }
        Replay replay = new Replay(ledger, store, to);
        ledger.readRecords(from, to, record -> record.transaction().ifPresent(tx -> replay.apply(from, tx)));
        replay.finish();
        return new Rebuilt(to - from + 1, replay.unfinished());
    }

    /** The state of one replay: code events seen before their stocking record, and the orders. */
    private static final class Replay {
        final InMemoryInventoryStore store;
        final Map<Long, CardKey> early = new HashMap<>();
        final Map<String, RowCodec.OrderRow> orders = new HashMap<>();
        /** Re-sealed forms of codes whose stocking record comes later (a race between two appends). */
        final Map<Long, ProtectedForms> resealedEarly = new HashMap<>();

        final Ledger ledger;
        final long last;
        /** Per stocking id: whether its commit record is at or before {@link #last}. */
        final Map<String, Boolean> committed = new HashMap<>();
        /** The uncommitted stockings seen, by id. */
        final Map<String, Unfinished> uncommitted = new LinkedHashMap<>();
        /** Committed stockings whose first records come before the replay's start: their range of records. */
        final Map<String, long[]> begunEarlier = new LinkedHashMap<>();

        Replay(Ledger ledger, InMemoryInventoryStore store, long last) {
            this.ledger = ledger;
            this.store = store;
            this.last = last;
        }

        /** Applies one transaction of a replay that started at record {@code from}. */
        void apply(long from, Transaction tx) {
            String id = tx.id();
            if (id.startsWith(LedgerRecorder.COMMIT_PREFIX)) {
                long first = Long.parseLong(tx.metadata().get(LedgerRecorder.FIRST_SEQUENCE));
                if (first >= 1 && first < from) {
                    // A stocking begun before the replay's start (a snapshot taken while it was being recorded):
                    // its earlier records are applied at the end.
                    begunEarlier.put(id.substring(LedgerRecorder.COMMIT_PREFIX.length()), new long[] {first, from - 1});
                }
                return;
            }
            Optional<byte[]> payload = tx.payload();
            if (payload.isEmpty()) {
                return;
            }
            if (id.startsWith(LedgerRecorder.STOCK_PREFIX)) {
                Optional<String> stocking = LedgerRecorder.stockingOf(id);
                if (stocking.isEmpty() || committed(stocking.get())) {
                    stock(tx);
                } else {
                    // Never stock, but its ids were handed out: they are not handed out again.
                    store.skipIds(LedgerRecorder.lastCardKeyIdOf(id));
                    uncommitted.computeIfAbsent(
                            stocking.get(), s -> new Unfinished(s, tx.metadata().get("batchId"), sequenceOf(tx)));
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

        private void stock(Transaction tx) {
            for (StockedCardKey row : RowCodec.stock(tx.payload().orElseThrow())) {
                stocked(row.cardKey(), row.blindIndex(), row.sealedSecret());
            }
        }

        private boolean committed(String stocking) {
            return committed.computeIfAbsent(
                    stocking,
                    s -> ledger.transaction(LedgerRecorder.COMMIT_PREFIX + s)
                            .filter(r -> r.sequence() <= last)
                            .isPresent());
        }

        private long sequenceOf(Transaction tx) {
            return ledger.transaction(tx.id()).map(LedgerRecord::sequence).orElse(0L);
        }

        /** The uncommitted stockings no abort record (up to {@link #last}) closes. */
        List<Unfinished> unfinished() {
            List<Unfinished> open = new ArrayList<>();
            for (Unfinished u : uncommitted.values()) {
                boolean aborted = ledger.transaction(LedgerRecorder.ABORT_PREFIX + u.stockingId())
                        .filter(r -> r.sequence() <= last)
                        .isPresent();
                if (!aborted) {
                    open.add(u);
                }
            }
            return open;
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
            begunEarlier.forEach((stocking, range) -> ledger.readRecords(
                    range[0],
                    range[1],
                    r -> r.transaction()
                            .filter(t -> t.id().startsWith(LedgerRecorder.STOCK_PREFIX)
                                    && LedgerRecorder.stockingOf(t.id())
                                            .filter(stocking::equals)
                                            .isPresent())
                            .ifPresent(this::stock)));
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
