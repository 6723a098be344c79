package io.cardkey.core.internal;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.InventoryStore.ProtectedForms;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Product;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.AppendResult;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.Transaction;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Writes inventory to the ledger: every card-key change as an event (a transaction without postings, metadata
 * {@code cardKeyId}, {@code state}, {@code orderId}; the stocking event also {@code sku} and {@code batchId}), every
 * order change as an event (metadata {@code orderId}, {@code state}, {@code paymentReference} once paid; the first
 * event also {@code sku}, {@code quantity} and {@code price}), and every money movement as a balanced transaction.
 * Each event's payload holds the whole row, which is what the inventory is rebuilt from. A change of an order and
 * exactly one code (every reservation and confirmation of a one-code order) is a single event, the order's, which
 * also carries the code's row and its {@code cardKeyId} and {@code cardKeyState} metadata instead of an event of its
 * own, so the code's history still finds it. The change that sells an order is one transaction too: the order's event
 * with the sale's postings, id {@code sale:<orderId>}. A one-code sale is therefore two ledger records (reservation,
 * sale) instead of five. The records of one operation (its card keys, its order, its money) are one atomic ledger
 * batch; concurrent operations share a ledger append through a {@link LedgerBatcher} (group commit),
 * and each returns when its own records are durable.
 *
 * <p>Ids are derived from the row and its version ({@code ck:<id>:v<version>}, {@code order:<id>:v<version>}), so
 * recording the same change twice is an idempotent retry for the ledger. Money moves between the library's own
 * accounts, one set per currency:
 *
 * <ul>
 *   <li>{@code cardkey:payments:<CUR>} — money received from buyers (and paid back on refunds);
 *   <li>{@code cardkey:supplier-payable:<CUR>} — the batch unit cost of every code sold;
 *   <li>{@code cardkey:revenue:<CUR>} — the platform margin (price minus cost);
 *   <li>{@code cardkey:backorders:<CUR>} — payments for orders that wait for stock;
 *   <li>{@code cardkey:redemptions:<CUR>} — the value credited to accounts that redeem codes.
 * </ul>
 *
 * <p>Orders whose sale was posted by {@link io.cardkey.core.Earnings} (sold through a distributor chain) get their
 * events recorded here but no money movement, so cost and margin are never posted twice.
 *
 * <p>Thread-safe.
 */
public final class LedgerRecorder implements Inventory.Listener, Stocking.Recorder {
    /** The metadata key that names a card key. */
    public static final String CARD_KEY_ID = "cardKeyId";

    /** The metadata key that names an order. */
    public static final String ORDER_ID = "orderId";

    /** The metadata key of an order's event that carries a code's row: the code's new state. */
    public static final String CARD_KEY_STATE = "cardKeyState";

    /** The id prefix of the transaction that sells an order (its event and its money), followed by the order id. */
    static final String SALE_PREFIX = "sale:";

    /** The id prefix of the events of several codes moved by one order change. */
    static final String CODES_PREFIX = "codes:";

    /** The id prefix of redemptions, followed by the host's request id. */
    static final String REDEMPTION_PREFIX = "redeem:";

    /** The type of the transactions that record newly stocked codes. */
    public static final String STOCKED = "cardkey.stocked";

    /** The type of the transactions that record codes moved to a keyset's primary key. */
    public static final String RESEALED = "cardkey.resealed";

    /** The id prefix of re-sealing transactions. */
    static final String RESEAL_PREFIX = "reseal:";

    /**
     * The id prefix of stocking transactions, followed by the stocking id, a colon and the first and last card-key id
     * they hold ({@code stock:<stocking>:<first>-<last>}); records written before stockings had ids name the range
     * alone and count as committed.
     */
    static final String STOCK_PREFIX = "stock:";

    /** The type of the record that commits a stocking: all its records are written, its codes are stock. */
    public static final String STOCKING_COMMITTED = "cardkey.stocking-committed";

    /** The type of the record that aborts a stocking: its records stock nothing. */
    public static final String STOCKING_ABORTED = "cardkey.stocking-aborted";

    /** The id prefix of a stocking's commit record, followed by the stocking id. */
    static final String COMMIT_PREFIX = "stocking-committed:";

    /** The id prefix of a stocking's abort record, followed by the stocking id. */
    static final String ABORT_PREFIX = "stocking-aborted:";

    /** The metadata key of the first ledger sequence number of a stocking's records. */
    static final String FIRST_SEQUENCE = "firstSequence";

    /** The most transactions of one operation that share a ledger append with other operations'. */
    private static final int SHARED_APPEND = 64;

    /** The facade's ledger; {@code null} when the store records the ledger itself ({@link #writer}). */
    private final Ledger ledger;

    private final LedgerBatcher batcher;
    /** The store's own ledger writer, or {@code null}: then every entry is appended to {@link #ledger}. */
    private final InventoryStore.LedgerWriter writer;

    private final InventoryStore store;
    /** Batch unit costs by batch id: a batch never changes once stored. */
    private final Map<String, Money> unitCosts = new ConcurrentHashMap<>();

    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    private final Predicate<String> postedElsewhere;
    /** A record to write with the reservation the current thread is making, see {@link #reserving}. */
    private final ThreadLocal<Transaction> withReservation = new ThreadLocal<>();

    /**
     * Creates a recorder that posts the money of every order.
     *
     * @param ledger the ledger
     * @param store the inventory store (for batch costs)
     */
    public LedgerRecorder(Ledger ledger, InventoryStore store) {
        this(ledger, store, orderId -> false);
    }

    /**
     * Creates a recorder that leaves the money of some orders to another poster (the commission earnings): for an
     * order the predicate accepts, only the order and card-key events are recorded, never a payment, sale or refund
     * posting, so no amount is counted twice.
     *
     * @param ledger the ledger
     * @param store the inventory store (for batch costs)
     * @param postedElsewhere whether an order's money is posted by someone else; asked at each money-moving change
     */
    public LedgerRecorder(Ledger ledger, InventoryStore store, Predicate<String> postedElsewhere) {
        this.store = Objects.requireNonNull(store, "store");
        this.writer = store.ledgerWriter().orElse(null);
        this.ledger = writer == null ? Objects.requireNonNull(ledger, "ledger") : null;
        this.batcher = writer == null ? new LedgerBatcher(ledger) : null;
        this.postedElsewhere = Objects.requireNonNull(postedElsewhere, "postedElsewhere");
    }

    /**
     * Creates a recorder for a store that records the ledger itself ({@link InventoryStore#ledgerWriter()}).
     *
     * @param store the store
     * @return the recorder
     * @throws IllegalArgumentException if the store has no ledger writer
     */
    public static LedgerRecorder ofWriter(InventoryStore store) {
        if (store.ledgerWriter().isEmpty()) {
            throw new IllegalArgumentException("store was " + store + "; it must have a ledger writer");
        }
        return new LedgerRecorder(null, store, orderId -> false);
    }

    /**
     * Returns the ledger: the facade's own, or the store writer's, holding every entry recorded so far.
     *
     * @return the ledger
     */
    public Ledger ledger() {
        return writer == null ? ledger : writer.ledger();
    }

    /**
     * Returns a transaction recorded under {@code id}: in the ledger, or (with a store writer) still waiting to be
     * chained.
     *
     * @param id the transaction id
     * @return the transaction, or empty
     */
    public Optional<Transaction> transaction(String id) {
        return writer == null ? ledger.transaction(id).flatMap(LedgerRecord::transaction) : writer.transaction(id);
    }

    /**
     * Returns an open account: in the ledger, or (with a store writer) opened through it.
     *
     * @param id the account id
     * @return the account, or empty
     */
    public Optional<Account> account(AccountId id) {
        return writer == null ? ledger.account(id) : writer.account(id);
    }

    @Override
    public void applied(String event, Optional<Order> before, Applied applied, List<CardKey> cardKeys) {
        append(entries(event, before, applied, cardKeys, this::transaction));
    }

    @Override
    public Applied apply(InventoryStore into, String event, Optional<Order> before, Change change) {
        if (writer == null) {
            return Inventory.Listener.super.apply(into, event, before, change);
        }
        // Accounts and the batch costs of the codes it names are looked up before the change's own transaction, so
        // that building its entries inside it does not wait for a second connection (allocated codes of a batch not
        // seen yet are the exception).
        change.order().ifPresent(order -> {
            Currency currency = order.price().currency();
            openAccounts(currency);
            change.cardKeys().forEach(key -> unitCost(key.batchId(), currency));
        });
        // A refund reverses the recorded sale: read before the change's transaction, which must not wait on another.
        Optional<Transaction> sale = change.order()
                .filter(order -> order.state() == OrderState.REFUNDED
                        && before.map(Order::state).orElse(null) == OrderState.SOLD)
                .flatMap(order -> transaction("sale:" + order.orderId()));
        return writer.apply(
                change, applied -> entries(event, before, applied, Inventory.written(change, applied), id -> sale));
    }

    @Override
    public void redeem(InventoryStore into, CardKey redeemed, Inventory.Credit credit) {
        if (writer == null) {
            Inventory.Listener.super.redeem(into, redeemed, credit);
            return;
        }
        openCredited(credit);
        openAccounts(credit.value().currency());
        writer.apply(Change.of(List.of(redeemed)), applied -> redemptionEntries(redeemed, credit));
    }

    /** The transactions that record one applied change: its card keys' events, then its order's, then its money. */
    private List<Transaction> entries(
            String event,
            Optional<Order> before,
            Applied applied,
            List<CardKey> cardKeys,
            Function<String, Optional<Transaction>> recorded) {
        // A change of an order and one code (every sale of one code) is one event: the order's, carrying the code.
        boolean fold = applied.order().isPresent() && cardKeys.size() == 1;
        List<Transaction> txs = new ArrayList<>(cardKeys.size() + 3);
        if (!fold) {
            if (applied.order().isPresent()) {
                txs.addAll(codesEvents(event, applied.order().get(), cardKeys));
            } else {
                for (CardKey key : cardKeys) {
                    txs.add(cardKeyEvent(event, key));
                }
            }
        }
        applied.order().ifPresent(order -> {
            Transaction extra = withReservation.get();
            if (extra != null
                    && event.equals("order.reserved")
                    && order.orderId().equals(extra.metadata().get(ORDER_ID))) {
                // Not removed here: a store may build a change's entries again when it retries the transaction.
                txs.add(extra);
            }
            List<CardKey> moved = fold ? cardKeys : List.of();
            if (sells(before, order)) {
                // The sale's money and the order's event are one transaction, under the sale's documented id.
                Currency currency = order.price().currency();
                AccountId from = before.get().state() == OrderState.BACKORDERED
                        ? account(currency, "backorders")
                        : account(currency, "payments");
                txs.add(sale(orderEvent(SALE_PREFIX + order.orderId(), event, order, moved), from, order, cardKeys)
                        .build());
            } else {
                txs.add(orderEvent("order:" + order.orderId() + ":v" + order.version(), event, order, moved)
                        .build());
                money(before, order, recorded).ifPresent(txs::add);
            }
        });
        return txs;
    }

    /**
     * Runs {@code reserve} on this thread so that the reservation it makes, if it makes one, is recorded in the same
     * ledger batch as {@code record}: both are written or neither. If {@code reserve} finds the order already
     * reserved (or fails), {@code record} is not written.
     *
     * @param record the record, whose {@link #ORDER_ID} metadata names the order being reserved
     * @param reserve makes the reservation, on this thread
     * @param <T> what {@code reserve} returns
     * @return what {@code reserve} returned
     */
    public <T> T reserving(Transaction record, Supplier<T> reserve) {
        Objects.requireNonNull(record.metadata().get(ORDER_ID), "record's orderId metadata");
        withReservation.set(record);
        try {
            return reserve.get();
        } finally {
            withReservation.remove();
        }
    }

    /**
     * Records newly stocked codes of a stocking, with their sealed secrets and blind indexes, so stock can be rebuilt
     * once the stocking is {@linkplain #committed committed}.
     *
     * @param stockingId the stocking
     * @param batch their batch
     * @param keys the codes
     * @return the sequence number of the first record; 0 when the store's own ledger writer records them (their
     *     sequence numbers are given when its ledger seals them, and its inventory is not rebuilt from the ledger)
     */
    @Override
    public long stocked(String stockingId, Batch batch, List<StockedCardKey> keys) {
        List<Transaction> txs = stockTransactions(stockingId, keys);
        if (writer != null) {
            append(txs);
            return 0;
        }
        long first = 0;
        for (int from = 0; from < txs.size(); from += Ledger.MAX_BATCH) {
            List<AppendResult> results =
                    ledger.append(txs.subList(from, Math.min(txs.size(), from + Ledger.MAX_BATCH)));
            if (first == 0) {
                first = results.get(0).sequence();
            }
        }
        return first;
    }

    /**
     * Records that every record of a stocking is written ({@code stocking-committed:<stocking>}, type {@value
     * #STOCKING_COMMITTED}, metadata {@code batchId}, {@code firstSequence} and {@code codes}).
     */
    @Override
    public void committed(String stockingId, Batch batch, long firstSequence, long codes) {
        append(List.of(Transaction.builder(COMMIT_PREFIX + stockingId, STOCKING_COMMITTED)
                .metadata("batchId", batch.batchId())
                .metadata(FIRST_SEQUENCE, Long.toString(firstSequence))
                .metadata("codes", Long.toString(codes))
                .build()));
    }

    /**
     * Records that a stocking ended without its commit ({@code stocking-aborted:<stocking>}, type {@value
     * #STOCKING_ABORTED}, metadata {@code batchId} and {@code firstSequence}): its records stock nothing, and
     * importing its file again stocks the file anew.
     */
    @Override
    public void aborted(String stockingId, String batchId, long firstSequence) {
        append(List.of(Transaction.builder(ABORT_PREFIX + stockingId, STOCKING_ABORTED)
                .metadata("batchId", batchId)
                .metadata(FIRST_SEQUENCE, Long.toString(firstSequence))
                .build()));
    }

    /**
     * Returns the ledger transactions that record newly stocked codes: as many codes as fit one payload per
     * transaction ({@code stock:<stocking>:<first id>-<last id>}, type {@code cardkey.stocked}, metadata {@code
     * batchId}), so a million codes cost tens of thousands of ledger records, not a million. Codes of one transaction
     * share product, batch and expiry. The id range is in the transaction id rather than in metadata, so the ledger's
     * metadata index gains no entry per record.
     *
     * @param stockingId the stocking the codes belong to
     * @param keys the codes, each new
     * @return the transactions, in the order of {@code keys}
     */
    public static List<Transaction> stockTransactions(String stockingId, List<StockedCardKey> keys) {
        String prefix = STOCK_PREFIX + stockingId + ":";
        List<Transaction> txs = new ArrayList<>(keys.size() / 16 + 1);
        int from = 0;
        while (from < keys.size()) {
            CardKey first = keys.get(from).cardKey();
            int size = RowCodec.stockHeaderSize(first.sku(), first.batchId());
            int to = from;
            while (to < keys.size()) {
                StockedCardKey next = keys.get(to);
                CardKey key = next.cardKey();
                int row = RowCodec.stockRowSize(key, next.blindIndex().length, next.sealedSecret().length);
                boolean same = key.sku().equals(first.sku())
                        && key.batchId().equals(first.batchId())
                        && key.expiresAt().equals(first.expiresAt());
                if (to > from && (!same || size + row > Transaction.MAX_PAYLOAD_BYTES)) {
                    break;
                }
                size += row;
                to++;
            }
            List<StockedCardKey> chunk = keys.subList(from, to);
            CardKey last = chunk.get(chunk.size() - 1).cardKey();
            txs.add(Transaction.builder(prefix + first.id() + "-" + last.id(), STOCKED)
                    .metadata("batchId", first.batchId())
                    .payload(RowCodec.stock(chunk))
                    .build());
            from = to;
        }
        return txs;
    }

    /**
     * Returns the stocking id a stocking transaction id names, or empty for a record written before stockings had
     * ids.
     *
     * @param transactionId the id of a {@code cardkey.stocked} transaction
     * @return the stocking id
     */
    static Optional<String> stockingOf(String transactionId) {
        int colon = transactionId.indexOf(':', STOCK_PREFIX.length());
        return colon < 0 ? Optional.empty() : Optional.of(transactionId.substring(STOCK_PREFIX.length(), colon));
    }

    /**
     * Returns the last card-key id a stocking transaction id names.
     *
     * @param transactionId the id of a {@code cardkey.stocked} transaction
     * @return the last id of its range
     */
    static long lastCardKeyIdOf(String transactionId) {
        return Long.parseLong(transactionId.substring(transactionId.lastIndexOf('-') + 1));
    }

    /**
     * Records codes moved to a keyset's primary key, with their new blind indexes and sealed secrets, so the rebuilt
     * inventory holds them: as many codes as fit one payload per transaction ({@code reseal:<key id>:<first id>-<last
     * id>:<random>}, type {@code cardkey.resealed}). Each re-sealing draws fresh nonces, so the id is made unique
     * rather than derived; replaying two re-sealings of a code leaves the later one, and either opens.
     *
     * @param primaryKeyId the key the forms are under
     * @param forms the new forms
     */
    public void resealed(int primaryKeyId, List<ProtectedForms> forms) {
        List<Transaction> txs = new ArrayList<>();
        int from = 0;
        while (from < forms.size()) {
            int size = 1 + 4;
            int to = from;
            while (to < forms.size()) {
                int row = RowCodec.formsSize(forms.get(to));
                if (to > from && size + row > Transaction.MAX_PAYLOAD_BYTES) {
                    break;
                }
                size += row;
                to++;
            }
            List<ProtectedForms> chunk = forms.subList(from, to);
            txs.add(Transaction.builder(
                            RESEAL_PREFIX + Integer.toHexString(primaryKeyId) + ":"
                                    + chunk.get(0).cardKeyId() + "-"
                                    + chunk.get(chunk.size() - 1).cardKeyId() + ":" + UUID.randomUUID(),
                            RESEALED)
                    .payload(RowCodec.forms(chunk))
                    .build());
            from = to;
        }
        append(txs);
    }

    /**
     * Returns whether a ledger record is the stocking record of a code: a {@code cardkey.stocked} transaction whose
     * id range holds it.
     *
     * @param record the record
     * @param cardKeyId the code
     * @return whether it stocked the code
     */
    public static boolean stocks(LedgerRecord record, long cardKeyId) {
        return record.transaction()
                .filter(tx -> tx.type().equals(STOCKED) && tx.id().startsWith(STOCK_PREFIX))
                .map(tx -> {
                    String range = tx.id().substring(tx.id().lastIndexOf(':') + 1);
                    int dash = range.indexOf('-');
                    long first = Long.parseLong(range.substring(0, dash));
                    long last = Long.parseLong(range.substring(dash + 1));
                    return first <= cardKeyId && cardKeyId <= last;
                })
                .orElse(false);
    }

    /**
     * Records a product added or changed.
     *
     * @param product the product
     */
    public void product(Product product) {
        append(List.of(Transaction.builder("product:" + product.sku().code() + ":" + UUID.randomUUID(), "product.put")
                .metadata("sku", product.sku().code())
                .payload(RowCodec.product(product))
                .build()));
    }

    /**
     * Records a batch; recording the same batch again is an idempotent retry.
     *
     * @param batch the batch
     */
    public void batch(Batch batch) {
        append(List.of(Transaction.builder("batch:" + batch.batchId(), "batch.put")
                .metadata("batchId", batch.batchId())
                .metadata("sku", batch.sku().code())
                .metadata("supplier", batch.supplier())
                .metadata("unitCost", batch.unitCost().toString())
                .payload(RowCodec.batch(batch))
                .build()));
    }

    /**
     * Records one reveal of a code to the buyer of an order.
     *
     * @param key the code
     * @param orderId the order
     */
    public void revealed(CardKey key, String orderId) {
        append(List.of(Transaction.builder("reveal:" + key.id() + ":" + UUID.randomUUID(), "cardkey.revealed")
                .metadata(CARD_KEY_ID, Long.toString(key.id()))
                .metadata(ORDER_ID, orderId)
                .build()));
    }

    /**
     * Records a redeemed code and the value credited to the redeeming account as one ledger transaction (type {@code
     * cardkey.redeemed}, id {@link #redemptionId}): the credit's posting, the code's metadata ({@code cardKeyId},
     * {@code state}, {@code orderId}) and its row as payload, so that a crash can never leave a code redeemed without
     * its credit, and a redemption costs one ledger record.
     *
     * @param key the code, redeemed
     * @param credit the request id, the account credited (opened if new) and the code's value
     */
    @Override
    public void redeemed(CardKey key, Inventory.Credit credit) {
        openCredited(credit);
        append(redemptionEntries(key, credit));
    }

    /** The one transaction that records a redemption: the code's new state and its credit together. */
    private List<Transaction> redemptionEntries(CardKey key, Inventory.Credit credit) {
        Money value = credit.value();
        Transaction.Builder b = Transaction.builder(redemptionId(credit.requestId()), "cardkey.redeemed")
                .metadata(CARD_KEY_ID, Long.toString(key.id()))
                .metadata("state", key.state().name())
                .metadata("account", credit.account());
        key.orderId().ifPresent(o -> b.metadata(ORDER_ID, o));
        return List.of(
                b.posting(account(value.currency(), "redemptions"), AccountId.of(credit.account()), value.minorUnits())
                        .payload(RowCodec.cardKey(key, Optional.empty()))
                        .build());
    }

    /**
     * Returns the ledger id of a redemption request.
     *
     * @param requestId the host's request id
     * @return the transaction id
     */
    public static String redemptionId(String requestId) {
        return REDEMPTION_PREFIX + requestId;
    }

    private Transaction cardKeyEvent(String event, CardKey key) {
        // The code's product is in its stocking event and never changes: not repeated on every transition.
        Transaction.Builder b = Transaction.builder("ck:" + key.id() + ":v" + key.version(), event)
                .metadata(CARD_KEY_ID, Long.toString(key.id()))
                .metadata("state", key.state().name());
        key.orderId().ifPresent(o -> b.metadata(ORDER_ID, o));
        return b.payload(RowCodec.cardKey(key, Optional.empty())).build();
    }

    /**
     * The events of the codes an order change moved, when there are several: as many codes of one batch as fit one
     * payload per transaction ({@code codes:<orderId>:v<version>:<chunk number>}, metadata {@code orderId} and {@code
     * batchId}; each row has its code's state), so an order of 10,000 codes costs hundreds of ledger records, not 10,000. A
     * code's history finds them through its batch, like its stocking record.
     */
    private static List<Transaction> codesEvents(String event, Order order, List<CardKey> keys) {
        List<Transaction> txs = new ArrayList<>();
        String prefix = CODES_PREFIX + order.orderId() + ":v" + order.version() + ":";
        int from = 0;
        while (from < keys.size()) {
            CardKey first = keys.get(from);
            int size = 1 + 4;
            int to = from;
            while (to < keys.size()) {
                CardKey key = keys.get(to);
                int row = RowCodec.codeRowSize(key);
                if (to > from
                        && (!key.batchId().equals(first.batchId()) || size + row > Transaction.MAX_PAYLOAD_BYTES)) {
                    break;
                }
                size += row;
                to++;
            }
            // Numbered, not named by their ids: one change may move a code twice (released, then allocated again).
            txs.add(Transaction.builder(prefix + txs.size(), event)
                    .metadata(ORDER_ID, order.orderId())
                    .metadata("batchId", first.batchId())
                    .payload(RowCodec.codes(keys.subList(from, to)))
                    .build());
            from = to;
        }
        return txs;
    }

    /**
     * Returns whether a ledger record is an event of several codes moved by an order change ({@code codes:}) that
     * moved the code.
     *
     * @param record the record
     * @param cardKeyId the code
     * @return whether it moved the code
     */
    public static boolean moves(LedgerRecord record, long cardKeyId) {
        return record.transaction()
                .filter(tx -> tx.id().startsWith(CODES_PREFIX) && tx.payload().isPresent())
                .map(tx -> RowCodec.codes(tx.payload().get()).stream().anyMatch(k -> k.id() == cardKeyId))
                .orElse(false);
    }

    /** Whether an order change sells the order with money this recorder posts. */
    private boolean sells(Optional<Order> before, Order order) {
        return order.state() == OrderState.SOLD
                && before.isPresent()
                && before.get().state() != OrderState.SOLD
                && !postedElsewhere.test(order.orderId());
    }

    private static Transaction.Builder orderEvent(String id, String event, Order order, List<CardKey> moved) {
        Transaction.Builder b = Transaction.builder(id, event)
                .metadata(ORDER_ID, order.orderId())
                .metadata("state", order.state().name());
        if (moved.size() == 1) {
            // The code's history finds the event through this key, as it finds the code's own events.
            b.metadata(CARD_KEY_ID, Long.toString(moved.get(0).id()))
                    .metadata(CARD_KEY_STATE, moved.get(0).state().name());
        }
        if (order.version() == 1) {
            // What was ordered never changes: named once, on the order's first event (every event's payload has it).
            b.metadata("sku", order.sku().code())
                    .metadata("quantity", Integer.toString(order.quantity()))
                    .metadata("price", order.price().toString());
        }
        order.paymentReference().ifPresent(p -> b.metadata("paymentReference", p));
        return b.payload(RowCodec.order(order, moved));
    }

    /**
     * The money movement of an order change other than its sale (which is the order's event itself), if it moves
     * money; {@code recorded} finds recorded transactions by id.
     */
    private Optional<Transaction> money(
            Optional<Order> before, Order order, Function<String, Optional<Transaction>> recorded) {
        OrderState was = before.map(Order::state).orElse(null);
        OrderState now = order.state();
        if (was == now || postedElsewhere.test(order.orderId())) {
            return Optional.empty();
        }
        Currency currency = order.price().currency();
        long price = order.price().minorUnits();
        String id = order.orderId();
        if (now == OrderState.BACKORDERED) {
            return Optional.of(tx("payment:" + id, "order.backorder-payment", id)
                    .posting(account(currency, "payments"), account(currency, "backorders"), price)
                    .build());
        }
        if (now == OrderState.REFUNDED && was == OrderState.BACKORDERED) {
            return Optional.of(tx("refund:" + id, "order.refund", id)
                    .posting(account(currency, "backorders"), account(currency, "payments"), price)
                    .build());
        }
        if (now == OrderState.REFUNDED && was == OrderState.SOLD) {
            Transaction sale = recorded.apply(SALE_PREFIX + id)
                    .orElseThrow(() -> new IllegalStateException("order " + id + " has no recorded sale"));
            Transaction.Builder refund = tx("refund:" + id, "order.refund", id);
            // A back-order's sale was paid out of the back-order account; its refund goes back to the buyer.
            AccountId backorders = account(currency, "backorders");
            AccountId payments = account(currency, "payments");
            sale.postings()
                    .forEach(p -> refund.posting(
                            p.credit(), p.debit().equals(backorders) ? payments : p.debit(), p.amount()));
            return Optional.of(refund.build());
        }
        return Optional.empty();
    }

    private Transaction.Builder sale(Transaction.Builder b, AccountId from, Order order, List<CardKey> written) {
        Currency currency = order.price().currency();
        long price = order.price().minorUnits();
        long cost = 0;
        for (CardKey key : soldKeys(order, written)) {
            Money unit = unitCost(key.batchId(), currency);
            cost = Math.addExact(cost, unit.minorUnits());
        }
        AccountId supplier = account(currency, "supplier-payable");
        AccountId revenue = account(currency, "revenue");
        if (cost >= price) {
            b.posting(from, supplier, price);
            if (cost > price) {
                b.posting(revenue, supplier, cost - price);
            }
        } else {
            if (cost > 0) {
                b.posting(from, supplier, cost);
            }
            b.posting(from, revenue, price - cost);
        }
        return b;
    }

    /**
     * The codes an order holds, as the change that sells it wrote them (a store that records the ledger in the same
     * transaction has not committed them yet), read from the store only if the change did not write them all.
     */
    private List<CardKey> soldKeys(Order order, List<CardKey> written) {
        List<Long> ids = order.cardKeyIds();
        Map<Long, CardKey> byId = new HashMap<>();
        for (CardKey key : written) {
            byId.put(key.id(), key);
        }
        if (byId.keySet().containsAll(ids)) {
            List<CardKey> keys = new ArrayList<>(ids.size());
            for (Long id : ids) {
                keys.add(byId.get(id));
            }
            return keys;
        }
        return store.cardKeys(ids);
    }

    private Money unitCost(String batchId, Currency currency) {
        Money cached = unitCosts.get(batchId);
        if (cached != null) {
            return cached;
        }
        Optional<Money> stored = store.batch(batchId).map(Batch::unitCost);
        stored.ifPresent(cost -> unitCosts.put(batchId, cost));
        return stored.orElse(Money.zero(currency));
    }

    /** Opens the account a redemption credits, if it is new, in the redemption's currency. */
    private void openCredited(Inventory.Credit credit) {
        AccountId target = AccountId.of(credit.account());
        if (account(target).isEmpty()) {
            open(Account.of(target, credit.value().currency()));
        }
    }

    /** Opens an account (idempotent) where this recorder's entries go: the store's writer, or the ledger. */
    private void open(Account account) {
        if (writer == null) {
            ledger.openAccount(account);
        } else {
            writer.openAccount(account);
        }
    }

    /** Opens the library's accounts of a currency, so that a change's entries may post to any of them. */
    private void openAccounts(Currency currency) {
        for (String purpose : List.of("payments", "supplier-payable", "revenue", "backorders", "redemptions")) {
            account(currency, purpose);
        }
    }

    private static Transaction.Builder tx(String id, String type, String orderId) {
        return Transaction.builder(id, type).metadata(ORDER_ID, orderId);
    }

    private AccountId account(Currency currency, String purpose) {
        String name = "cardkey:" + purpose + ":" + currency.getCurrencyCode().toUpperCase(Locale.ROOT);
        if (!opened.contains(name)) {
            // Open before remembering: another thread that sees the name may post to the account at once.
            // Opening is idempotent, so two threads opening it together is harmless.
            open(Account.of(AccountId.of(name), currency));
            opened.add(name);
        }
        return AccountId.of(name);
    }

    /**
     * Appends in batches counted from the end, so the last {@link Ledger#MAX_BATCH} records (an order's own events,
     * which come last) are always written together.
     */
    private void append(List<Transaction> txs) {
        if (writer != null) {
            for (int from = 0; from < txs.size(); from += Ledger.MAX_BATCH) {
                writer.append(txs.subList(from, Math.min(txs.size(), from + Ledger.MAX_BATCH)));
            }
            return;
        }
        if (txs.size() <= SHARED_APPEND) {
            batcher.append(txs);
            return;
        }
        int first = txs.size() % Ledger.MAX_BATCH;
        if (first > 0) {
            ledger.append(txs.subList(0, first));
        }
        for (int from = first; from < txs.size(); from += Ledger.MAX_BATCH) {
            ledger.append(txs.subList(from, from + Ledger.MAX_BATCH));
        }
    }
}
