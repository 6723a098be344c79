package io.cardkey.core;

import io.cardkey.core.internal.InMemoryInventoryStore;
import io.cardkey.core.internal.Inventory;
import io.cardkey.core.internal.InventoryRebuild;
import io.cardkey.core.internal.InventorySnapshots;
import io.cardkey.core.internal.LedgerRecorder;
import io.cardkey.core.internal.RedemptionGuard;
import io.cardkey.core.internal.Stocking;
import io.cardkey.crypto.BlindIndex;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.InvalidCodeException;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Checkpoint;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.Transaction;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade a host application calls to stock, sell, deliver, redeem and refund card keys.
 *
 * <p>Codes are stored only sealed (bound to tenant, product and record id) with a blind index to find them; every
 * operation keyed by an order id or request id is idempotent; no code is ever reserved or sold to two orders. Build one
 * with {@link #builder()} and share it: it is thread-safe.
 *
 * <h2>Security</h2>
 *
 * Plaintext codes leave only through {@link #reveal(String, String)}, as {@link Secret}s, to a caller holding the
 * order's delivery token. Exceptions, logs and {@code toString()} carry record ids and masked forms only.
 */
public final class CardKeys implements AutoCloseable {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final String CHANNEL_PREFIX = "channel:";
    private static final String PREPAID_PREFIX = "prepaid:";
    private static final Logger LOG = LoggerFactory.getLogger(CardKeys.class);

    /** The default of {@link Builder#snapshotInterval}: ledger records between background inventory snapshots. */
    public static final long DEFAULT_SNAPSHOT_INTERVAL = 1_000_000;

    /** How often the snapshot thread looks whether a snapshot is due. */
    private static final long SNAPSHOT_POLL_MILLIS = 200;

    /** After writing a snapshot in {@code t}, the snapshot thread rests {@code t} times this before the next one. */
    private static final long SNAPSHOT_IDLE_FACTOR = 9;

    /** How long the snapshot thread waits after a snapshot it could not write before it tries again. */
    private static final long SNAPSHOT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Codes re-sealed per store read and write by {@link #rewrapSealedCodes}. */
    private static final int REWRAP_CHUNK = 1024;

    private static final byte[] TOKEN_DOMAIN = "\u0000cardkey-delivery-token\u0000".getBytes(StandardCharsets.UTF_8);

    private final InventoryStore store;
    private final Inventory inventory;
    private final Stocking stocking;
    private final Sealer sealer;
    private final BlindIndexer indexer;
    private final CodeFormat codeFormat;
    private final RedemptionGuard guard;
    private final LedgerRecorder recorder;
    private final boolean ownsLedger;
    /** The data directory's inventory snapshots, or {@code null} without a data directory. */
    private final InventorySnapshots snapshots;
    /** The ledger sequence number of the newest snapshot loaded or written. */
    private volatile long snapshotSequence;
    /** Ledger records after the newest snapshot that make the background thread write the next one. */
    private final long snapshotInterval;
    /** Written and read by the snapshot thread only: the {@link System#nanoTime()} before which it does not retry. */
    private long snapshotRetryAt = System.nanoTime();
    /** Writes inventory snapshots in the background, or {@code null} without a data directory. */
    private final ScheduledExecutorService snapshotter;

    private final Clock clock;
    private final Object rewrapLock = new Object();
    private boolean closed;
    /** The distributor sales configuration, or {@code null} when the host configured none. */
    private final Commissions commissions;

    private CardKeys(Builder b) {
        Ledger ledger = b.ledger;
        // A store that records the ledger itself (PostgreSQL) leaves the facade no ledger of its own.
        boolean storeRecords = b.store != null && b.store.ledgerWriter().isPresent();
        if (ledger == null && !storeRecords) {
            LedgerStore journal =
                    b.dataDirectory == null ? LedgerStore.inMemory() : FileLedgerStore.open(b.dataDirectory);
            ledger = Ledger.builder().clock(b.clock).open(journal);
        }
        List<InventoryRebuild.Unfinished> unfinished;
        if (b.dataDirectory != null) {
            this.snapshots = new InventorySnapshots(b.dataDirectory);
            InventorySnapshots.Opened opened = snapshots.open(ledger);
            this.store = opened.store();
            this.snapshotSequence = opened.snapshotSequence();
            unfinished = opened.unfinished();
        } else if (b.store != null) {
            this.snapshots = null;
            this.store = b.store;
            unfinished = List.of();
        } else {
            this.snapshots = null;
            InMemoryInventoryStore rebuilt = new InMemoryInventoryStore();
            unfinished = InventoryRebuild.replay(ledger, rebuilt, 1).unfinished();
            this.store = rebuilt;
        }
        this.sealer = Sealer.of(b.keyset);
        this.indexer = BlindIndexer.of(b.keyset);
        this.codeFormat = b.codeFormat;
        this.clock = b.clock;
        if (b.earnings == null) {
            this.commissions = null;
            this.recorder = storeRecords ? LedgerRecorder.ofWriter(store) : new LedgerRecorder(ledger, store);
        } else {
            Earnings earnings = Objects.requireNonNull(b.earnings.apply(ledger), "earnings (the factory's result)");
            Ledger books = ledger;
            this.commissions = new Commissions(b.policy, b.tree, b.customerTier, b.volumes, earnings, books);
            this.recorder = new LedgerRecorder(ledger, store, commissions::postsSaleOf);
        }
        this.ownsLedger = b.ledger == null && !storeRecords;
        this.inventory = new Inventory(store, b.clock, b.buyerCap, recorder);
        this.stocking = new Stocking(inventory, sealer, indexer, b.tenant, recorder);
        for (InventoryRebuild.Unfinished u : unfinished) {
            // A stocking cut short by a crash: its records stock nothing; say so in the ledger.
            LOG.warn(
                    "stocking {} of batch {} was not committed before the last stop; recording its abort",
                    u.stockingId(),
                    u.batchId());
            recorder.aborted(u.stockingId(), u.batchId(), u.firstSequence());
        }
        this.guard = new RedemptionGuard(b.clock, b.freeFailures, b.baseBackoff, b.maxBackoff);
        this.snapshotInterval = b.snapshotInterval;
        if (snapshots == null) {
            this.snapshotter = null;
        } else {
            this.snapshotter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cardkey-inventory-snapshot");
                t.setDaemon(true);
                return t;
            });
            snapshotter.scheduleWithFixedDelay(
                    this::snapshotIfDue, SNAPSHOT_POLL_MILLIS, SNAPSHOT_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Writes an inventory snapshot on the snapshot thread once {@link Builder#snapshotInterval} ledger records followed
     * the newest one, so that the open after a crash replays at most about that many records. The snapshot is built
     * from the ledger and the older snapshot, never from the live store, so no sale waits for it.
     */
    private void snapshotIfDue() {
        Ledger ledger = recorder.ledger();
        try {
            long last = ledger.lastSequence();
            if (last - snapshotSequence < snapshotInterval
                    || System.nanoTime() - snapshotRetryAt < 0
                    || stocking.recording()) {
                return;
            }
            long started = System.nanoTime();
            long written = snapshots.writeFromLedger(ledger, last);
            if (written > 0) {
                snapshotSequence = Math.max(snapshotSequence, written);
                long took = System.nanoTime() - started;
                // At most a tenth of one core: a large inventory is snapshotted less often than every interval.
                snapshotRetryAt = System.nanoTime() + SNAPSHOT_IDLE_FACTOR * took;
                LOG.debug(
                        "inventory snapshot of ledger record {} written in the background in {} ms",
                        written,
                        took / 1_000_000);
            } else {
                // A stocking began meanwhile: try again a little later rather than rebuild at every poll.
                snapshotRetryAt = System.nanoTime() + SNAPSHOT_RETRY_NANOS;
            }
        } catch (LedgerClosedException closing) {
            // close() is stopping this thread.
        } catch (RuntimeException e) {
            // The ledger holds everything; a missing snapshot only makes the next open after a crash slower.
            snapshotRetryAt = System.nanoTime() + SNAPSHOT_RETRY_NANOS;
            LOG.warn("the background inventory snapshot was not written: {}", e.toString());
        }
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a product to the catalog or replaces it.
     *
     * @param product the product
     */
    public void putProduct(Product product) {
        store.putProduct(Objects.requireNonNull(product, "product"));
        recorder.product(product);
    }

    /**
     * Returns a product.
     *
     * @param sku the SKU
     * @return the product, or empty
     */
    public Optional<Product> product(Sku sku) {
        return store.product(Objects.requireNonNull(sku, "sku"));
    }

    /**
     * Generates {@code count} codes of this instance's code format into a new batch, all or none.
     *
     * @param batch the batch ({@link Batch.Source#GENERATED}); its product must be in the catalog
     * @param count how many codes, 1 to {@link CodeGenerator#MAX_BATCH}
     * @return the new codes (rows only, no plaintext)
     * @throws UnknownProductException if the product is not in the catalog
     */
    public List<CardKey> generate(Batch batch, int count) {
        return generateInto(batch, count, null);
    }

    /**
     * Generates codes as {@link #generate(Batch, int)} does, and hands each new code's plaintext to {@code plaintext}
     * exactly once, so that the host can print or export codes it issues itself (gift cards, recharge cards, licence
     * keys). The codes are handed over in id order after all of them are stocked; each one is destroyed as soon as
     * the consumer returns.
     *
     * <h2>Security</h2>
     *
     * This is the only way plaintext leaves for codes that were not sold: the consumer decides where it goes (a file
     * only its owner can read, a printer), and the library never sees it again. If the consumer throws, the codes
     * stay in stock and the codes not yet handed over are destroyed unseen; freeze the batch ({@link
     * #freezeBatch(String)}) if the export failed.
     *
     * @param batch the batch ({@link Batch.Source#GENERATED}); its product must be in the catalog
     * @param count how many codes, 1 to {@link CodeGenerator#MAX_BATCH}
     * @param plaintext receives each new code once (record id, masked form and the normalised code, no password)
     * @return the new codes (rows only, no plaintext)
     * @throws UnknownProductException if the product is not in the catalog
     */
    public List<CardKey> generate(Batch batch, int count, Consumer<? super RevealedCode> plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        return generateInto(batch, count, plaintext);
    }

    private List<CardKey> generateInto(Batch batch, int count, Consumer<? super RevealedCode> plaintext) {
        Product product = checkBatch(batch, Batch.Source.GENERATED);
        long live = store.countByState(product.sku()).values().stream()
                        .mapToLong(Long::longValue)
                        .sum()
                + count;
        CodeGenerator generator = CodeGenerator.create(codeFormat, live);
        store.putBatch(batch);
        recorder.batch(batch);
        return stocking.generate(batch, generator, count, plaintext);
    }

    /**
     * Imports a supplier file, all or nothing: a malformed line refuses the whole file. Duplicates (within the file,
     * or of codes already in stock) are skipped and reported, so importing a file twice adds nothing the second time.
     *
     * @param batch the batch ({@link Batch.Source#IMPORTED}); its product must be in the catalog
     * @param file the file, UTF-8 (a byte-order mark is skipped); read to the end, not closed
     * @param format how to read it
     * @return the report
     */
    public ImportReport importFile(Batch batch, InputStream file, ImportFormat format) {
        return importFile(batch, file, format, true);
    }

    /**
     * Imports a supplier file; see {@link #importFile(Batch, InputStream, ImportFormat)}.
     *
     * @param batch the batch
     * @param file the file, UTF-8
     * @param format how to read it
     * @param allOrNothing whether one malformed line refuses the whole file (else the good lines are added)
     * @return the report
     */
    public ImportReport importFile(Batch batch, InputStream file, ImportFormat format, boolean allOrNothing) {
        checkBatch(batch, Batch.Source.IMPORTED);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        store.putBatch(batch);
        recorder.batch(batch);
        return stocking.importFile(batch, new InputStreamReader(file, StandardCharsets.UTF_8), format, allOrNothing);
    }

    /**
     * Reserves {@code quantity} codes for an order, first-expiring-first-out, all or none; idempotent by order id.
     *
     * @param orderId the host's order id (1 to 128 characters)
     * @param buyerId the buyer, whose reserved codes are capped
     * @param sku the product
     * @param quantity how many codes, 1 to 1,000,000
     * @param ttl how long the codes are held unless confirmed, up to 7 days
     * @return the order
     * @throws UnknownProductException if the product is not in the catalog
     * @throws InsufficientStockException if fewer codes are available (nothing is held)
     * @throws BuyerLimitExceededException if the buyer would hold too many reserved codes
     * @throws OrderConflictException if the order id was used for a different request
     */
    public Order reserve(String orderId, String buyerId, Sku sku, int quantity, Duration ttl) {
        Order order = inventory.reserve(orderId, buyerId, sku, quantity, ttl);
        if (commissions != null && saleChannel(orderId).isPresent()) {
            throw new OrderConflictException(orderId, "seller");
        }
        return order;
    }

    /**
     * Reserves codes for an end customer who buys through a distributor's shop; otherwise as {@link #reserve(String,
     * String, Sku, int, Duration)}. Needs {@link Builder#commissions}.
     *
     * <p>The order's price is the price list's quote for the customer tier and the quantity (so the tier's quantity
     * breaks apply), not the product's unit price. The quote and the seller's upline chain as it is now are fixed as
     * the order's {@link SaleChannel} and recorded in the ledger in the same batch as the reservation; confirming
     * the order ({@link #confirm(String, Payment)}) splits its price through that chain, so moving, re-tiering or
     * suspending a distributor after the reservation changes neither the price nor who earns. The split is tried
     * at once, so a sale the commission plan would refuse is refused here, before any code is held.
     *
     * <p>Idempotent by order id: a retry with the same request returns the order as it is; an order id reserved
     * without a seller, or with another one, is a conflict. Reservations and confirmations through distributors are
     * serialised (one at a time per instance); plain ones are not.
     *
     * @param orderId the host's order id, 1 to {@value Earnings#MAX_ID_LENGTH} printable ASCII characters
     * @param buyerId the customer, whose reserved codes are capped
     * @param sku the product
     * @param quantity how many codes, 1 to 1,000,000
     * @param ttl how long the codes are held unless confirmed, up to 7 days
     * @param seller the distributor who sells: level 1 of the chain
     * @return the order, priced at the quote
     * @throws IllegalStateException if no commission policy was configured
     * @throws UnknownDistributorException if the seller is not in the distributor tree
     * @throws UnknownProductException if the product is not in the catalog
     * @throws MissingPriceException if the price list has no customer-tier price for the product, or a
     *     price-difference level has none for its tier
     * @throws CurrencyMismatchException if the price list's currency is not the product's
     * @throws PriceBelowCostException if the quote is below the supplier cost
     * @throws CommissionExceedsMarginException if the plan would pay more than the margin
     * @throws InsufficientStockException if fewer codes are available (nothing is held)
     * @throws BuyerLimitExceededException if the buyer would hold too many reserved codes
     * @throws OrderConflictException if the order id was used for a different request ({@link
     *     OrderConflictException#field()} is {@code seller} when only the seller differs)
     */
    public Order reserve(String orderId, String buyerId, Sku sku, int quantity, Duration ttl, DistributorId seller) {
        Objects.requireNonNull(seller, "seller");
        Commissions c = commissions("reserve through a seller");
        return reserveThrough(orderId, buyerId, sku, quantity, ttl, SaleChannel.Kind.RESALE, seller, () -> {
            Quote quote = c.policy.prices().quote(sku, c.customerTier, quantity);
            return new SaleChannel(SaleChannel.Kind.RESALE, seller, quote, c.tree.chainOf(seller));
        });
    }

    /**
     * Reserves codes that a distributor buys for itself, at its own price; otherwise as {@link #reserve(String,
     * String, Sku, int, Duration)}. Needs {@link Builder#commissions}.
     *
     * <p>The order's price is the price list's quote for the distributor: a price agreed with it wins, else its
     * tier's quantity break for the quantity, else its tier price. Its uplines (its upline is level 1) earn on the
     * purchase, through the chain as it is now, fixed with the quote as the order's {@link SaleChannel} (see {@link
     * #reserve(String, String, Sku, int, Duration, DistributorId)}). The buyer id whose reserved codes are capped is
     * {@code "distributor:" + buyer.code()}. Pay with {@link #confirm(String, Payment)} or from the distributor's
     * prepaid balance with {@link #confirmPrepaid(String)}.
     *
     * @param orderId the host's order id, 1 to {@value Earnings#MAX_ID_LENGTH} printable ASCII characters
     * @param buyer the distributor who buys
     * @param sku the product
     * @param quantity how many codes, 1 to 1,000,000
     * @param ttl how long the codes are held unless confirmed, up to 7 days
     * @return the order, priced at the quote
     * @throws IllegalStateException if no commission policy was configured
     * @throws UnknownDistributorException if the buyer is not in the distributor tree
     * @throws UnknownProductException if the product is not in the catalog
     * @throws MissingPriceException if the price list has no price for the buyer (tier or override), or a
     *     price-difference level has none for its tier
     * @throws CurrencyMismatchException if the price list's currency is not the product's
     * @throws PriceBelowCostException if the quote is below the supplier cost
     * @throws CommissionExceedsMarginException if the plan would pay more than the margin
     * @throws InsufficientStockException if fewer codes are available (nothing is held)
     * @throws BuyerLimitExceededException if the buyer would hold too many reserved codes
     * @throws OrderConflictException if the order id was used for a different request
     */
    public Order reservePurchase(String orderId, DistributorId buyer, Sku sku, int quantity, Duration ttl) {
        Objects.requireNonNull(buyer, "buyer");
        Commissions c = commissions("reserve a distributor's purchase");
        return reserveThrough(
                orderId, "distributor:" + buyer.code(), sku, quantity, ttl, SaleChannel.Kind.PURCHASE, buyer, () -> {
                    Quote quote = c.policy.prices().quote(sku, c.tree.tier(buyer), buyer, quantity);
                    UplineChain chain =
                            c.tree.upline(buyer).map(c.tree::chainOf).orElse(UplineChain.empty());
                    return new SaleChannel(SaleChannel.Kind.PURCHASE, buyer, quote, chain);
                });
    }

    /**
     * Returns how an order is sold through the distributor network, as fixed when it was reserved.
     *
     * @param orderId the order
     * @return the channel, or empty for an order reserved without a seller or buying distributor (or unknown)
     */
    public Optional<SaleChannel> saleChannel(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        return recorder.transaction(CHANNEL_PREFIX + orderId)
                .flatMap(Transaction::payload)
                .map(SaleChannel::decode);
    }

    private Order reserveThrough(
            String orderId,
            String buyerId,
            Sku sku,
            int quantity,
            Duration ttl,
            SaleChannel.Kind kind,
            DistributorId distributor,
            java.util.function.Supplier<SaleChannel> channelNow) {
        Earnings.checkId("orderId", orderId);
        Objects.requireNonNull(sku, "sku");
        Commissions c = commissions;
        synchronized (c) {
            if (!c.tree.contains(distributor)) {
                throw new UnknownDistributorException(distributor);
            }
            Order order;
            if (store.order(orderId).isPresent()) {
                order = inventory.reserve(orderId, buyerId, sku, quantity, ttl);
            } else {
                Product product = store.product(sku).orElseThrow(() -> new UnknownProductException(sku));
                if (quantity < 1 || quantity > Inventory.MAX_QUANTITY) {
                    throw new IllegalArgumentException(
                            "quantity was " + quantity + "; must be between 1 and " + Inventory.MAX_QUANTITY);
                }
                SaleChannel channel = channelNow.get();
                Money price = channel.quote().total();
                if (!price.currency().equals(product.unitPrice().currency())) {
                    throw new CurrencyMismatchException(product.unitPrice().currency(), price.currency());
                }
                c.policy.split(channel.quote(), channel.chain(), clock.instant(), c.volumes);
                Transaction record = Transaction.builder(CHANNEL_PREFIX + orderId, "order.channel")
                        .metadata(LedgerRecorder.ORDER_ID, orderId)
                        .metadata("channel", kind.name())
                        .metadata("distributor", distributor.code())
                        .metadata("price", price.toString())
                        .metadata("priceRule", channel.quote().source().name())
                        .payload(channel.encode())
                        .build();
                order = recorder.reserving(
                        record, () -> inventory.reserve(orderId, buyerId, sku, quantity, ttl, price));
            }
            Optional<SaleChannel> recorded = saleChannel(orderId);
            if (recorded.isEmpty()
                    || recorded.get().kind() != kind
                    || !recorded.get().distributor().equals(distributor)) {
                throw new OrderConflictException(orderId, "seller");
            }
            return order;
        }
    }

    /**
     * Confirms a payment for an order and sells its codes; idempotent for the same payment.
     *
     * <p>A payment that arrives after the reservation expired is sold fresh codes from stock, or back-ordered and filled
     * automatically when stock arrives; a paid order is never left with nothing.
     *
     * <p>An order reserved through a distributor ({@link #reserve(String, String, Sku, int, Duration,
     * DistributorId)}, {@link #reservePurchase}) is sold through its {@link SaleChannel}: its price is split through
     * the chain recorded with the reservation and posted as in {@link #confirm(String, Payment, DistributorId)}.
     *
     * @param orderId the order
     * @param payment the payment, which must match the quote exactly
     * @return the order and the buyer's delivery token
     * @throws UnknownOrderException if there is no such order
     * @throws PaymentMismatchException if amount or currency differ from the quote
     * @throws PaymentReferenceUsedException if the reference already paid another order
     * @throws OrderStateException if the order was released, or paid by another payment
     * @throws CommissionExceedsMarginException if a distributor order's plan would pay more than the margin
     *     (nothing changed)
     * @throws ComplianceLimitExceededException if a distributor order's seller is over a daily limit (nothing
     *     changed)
     */
    public Confirmation confirm(String orderId, Payment payment) {
        if (commissions != null) {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(payment, "payment");
            Optional<SaleChannel> channel = saleChannel(orderId);
            if (channel.isPresent()) {
                return confirmThrough(orderId, payment, null, channel.get());
            }
        }
        Order order = inventory.confirm(orderId, payment);
        return new Confirmation(order, token(order));
    }

    /**
     * Confirms a distributor's purchase ({@link #reservePurchase}) paid from its prepaid balance (预存款), with the
     * payment reference {@code "prepaid:" + orderId}; otherwise as {@link #confirm(String, Payment)}. The purchase
     * is posted by {@link Earnings#recordPrepaidPurchase}; a later {@link #refund(String)} pays the price back into
     * the prepaid balance.
     *
     * @param orderId the order
     * @return the order and the buyer's delivery token
     * @throws IllegalStateException if no commission policy was configured
     * @throws UnknownOrderException if there is no such order
     * @throws OrderStateException if the order is not a distributor's purchase, was released, or was paid by another
     *     payment
     * @throws InsufficientBalanceException if the prepaid balance is less than the price (nothing changed)
     * @throws ComplianceLimitExceededException if the buyer is over its daily transaction limit (nothing changed)
     */
    public Confirmation confirmPrepaid(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        commissions("confirm a prepaid purchase");
        Order order = inventory.order(orderId);
        Optional<SaleChannel> channel = saleChannel(orderId);
        if (channel.isEmpty() || channel.get().kind() != SaleChannel.Kind.PURCHASE) {
            throw new OrderStateException(
                    orderId, order.state(), "confirmPrepaid", "it was not reserved as a distributor's purchase");
        }
        Payment payment = new Payment(PREPAID_PREFIX + orderId, order.price());
        return confirmThrough(orderId, payment, channel.get().distributor(), channel.get());
    }

    /**
     * Confirms a payment for an order sold through a distributor chain, and posts the sale with its commissions;
     * otherwise as {@link #confirm(String, Payment)}. Needs {@link Builder#commissions}.
     *
     * <p>The sale's money is posted once, by {@link Earnings#recordSale} (transaction {@code earn:sale:<orderId>}):
     * the order's price splits into supplier cost (the price list's), platform margin and each paid upline level's
     * commission, credited to its pending account, so price = cost + margin + Σ commissions. The split uses the
     * order's {@link SaleChannel} when it was reserved through {@code seller} ({@link #reserve(String, String, Sku,
     * int, Duration, DistributorId)}, the preferred way: quote and chain fixed at reservation); for an order
     * reserved without a seller, the {@link CommissionPolicy}'s quote of the order for the customer tier, which must
     * equal the order's price, and the seller's upline chain as it is now. The chain is recorded with the sale, so
     * moving or suspending a distributor later never changes this sale's commissions. The inventory's own sale posting (cost and margin
     * only) is not made for such an order. A later {@link #refund(String)} reverses the split through {@link
     * Earnings#refund}.
     *
     * <p>Confirmations through distributors are serialised. The sale is posted before the codes are sold; if
     * selling then fails (the order was released or paid by another payment in the meantime), the sale is refunded
     * in full at once (refund id = the order id), so every balance is as before, and the exception is rethrown. A
     * retry after a crash between the two steps finds the sale already posted and only sells the codes.
     *
     * @param orderId the order, 1 to {@value Earnings#MAX_ID_LENGTH} printable ASCII characters
     * @param payment the payment, which must match the quote exactly
     * @param seller the distributor who sold the order to the customer: level 1 of the chain
     * @return the order and the buyer's delivery token
     * @throws IllegalStateException if no commission policy was configured, or the product's price disagrees with
     *     the price list's customer-tier price
     * @throws UnknownDistributorException if the seller is not in the distributor tree (nothing changed)
     * @throws OrderConflictException if the order was reserved through another seller, or as a distributor's
     *     purchase (nothing changed)
     * @throws UnknownOrderException if there is no such order
     * @throws PaymentMismatchException if amount or currency differ from the quote
     * @throws PaymentReferenceUsedException if the reference already paid another order
     * @throws OrderStateException if the order was released, or paid by another payment
     * @throws CommissionExceedsMarginException if the plan would pay more than the margin (nothing changed)
     * @throws PriceBelowCostException if the price is below the supplier cost (nothing changed)
     * @throws ComplianceLimitExceededException if the seller is over a daily limit (nothing changed)
     */
    public Confirmation confirm(String orderId, Payment payment, DistributorId seller) {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(seller, "seller");
        Commissions c = commissions("sell through distributors");
        Optional<SaleChannel> channel = saleChannel(orderId);
        if (channel.isPresent()) {
            if (channel.get().kind() != SaleChannel.Kind.RESALE
                    || !channel.get().distributor().equals(seller)) {
                throw new OrderConflictException(orderId, "seller");
            }
            return confirmThrough(orderId, payment, null, channel.get());
        }
        synchronized (c) {
            if (!c.tree.contains(seller)) {
                throw new UnknownDistributorException(seller);
            }
            return confirmThrough(orderId, payment, null, null, seller);
        }
    }

    private Confirmation confirmThrough(
            String orderId, Payment payment, DistributorId prepaidBuyer, SaleChannel channel) {
        return confirmThrough(orderId, payment, prepaidBuyer, channel, null);
    }

    /**
     * Posts the sale through the earnings, then sells the codes; see {@link #confirm(String, Payment,
     * DistributorId)}. The split comes from the order's channel, or (for an order reserved without one) from the
     * customer tier's quote through {@code seller}'s chain as it is now.
     */
    private Confirmation confirmThrough(
            String orderId, Payment payment, DistributorId prepaidBuyer, SaleChannel channel, DistributorId seller) {
        Commissions c = commissions;
        synchronized (c) {
            Order order = inventory.order(orderId);
            boolean post = !order.state().isPaid()
                    && order.state() != OrderState.RELEASED
                    && !c.postsSaleOf(orderId)
                    && payment.amount().equals(order.price())
                    && store.orderIdByPaymentReference(payment.reference())
                            .map(orderId::equals)
                            .orElse(true);
            if (post) {
                Instant now = clock.instant();
                SaleSplit split = channel != null
                        ? c.policy.split(channel.quote(), channel.chain(), now, c.volumes)
                        : c.split(order, seller, now);
                if (prepaidBuyer != null) {
                    c.earnings.recordPrepaidPurchase(orderId, prepaidBuyer, split);
                } else {
                    c.earnings.recordSale(orderId, split);
                }
            }
            Order sold;
            try {
                sold = inventory.confirm(orderId, payment);
            } catch (RuntimeException e) {
                if (post) {
                    c.earnings.refund(orderId, orderId, order.price());
                }
                throw e;
            }
            return new Confirmation(sold, token(sold));
        }
    }

    private Commissions commissions(String what) {
        if (commissions == null) {
            throw new IllegalStateException(
                    "no commission policy was configured; set CardKeys.Builder.commissions to " + what);
        }
        return commissions;
    }

    /**
     * Releases an unpaid order's codes; idempotent.
     *
     * @param orderId the order
     * @return the order
     * @throws OrderStateException if it was paid
     */
    public Order release(String orderId) {
        return inventory.release(orderId);
    }

    /**
     * Expires every reservation whose time ran out, returning its codes to stock.
     *
     * @return how many orders expired
     */
    public int expireReservations() {
        return inventory.expireReservations();
    }

    /**
     * Refunds a paid order: its codes become {@link CardKeyState#VOIDED}, never available again; a back-order is just
     * refunded. Idempotent.
     *
     * <p>An order sold through a distributor ({@link #confirm(String, Payment, DistributorId)}) is reversed through
     * {@link Earnings#refund} (refund id = the order id): inside the hold period every commission leaves the pending
     * account it was credited to at sale time, even if the distributor moved since; after it, the commission is
     * recorded as the distributor's debt.
     *
     * @param orderId the order
     * @return the order
     * @throws IllegalTransitionException if a code was already redeemed (nothing changed)
     * @throws OrderStateException if the order was not paid
     */
    public Order refund(String orderId) {
        Order order = inventory.refund(orderId);
        if (commissions != null && commissions.postsSaleOf(orderId)) {
            // The sale went through Earnings: reverse exactly its split there (idempotent by the refund id).
            commissions.earnings.refund(orderId, orderId, order.price());
        }
        return order;
    }

    /**
     * Reports a sold code bad and delivers a replacement from stock to the same order.
     *
     * @param orderId the order
     * @param cardKeyId the bad code
     * @return the order, holding the replacement
     * @throws InsufficientStockException if there is no replacement (nothing changed)
     */
    public Order dispute(String orderId, long cardKeyId) {
        return inventory.dispute(orderId, cardKeyId);
    }

    /**
     * Opens the codes of a sold order for its buyer; every reveal is recorded, and a revealed code never returns to
     * stock.
     *
     * @param orderId the order
     * @param deliveryToken the token from {@link #confirm}
     * @return the codes; destroy them after showing them
     * @throws DeliveryDeniedException if the token is wrong, the order has nothing to reveal, or one of its codes is
     *     frozen (nothing is revealed then)
     */
    public List<RevealedCode> reveal(String orderId, String deliveryToken) {
        Objects.requireNonNull(deliveryToken, "deliveryToken");
        Order order = inventory.order(orderId);
        if (!tokenMatches(order, deliveryToken)) {
            throw new DeliveryDeniedException(orderId, order.state(), "the delivery token does not match");
        }
        if (order.state() != OrderState.SOLD) {
            throw new DeliveryDeniedException(orderId, order.state(), "only a sold order's codes can be revealed");
        }
        List<CardKey> keys = store.cardKeys(order.cardKeyIds());
        for (CardKey key : keys) {
            if (key.state() == CardKeyState.FROZEN) {
                throw new DeliveryDeniedException(
                        orderId, order.state(), "card key " + key.id() + " (" + key.maskedCode() + ") is frozen");
            }
        }
        List<RevealedCode> codes = new ArrayList<>(keys.size());
        try {
            for (CardKey key : keys) {
                byte[] sealed = store.sealedSecret(key.id()).orElseThrow();
                Secret opened = sealer.open(SealedSecret.fromBytes(sealed), stocking.binding(key));
                codes.add(split(key, opened));
                inventory.markRevealed(key.id());
                recorder.revealed(key, orderId);
            }
        } catch (RuntimeException e) {
            codes.forEach(RevealedCode::destroy);
            throw e;
        }
        return codes;
    }

    /**
     * Redeems a code the host issued (recharge, gift, licence): parses it (a mistyped code fails before any lookup),
     * finds it by blind index and moves it to {@link CardKeyState#REDEEMED}, exactly once even when two callers race.
     *
     * <p>Failed attempts (mistyped or unknown codes) are counted per account and per source; past the limit, attempts
     * are refused with {@link RedemptionThrottledException} before the code is even parsed.
     *
     * <p>Idempotent by {@code requestId}: a retried request returns the code it redeemed. The code's value (its
     * product's unit price) is credited to the ledger account {@code account}.
     *
     * @param typedCode the code as the user typed it
     * @param account who redeems it: the ledger account its value is credited to (opened if new)
     * @param requestId the host's id for this attempt, 1 to 128 characters
     * @param source where the attempt came from, as the host names it (an IP address, a device id)
     * @return the code as stored
     * @throws RedemptionThrottledException if the account or the source is in its back-off
     * @throws io.cardkey.crypto.InvalidCodeException if the code is mistyped
     * @throws CodeNotFoundException if no such code exists
     * @throws CodeNotSoldException if it is in stock, reserved, refunded or disputed (nothing changed)
     * @throws CodeAlreadyRedeemedException if it was redeemed before by another request (nothing changed)
     * @throws CodeFrozenException if it is frozen (nothing changed)
     * @throws CodeExpiredException if it is past its expiry (a sold code is moved to EXPIRED first)
     * @throws IllegalArgumentException if {@code account} is not a valid ledger account id or is one of the library's
     *     own ({@code cardkey:...})
     * @throws CurrencyMismatchException if {@code account} exists in another currency than the code's product
     */
    public CardKey redeem(CharSequence typedCode, String account, String requestId, String source) {
        Objects.requireNonNull(typedCode, "typedCode");
        checkName(account, "account");
        checkName(requestId, "requestId");
        checkName(source, "source");
        AccountId target = AccountId.of(account);
        if (account.startsWith("cardkey:")) {
            throw new IllegalArgumentException(
                    "account was " + account + "; names starting with 'cardkey:' are the library's own accounts");
        }
        Optional<CardKey> done = priorRedemption(requestId);
        if (done.isPresent()) {
            return done.get();
        }
        String[] subjects = {"account " + account, "source " + source};
        guard.check(subjects);
        CardCode code;
        try {
            code = codeFormat.parse(typedCode);
        } catch (InvalidCodeException e) {
            guard.failed(subjects);
            throw e;
        }
        try {
            Optional<CardKey> found = find(code);
            if (found.isEmpty()) {
                guard.failed(subjects);
                throw new CodeNotFoundException(code.masked());
            }
            CardKey key = found.get();
            Sku sku = key.sku();
            Product product = store.product(sku).orElseThrow(() -> new UnknownProductException(sku));
            Optional<Account> existing = recorder.account(target);
            if (existing.isPresent()
                    && !existing.get().currency().equals(product.unitPrice().currency())) {
                throw new CurrencyMismatchException(
                        product.unitPrice().currency(), existing.get().currency());
            }
            while (true) {
                try {
                    CardKey redeemed =
                            inventory.redeem(key, new Inventory.Credit(requestId, account, product.unitPrice()));
                    guard.succeeded(subjects);
                    return redeemed;
                } catch (WriteConflictException raced) {
                    key = store.cardKey(key.id()).orElseThrow();
                } catch (IllegalTransitionException lost) {
                    Optional<CardKey> sameRequest = priorRedemption(requestId);
                    if (sameRequest.isPresent() && sameRequest.get().id() == key.id()) {
                        return sameRequest.get();
                    }
                    throw redemptionRefused(lost);
                }
            }
        } finally {
            code.destroy();
        }
    }

    /**
     * Finds a stocked code by its text, for operators (a code's history, risk control): the text is read with this
     * instance's code format, else as supplier text (imported codes, and the card number of an imported pair), and
     * looked up through the blind index. Nothing is decrypted and nothing changes.
     *
     * <h2>Security</h2>
     *
     * Unlike {@link #redeem}, lookups are not counted against a guessing limit: offer this to operators, never to end
     * users.
     *
     * @param typedCode the code as typed
     * @return the code, or empty if no stocked code has this text or the text is not a code
     */
    public Optional<CardKey> lookup(CharSequence typedCode) {
        Objects.requireNonNull(typedCode, "typedCode");
        for (CodeFormat format : List.of(codeFormat, CodeFormat.supplierText())) {
            CardCode code;
            try {
                code = format.parse(typedCode);
            } catch (InvalidCodeException notThisFormat) {
                continue;
            }
            try {
                Optional<CardKey> found = find(code);
                if (found.isPresent()) {
                    return found;
                }
            } finally {
                code.destroy();
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the ledger history of one code, in order: stocking, reservations, sale, every reveal, redemption or
     * refund, each with its sequence number and hash.
     *
     * @param cardKeyId the record id
     * @return the records carrying {@code cardKeyId}, empty for an unknown code
     */
    public List<LedgerRecord> history(long cardKeyId) {
        Ledger ledger = recorder.ledger();
        List<LedgerRecord> records =
                new ArrayList<>(ledger.findByMetadata(LedgerRecorder.CARD_KEY_ID, Long.toString(cardKeyId)));
        // Codes are stocked, and moved by orders of several codes, many to a record, found through their batch.
        Optional<CardKey> key = store.cardKey(cardKeyId);
        if (key.isPresent()) {
            for (LedgerRecord record :
                    ledger.findByMetadata("batchId", key.get().batchId())) {
                if (LedgerRecorder.stocks(record, cardKeyId) || LedgerRecorder.moves(record, cardKeyId)) {
                    records.add(record);
                }
            }
            records.sort(Comparator.comparingLong(LedgerRecord::sequence));
        }
        return records;
    }

    /**
     * Returns the ledger history of one code up to a checkpoint, each record with its inclusion proof.
     *
     * @param cardKeyId the record id
     * @param checkpoint a checkpoint of this instance's ledger, e.g. {@code ledger().checkpoint(signer).checkpoint()}
     * @return the records the checkpoint covers, in order, with proofs
     * @throws io.cardkey.ledger.ProofVerificationException if the checkpoint is not a head of this ledger
     */
    public List<ProvenRecord> provenHistory(long cardKeyId, Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        List<ProvenRecord> proven = new ArrayList<>();
        for (LedgerRecord record : history(cardKeyId)) {
            if (record.sequence() <= checkpoint.treeSize()) {
                proven.add(new ProvenRecord(record, ledger().proveInclusion(record.sequence(), checkpoint)));
            }
        }
        return proven;
    }

    /**
     * Returns the ledger history of one order, in order: reservation, payment, sale, refund.
     *
     * @param orderId the order id
     * @return the records carrying {@code orderId}
     */
    public List<LedgerRecord> orderHistory(String orderId) {
        return recorder.ledger().findByMetadata(LedgerRecorder.ORDER_ID, Objects.requireNonNull(orderId, "orderId"));
    }

    /**
     * Returns the earnings that sales through distributors are posted to (pending and available commissions,
     * withdrawals, statements).
     *
     * @return the earnings built by {@link Builder#commissions}, or empty if none was configured
     */
    public Optional<Earnings> earnings() {
        return Optional.ofNullable(commissions).map(c -> c.earnings);
    }

    /**
     * Moves every stored code to the keyset's primary key: re-seals its secret and recomputes its blind index under
     * the primary, so that older keys can then be {@linkplain Keyset#retire(int) retired}. Use it after {@link
     * Keyset#rotate()}, on an instance built with the rotated keyset; then build the next instance with the older keys
     * retired.
     *
     * <p>Codes are handled in id order, {@value #REWRAP_CHUNK} at a time: each chunk's new forms are recorded in the
     * ledger ({@code cardkey.resealed} transactions, which the inventory is rebuilt from) and then written to the
     * store, so only one chunk is in memory at once. Codes already under the primary are left as they are, so the
     * operation is idempotent and restartable: after a crash or a failure every code still opens (under its old key
     * or the new one), and running it again finishes the job. Rows, states and versions do not change, so sales and
     * redemptions may go on meanwhile; two calls on one instance run one after the other.
     *
     * <p>Retiring a key also invalidates the delivery tokens issued under it; {@link #confirm(String, Payment)} with
     * the same payment (idempotent) issues a current one.
     *
     * <h2>Security</h2>
     *
     * Each code's plaintext exists only inside this call, one code at a time, and is wiped at once; nothing about a
     * code but its record id is logged or reported.
     *
     * @param progress hears the running totals after every chunk, on the calling thread
     * @return the totals: every stored code examined
     * @throws io.cardkey.crypto.RetiredKeyException if a code is sealed under a retired key (it can no longer be
     *     opened; the codes before it were moved)
     * @throws io.cardkey.crypto.AuthenticationFailedException if a stored sealed secret was altered (the codes before
     *     it were moved)
     * @throws DuplicateCardKeyException if two stored codes have the same plaintext, which their new blind indexes
     *     reveal (the chunk holding the second was not moved)
     */
    public RewrapReport rewrapSealedCodes(Consumer<? super RewrapReport> progress) {
        Objects.requireNonNull(progress, "progress");
        int primary = sealer.keyset().primaryKeyId();
        synchronized (rewrapLock) {
            long examined = 0;
            long rewrapped = 0;
            long after = 0;
            while (true) {
                List<InventoryStore.ProtectedForms> page = store.protectedForms(after, REWRAP_CHUNK);
                if (page.isEmpty()) {
                    break;
                }
                after = page.get(page.size() - 1).cardKeyId();
                List<InventoryStore.ProtectedForms> moved = rewrapChunk(page, primary);
                if (!moved.isEmpty()) {
                    recorder.resealed(primary, moved);
                    store.replaceProtectedForms(moved);
                }
                examined += page.size();
                rewrapped += moved.size();
                progress.accept(new RewrapReport(primary, examined, rewrapped));
            }
            LOG.info("rewrapped {} of {} codes to primary key id {}", rewrapped, examined, primary);
            return new RewrapReport(primary, examined, rewrapped);
        }
    }

    /** The new forms of the codes of {@code page} that are not under the primary yet, checked for duplicates. */
    private List<InventoryStore.ProtectedForms> rewrapChunk(List<InventoryStore.ProtectedForms> page, int primary) {
        List<Long> stale = new ArrayList<>();
        for (InventoryStore.ProtectedForms forms : page) {
            byte[] index = forms.blindIndex();
            int indexKey = ByteBuffer.wrap(index).getInt();
            if (indexKey != primary
                    || SealedSecret.fromBytes(forms.sealedSecret()).keyId() != primary) {
                stale.add(forms.cardKeyId());
            }
        }
        if (stale.isEmpty()) {
            return List.of();
        }
        Map<Long, InventoryStore.ProtectedForms> byId = new HashMap<>();
        page.forEach(f -> byId.put(f.cardKeyId(), f));
        List<InventoryStore.ProtectedForms> moved = new ArrayList<>(stale.size());
        List<byte[]> changedIndexes = new ArrayList<>();
        List<Long> changedIds = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>();
        for (CardKey key : store.cardKeys(stale)) {
            InventoryStore.ProtectedForms old = byId.get(key.id());
            RecordBinding binding = stocking.binding(key);
            Secret opened = sealer.open(SealedSecret.fromBytes(old.sealedSecret()), binding);
            byte[] sealed;
            byte[] index;
            Secret number = null;
            try {
                sealed = sealer.seal(opened, binding).toBytes();
                number = lookupPart(opened);
                index = Stocking.stored(indexer.index(number));
            } finally {
                opened.destroy();
                if (number != null) {
                    number.destroy();
                }
            }
            if (!Arrays.equals(index, old.blindIndex())) {
                if (!seen.add(ByteBuffer.wrap(index))) {
                    throw new DuplicateCardKeyException(key.id(), "code");
                }
                changedIndexes.add(index);
                changedIds.add(key.id());
            }
            moved.add(new InventoryStore.ProtectedForms(key.id(), index, sealed));
        }
        Set<Integer> taken = store.presentBlindIndexes(changedIndexes);
        if (!taken.isEmpty()) {
            throw new DuplicateCardKeyException(changedIds.get(Collections.min(taken)), "code");
        }
        return moved;
    }

    /** The part of a sealed plaintext a code is looked up by: the card number of a pair, else the whole code. */
    private static Secret lookupPart(Secret opened) {
        byte[] bytes = opened.bytes(ACCESS);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        byte[] part = Arrays.copyOf(bytes, end);
        try {
            return Secret.copyOf(part);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(part, (byte) 0);
        }
    }

    /**
     * Returns the ledger every change is recorded in.
     *
     * @return the ledger
     */
    public Ledger ledger() {
        return recorder.ledger();
    }

    /** The specific refusal of a redemption, by the code's state. */
    private static IllegalTransitionException redemptionRefused(IllegalTransitionException e) {
        return switch (e.from()) {
            case REDEEMED -> new CodeAlreadyRedeemedException(e.cardKeyId(), e.maskedCode());
            case FROZEN -> new CodeFrozenException(e.cardKeyId(), e.maskedCode());
            case EXPIRED -> new CodeExpiredException(e.cardKeyId(), e.maskedCode());
            case AVAILABLE, RESERVED, VOIDED, DISPUTED ->
                new CodeNotSoldException(e.cardKeyId(), e.maskedCode(), e.from());
            case SOLD -> e;
        };
    }

    private Optional<CardKey> priorRedemption(String requestId) {
        return recorder.transaction(LedgerRecorder.redemptionId(requestId))
                .map(tx -> Long.parseLong(tx.metadata().get(LedgerRecorder.CARD_KEY_ID)))
                .flatMap(store::cardKey);
    }

    /**
     * Freezes a code (risk control); it remembers its state.
     *
     * @param cardKeyId the code
     * @return the code
     */
    public CardKey freeze(long cardKeyId) {
        return inventory.freeze(cardKeyId);
    }

    /**
     * Unfreezes a code back to the state it was frozen in.
     *
     * @param cardKeyId the code
     * @return the code
     */
    public CardKey unfreeze(long cardKeyId) {
        return inventory.unfreeze(cardKeyId);
    }

    /**
     * Freezes every live code of a batch.
     *
     * @param batchId the batch
     * @return how many codes were frozen
     */
    public int freezeBatch(String batchId) {
        return inventory.freezeBatch(batchId, true);
    }

    /**
     * Unfreezes every frozen code of a batch.
     *
     * @param batchId the batch
     * @return how many codes were unfrozen
     */
    public int unfreezeBatch(String batchId) {
        return inventory.freezeBatch(batchId, false);
    }

    /**
     * Expires the available and sold codes of a product that are past their date.
     *
     * @param sku the product
     * @return how many codes expired
     */
    public int expireCodes(Sku sku) {
        return inventory.expireCodes(sku);
    }

    /**
     * Returns an order.
     *
     * @param orderId the order id
     * @return the order
     * @throws UnknownOrderException if there is none
     */
    public Order order(String orderId) {
        return inventory.order(orderId);
    }

    /**
     * Returns a code's row.
     *
     * @param cardKeyId the record id
     * @return the code, or empty
     */
    public Optional<CardKey> cardKey(long cardKeyId) {
        return store.cardKey(cardKeyId);
    }

    /**
     * Counts a product's codes by state.
     *
     * @param sku the product
     * @return the counts of the states that have codes
     */
    public Map<CardKeyState, Long> stock(Sku sku) {
        return store.countByState(Objects.requireNonNull(sku, "sku"));
    }

    /**
     * Closes the store, and the ledger if this instance opened it. With a data directory, first writes an inventory
     * snapshot if the ledger grew since the last one, so the next open replays only what comes after it; a snapshot
     * that cannot be written is logged and skipped (the next open replays more). Call it after every other call has
     * returned.
     */
    @Override
    public synchronized void close() {
        if (snapshotter != null && !closed) {
            snapshotter.shutdown();
            try {
                if (!snapshotter.awaitTermination(2, TimeUnit.MINUTES)) {
                    snapshotter.shutdownNow();
                }
            } catch (InterruptedException e) {
                snapshotter.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (snapshots != null && !closed) {
            Ledger ledger = recorder.ledger();
            try {
                if (ledger.lastSequence() > snapshotSequence) {
                    snapshotSequence = snapshots.write((InMemoryInventoryStore) store, ledger);
                }
            } catch (RuntimeException e) {
                LOG.warn("the inventory snapshot was not written at close: {}", e.toString());
            }
        }
        closed = true;
        store.close();
        if (ownsLedger) {
            recorder.ledger().close();
        }
    }

    @Override
    public String toString() {
        return "CardKeys[" + store.getClass().getSimpleName() + ", " + codeFormat + "]";
    }

    private static void checkName(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException(
                    name + " had length " + value.length() + " or was blank; must be 1 to 128 characters");
        }
    }

    private Product checkBatch(Batch batch, Batch.Source source) {
        Objects.requireNonNull(batch, "batch");
        if (batch.source() != source) {
            throw new IllegalArgumentException("batch.source was " + batch.source() + "; must be " + source);
        }
        Product product = store.product(batch.sku()).orElseThrow(() -> new UnknownProductException(batch.sku()));
        if (!batch.unitCost().currency().equals(product.unitPrice().currency())) {
            throw new CurrencyMismatchException(
                    product.unitPrice().currency(), batch.unitCost().currency());
        }
        return product;
    }

    private Optional<CardKey> find(CardCode code) {
        for (BlindIndex index : indexer.indexForLookup(code.normalised())) {
            Optional<CardKey> key = store.cardKeyByBlindIndex(Stocking.stored(index));
            if (key.isPresent()) {
                return key;
            }
        }
        return Optional.empty();
    }

    private String token(Order order) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(tokenBytes(order).get(0));
    }

    private boolean tokenMatches(Order order, String presented) {
        if (order.paymentReference().isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(presented);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean match = false;
        for (byte[] expected : tokenBytes(order)) {
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    /** The token under every active index key, primary first: a keyed PRF of the order and its payment. */
    private List<byte[]> tokenBytes(Order order) {
        byte[] id =
                (order.orderId() + "\u0000" + order.paymentReference().orElseThrow()).getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[TOKEN_DOMAIN.length + id.length];
        System.arraycopy(TOKEN_DOMAIN, 0, input, 0, TOKEN_DOMAIN.length);
        System.arraycopy(id, 0, input, TOKEN_DOMAIN.length, id.length);
        Secret secret = Secret.copyOf(input);
        try {
            return indexer.indexForLookup(secret).stream()
                    .map(BlindIndex::toBytes)
                    .toList();
        } finally {
            secret.destroy();
        }
    }

    private static RevealedCode split(CardKey key, Secret opened) {
        byte[] bytes = opened.bytes(ACCESS);
        opened.destroy();
        try {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    return new RevealedCode(
                            key.id(),
                            key.maskedCode(),
                            Secret.copyOf(Arrays.copyOfRange(bytes, 0, i)),
                            Optional.of(Secret.copyOf(Arrays.copyOfRange(bytes, i + 1, bytes.length))));
                }
            }
            return new RevealedCode(key.id(), key.maskedCode(), Secret.copyOf(bytes), Optional.empty());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Configures a {@link CardKeys}. Each setter validates at once; {@link #build()} checks the whole.
     *
     * <p>Not thread-safe; the built instance is.
     */
    public static final class Builder {
        private InventoryStore store;
        private Keyset keyset;
        private Ledger ledger;
        private Path dataDirectory;
        private Clock clock = Clock.systemUTC();
        private String tenant = "default";
        private CodeFormat codeFormat = CodeFormat.standard();
        private long buyerCap = 10_000;
        private int freeFailures = 5;
        private Duration baseBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofHours(1);
        private CommissionPolicy policy;
        private DistributorTree tree;
        private Tier customerTier;
        private SalesVolumeTracker volumes;
        private Function<Ledger, Earnings> earnings;
        private long snapshotInterval = DEFAULT_SNAPSHOT_INTERVAL;

        private Builder() {}

        /**
         * Sets after how many ledger records a background thread writes an inventory snapshot (with a {@link
         * #dataDirectory data directory}); default {@value CardKeys#DEFAULT_SNAPSHOT_INTERVAL}. The open after a crash
         * replays the records after the newest snapshot, so this bounds its time. A snapshot is built on the side from
         * the ledger and the previous snapshot, so sales never wait for it, at the cost of a second copy of the
         * inventory in memory while it is built; after writing one the thread rests nine times as long as it took, so
         * snapshots never take more than a tenth of one core (a large inventory under a fast stream of sales is then
         * snapshotted less often than every interval).
         *
         * @param records at least 1
         * @return this builder
         */
        public Builder snapshotInterval(long records) {
            if (records < 1) {
                throw new IllegalArgumentException("snapshot interval was " + records + "; must be at least 1");
            }
            this.snapshotInterval = records;
            return this;
        }

        /**
         * Lets the host sell through a distributor chain with {@link CardKeys#confirm(String, Payment,
         * DistributorId)}; without it (the default) only {@link CardKeys#confirm(String, Payment)} sells, and sales
         * post supplier cost and platform margin only.
         *
         * <p>The earnings are built by {@code earnings} on this instance's own ledger, so that commissions and the
         * inventory land in the same books (their platform accounts are the same, see {@link EarningsAccounts}).
         * Configure hold period, limits and the same {@code volumes} there, e.g. {@code ledger ->
         * Earnings.builder(ledger, CNY).volumes(volumes).build()}.
         *
         * @param policy the commission policy; its price list quotes the customer's price
         * @param tree the distributor tree the seller's upline chain is taken from at confirmation
         * @param customerTier the price-list tier end customers buy at (e.g. retail); the product's unit price must
         *     equal its quote
         * @param volumes the period sales volumes that volume brackets are looked up in
         * @param earnings builds the earnings from this instance's ledger; called once by {@link #build()}
         * @return this builder
         */
        public Builder commissions(
                CommissionPolicy policy,
                DistributorTree tree,
                Tier customerTier,
                SalesVolumeTracker volumes,
                Function<Ledger, Earnings> earnings) {
            this.policy = Objects.requireNonNull(policy, "policy");
            this.tree = Objects.requireNonNull(tree, "tree");
            this.customerTier = Objects.requireNonNull(customerTier, "customerTier");
            this.volumes = Objects.requireNonNull(volumes, "volumes");
            this.earnings = Objects.requireNonNull(earnings, "earnings");
            return this;
        }

        /**
         * Sets the inventory store; default an in-memory store rebuilt from the ledger.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(InventoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the ledger every change and money movement is recorded in; default a new in-memory ledger.
         *
         * @param ledger the ledger
         * @return this builder
         */
        public Builder ledger(Ledger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * Keeps everything in a data directory: the ledger on the durable file journal, the inventory rebuilt from it
         * on open. Excludes {@link #ledger(Ledger)} and {@link #store(InventoryStore)}.
         *
         * <p>The inventory is a projection of the ledger. {@link CardKeys#close()} writes a snapshot of it to {@code
         * inventory/snapshot-<ledger sequence>.bin} (sealed secrets and blind indexes only, never a plaintext code;
         * checksummed, written to a temporary file, forced and renamed into place; the newest two are kept), and opening
         * loads the newest snapshot whose checksum holds and whose ledger record still has the hash it names, then
         * replays only the ledger records after it. A damaged or mismatched snapshot is skipped with a warning in favour
         * of an older one or a full replay; after a crash (no snapshot at close) the records since the last snapshot are
         * replayed, so nothing acknowledged is lost either way. While the instance runs, a background thread writes a
         * snapshot every {@link #snapshotInterval} records, so that replay stays short.
         *
         * <p>An import or a generated batch is all or nothing across a crash too: its codes become stock only once
         * every ledger record of it and then its commit record are durable. The open after a crash that cut one short
         * leaves its codes out and appends an abort record for it ({@code cardkey.stocking-aborted}); importing the
         * file again then stocks all of it.
         *
         * @param directory the data directory, created if missing
         * @return this builder
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the keyset that seals and indexes codes. Required.
         *
         * @param keyset the keyset
         * @return this builder
         */
        public Builder keyset(Keyset keyset) {
            this.keyset = Objects.requireNonNull(keyset, "keyset");
            return this;
        }

        /**
         * Sets the clock for reservations and expiry; default the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the tenant every sealed code is bound to; default {@code "default"}.
         *
         * @param tenant 1 to 128 characters
         * @return this builder
         */
        public Builder tenant(String tenant) {
            Objects.requireNonNull(tenant, "tenant");
            if (tenant.isBlank() || tenant.length() > 128) {
                throw new IllegalArgumentException(
                        "tenant had length " + tenant.length() + " or was blank; must be 1 to 128 characters");
            }
            this.tenant = tenant;
            return this;
        }

        /**
         * Sets the format of generated and redeemed codes; default {@link CodeFormat#standard()}.
         *
         * @param format a generated format
         * @return this builder
         */
        public Builder codeFormat(CodeFormat format) {
            Objects.requireNonNull(format, "format");
            if (format.isSupplierText()) {
                throw new IllegalArgumentException(
                        "format was " + format + "; generated codes need a generated format, not supplier text");
            }
            this.codeFormat = format;
            return this;
        }

        /**
         * Sets the most reserved codes one buyer may hold at once; default 10,000.
         *
         * @param cap at least 1
         * @return this builder
         */
        public Builder buyerCap(long cap) {
            if (cap < 1) {
                throw new IllegalArgumentException("buyerCap was " + cap + "; must be at least 1");
            }
            this.buyerCap = cap;
            return this;
        }

        /**
         * Sets the guessing limit of {@link CardKeys#redeem}: after {@code freeFailures} failed attempts from one account
         * or one source, each further failure blocks it for {@code baseBackoff} doubled per failure, at most {@code
         * maxBackoff}; default 5, 1 s, 1 h.
         *
         * @param freeFailures failures allowed before the back-off, at least 1
         * @param baseBackoff the first wait, positive
         * @param maxBackoff the longest wait, at least {@code baseBackoff}
         * @return this builder
         */
        public Builder redemptionLimit(int freeFailures, Duration baseBackoff, Duration maxBackoff) {
            Objects.requireNonNull(baseBackoff, "baseBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (freeFailures < 1) {
                throw new IllegalArgumentException("freeFailures was " + freeFailures + "; must be at least 1");
            }
            if (baseBackoff.isNegative() || baseBackoff.isZero() || maxBackoff.compareTo(baseBackoff) < 0) {
                throw new IllegalArgumentException("baseBackoff was " + baseBackoff + " and maxBackoff " + maxBackoff
                        + "; base must be positive and at most max");
            }
            this.freeFailures = freeFailures;
            this.baseBackoff = baseBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Builds the instance.
         *
         * @return the instance
         * @throws IllegalStateException if no keyset was set
         */
        public CardKeys build() {
            if (keyset == null) {
                throw new IllegalStateException("keyset was not set; CardKeys needs one to seal and index codes");
            }
            if (dataDirectory != null && (ledger != null || store != null)) {
                throw new IllegalStateException(
                        "dataDirectory was set together with a ledger or a store; a data directory holds both");
            }
            if (store != null && store.ledgerWriter().isPresent() && (ledger != null || earnings != null)) {
                throw new IllegalStateException("the store records the ledger itself (" + store
                        + "); set neither a ledger nor commissions with it (commissions need a ledger of their own)");
            }
            return new CardKeys(this);
        }
    }

    /** The distributor sales configuration: what splits a sale and where its money is posted. */
    private static final class Commissions {
        private final CommissionPolicy policy;
        private final DistributorTree tree;
        private final Tier customerTier;
        private final SalesVolumeTracker volumes;
        private final Earnings earnings;
        private final Ledger ledger;

        Commissions(
                CommissionPolicy policy,
                DistributorTree tree,
                Tier customerTier,
                SalesVolumeTracker volumes,
                Earnings earnings,
                Ledger ledger) {
            this.policy = policy;
            this.tree = tree;
            this.customerTier = customerTier;
            this.volumes = volumes;
            this.earnings = earnings;
            this.ledger = ledger;
        }

        /** Whether the order's sale was posted through the earnings (their documented transaction id). */
        boolean postsSaleOf(String orderId) {
            return ledger.transaction("earn:sale:" + orderId).isPresent();
        }

        /** Splits an order sold by {@code seller} now, through its current chain. */
        SaleSplit split(Order order, DistributorId seller, Instant at) {
            Quote quote = policy.prices().quote(order.sku(), customerTier, order.quantity());
            if (!quote.total().equals(order.price())) {
                throw new IllegalStateException("order " + order.orderId() + " was priced " + order.price()
                        + " but the price list quotes " + quote.total() + " for tier " + customerTier
                        + "; the product's unit price must equal the customer tier's price");
            }
            return policy.split(quote, tree.chainOf(seller), at, volumes);
        }
    }
}
