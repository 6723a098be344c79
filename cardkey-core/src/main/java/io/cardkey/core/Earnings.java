package io.cardkey.core;

import io.cardkey.core.ComplianceLimitExceededException.Limit;
import io.cardkey.core.InsufficientBalanceException.BalanceKind;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.AppendResult;
import io.cardkey.ledger.Balance;
import io.cardkey.ledger.ConstraintViolationException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.Posting;
import io.cardkey.ledger.RecordKind;
import io.cardkey.ledger.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Posts the money of sales to the ledger and runs the lifecycle of distributors' earnings: commissions are
 * <em>pending</em> for a hold period (the refund window), then <em>available</em> to withdraw; refunds reverse
 * them; distributors may keep a <em>prepaid</em> balance (预存款) to pay for their own purchases. Accounts are
 * described in {@link EarningsAccounts}.
 *
 * <h2>Sales</h2>
 *
 * <p>{@link #recordSale} posts a {@link SaleSplit} as one balanced ledger transaction with id {@code
 * earn:sale:<orderId>} and metadata {@code orderId}, {@code sku}: the price leaves the payer (buyer clearing, or the
 * buyer's prepaid balance for {@link #recordPrepaidPurchase}) and goes to supplier payable (cost), platform revenue
 * (margin) and each level's pending account (commission), so price = cost + margin + Σ commissions. The sale's
 * chain is recorded in the metadata. If a {@link SalesVolumeTracker} is configured, the price counts towards the
 * period volume of every distributor of the chain.
 *
 * <h2>Hold period and release</h2>
 *
 * <p>A sale's commissions become releasable once the ledger timestamp of the sale plus the hold period has passed
 * by this object's clock (give it the clock the ledger was opened with). {@link #settle()} releases every due sale
 * with one transaction each ({@code earn:release:<orderId>}); it is idempotent. A distributor's debt from earlier
 * claw-backs is netted first: that part of the released commission repays the debt instead of becoming available.
 *
 * <h2>Refunds</h2>
 *
 * <p>{@link #refund} pays back part or all of a sale. The refund is split over what is left of each part of the
 * sale (cost, margin, each commission) in proportion, by largest remainder, so the parts add up to the refund
 * exactly and a full refund reverses exactly the amounts recorded at sale time. Inside the hold period a
 * commission part is taken back from pending; after it, it is recorded as a debt of the distributor (a claw-back),
 * netted from its next releases. Refunds lower the period volume of the sale's chain.
 *
 * <h2>Withdrawals and prepaid balances</h2>
 *
 * <p>{@link #withdraw} moves available balance out to {@code cardkey:payouts}; the available account carries a
 * ledger constraint, so no interleaving of threads or processes can overdraw it. {@link #topUp} pays into the
 * prepaid balance, and {@link #recordPrepaidPurchase} pays a purchase from it; it never goes negative.
 *
 * <h2>Idempotency</h2>
 *
 * <p>Every operation takes a host id (order, refund or request id) that becomes the ledger transaction id:
 * repeating an operation with the same id and content returns the first result and changes nothing; the same id
 * with different content throws {@link io.cardkey.ledger.IdempotencyConflictException}. A withdrawal that the
 * ledger refused for lack of balance burns its request id: the ledger records the rejection, and a later retry with
 * the same id is refused again, so use a new request id.
 *
 * <h2>State</h2>
 *
 * <p>Every amount lives in the ledger. Which sales are pending and what was refunded is rebuilt from the ledger's
 * records when an {@code Earnings} is built, so a host that reopens its ledger carries on where it stopped. The
 * daily totals of {@link ComplianceLimits} are kept in memory only and start from zero after a restart, and the
 * {@link SalesVolumeTracker} is the host's: it is not refilled from the ledger (a refund never takes a volume
 * below zero). Use one
 * {@code Earnings} per ledger and currency at a time.
 *
 * <p>Thread-safe. Sales, refunds, releases, top-ups, purchases and statements are serialised; withdrawals run
 * concurrently with each other.
 */
public final class Earnings {
    /** The hold period (refund window) used unless configured: 7 days. */
    public static final Duration DEFAULT_HOLD_PERIOD = Duration.ofDays(7);

    /** The longest host id (order, refund or request id), in characters. */
    public static final int MAX_ID_LENGTH = 100;

    private static final String ORDER_ID = "orderId";
    private static final String CURRENCY = "currency";
    private static final String SALE_TYPE = "earnings.sale";
    private static final String PURCHASE_TYPE = "earnings.prepaid-purchase";
    private static final String RELEASE_TYPE = "earnings.release";
    private static final String REFUND_TYPE = "earnings.refund";
    private static final String WITHDRAWAL_TYPE = "earnings.withdrawal";
    private static final String TOP_UP_TYPE = "earnings.top-up";

    private final Ledger ledger;
    private final Currency currency;
    private final Duration holdPeriod;
    private final InstantSource clock;
    private final SalesPeriod period;
    private final SalesPeriod days;
    private final SalesVolumeTracker volumes;
    private final ComplianceLimits limits;

    /** Writers of the lifecycle model take it exclusively; withdrawals share it. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

    private final Map<String, Sale> sales = new HashMap<>();
    private final Map<String, Refund> refunds = new HashMap<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> dailyTotals = new ConcurrentHashMap<>();
    private final Set<DistributorId> opened = ConcurrentHashMap.newKeySet();

    private Earnings(Builder b) {
        this.ledger = b.ledger;
        this.currency = b.currency;
        this.holdPeriod = b.holdPeriod;
        this.clock = b.clock;
        this.period = b.period;
        this.days = SalesPeriod.daily(b.period.zone());
        this.volumes = b.volumes;
        this.limits = b.limits;
        for (Account account : EarningsAccounts.platformAccounts(currency)) {
            ledger.openAccount(account);
        }
        long last = ledger.lastSequence();
        if (last > 0) {
            ledger.readRecords(1, last, this::replay);
        }
    }

    /** Rebuilds the lifecycle state from one record this class (in this currency) appended earlier. */
    private void replay(LedgerRecord record) {
        if (record.kind() != RecordKind.TRANSACTION) {
            return;
        }
        Transaction tx = record.transaction().orElseThrow();
        if (!tx.type().startsWith("earnings.")
                || !currency.getCurrencyCode().equals(tx.metadata().get(CURRENCY))) {
            return;
        }
        AppendResult result = new AppendResult(tx.id(), record.sequence(), record.timestamp());
        Map<String, String> meta = tx.metadata();
        switch (tx.type()) {
            case SALE_TYPE, PURCHASE_TYPE -> {
                Sale sale = Sale.replayed(this, tx, record.timestamp());
                sales.put(sale.orderId, sale);
                record(new Entry(Kind.SALE, result, tx.postings(), sale.seller, sale.price, sale.levels()));
            }
            case RELEASE_TYPE -> {
                sales.get(meta.get(ORDER_ID)).released = true;
                record(new Entry(Kind.RELEASE, result, tx.postings(), null, 0, Map.of()));
            }
            case REFUND_TYPE -> {
                Sale sale = sales.get(meta.get(ORDER_ID));
                long amount = Money.parse(meta.get("amount")).minorUnits();
                for (Posting p : tx.postings()) {
                    sale.partOf(p.debit()).refunded += p.amount();
                }
                sale.refunded += amount;
                refunds.put(meta.get("refundId"), new Refund(sale.orderId, amount, result));
                record(new Entry(Kind.REFUND, result, tx.postings(), sale.seller, amount, Map.of()));
            }
            case WITHDRAWAL_TYPE -> record(new Entry(Kind.WITHDRAWAL, result, tx.postings(), null, 0, Map.of()));
            case TOP_UP_TYPE -> record(new Entry(Kind.TOP_UP, result, tx.postings(), null, 0, Map.of()));
            default -> {
                // a type of a later version; it moves no money this version knows about
            }
        }
    }

    /**
     * Starts configuring earnings on a ledger.
     *
     * @param ledger the ledger every amount is posted to
     * @param currency the currency of every amount
     * @return a builder with the {@link #DEFAULT_HOLD_PERIOD}, the system UTC clock, monthly periods in UTC, no
     *     volume tracker and no compliance limits
     * @throws IllegalArgumentException if the currency has no defined number of decimal places
     */
    public static Builder builder(Ledger ledger, Currency currency) {
        return new Builder(
                Objects.requireNonNull(ledger, "ledger"),
                Money.zero(Objects.requireNonNull(currency, "currency")).currency());
    }

    /**
     * Records a sale paid by a buyer (debited from the buyer clearing account {@code cardkey:payments}).
     *
     * @param orderId the host's order id, the idempotency key; 1 to {@value #MAX_ID_LENGTH} printable ASCII
     *     characters
     * @param split the split, from {@link CommissionPolicy#split}
     * @return where the sale was recorded; its timestamp starts the hold period
     * @throws CurrencyMismatchException if the split is in another currency
     * @throws ComplianceLimitExceededException if the seller (level 1) is over a daily limit
     * @throws io.cardkey.ledger.IdempotencyConflictException if the order id was recorded with another split
     */
    public AppendResult recordSale(String orderId, SaleSplit split) {
        checkId("orderId", orderId);
        Objects.requireNonNull(split, "split");
        return sale(orderId, split, null);
    }

    /**
     * Records a distributor's own purchase paid from its prepaid balance (预存款). The split should come from a
     * quote at the buyer's tier price, through the buyer's chain ({@link DistributorTree#chainOf}: its upline
     * earns).
     *
     * @param orderId the host's order id, the idempotency key
     * @param buyer the distributor who pays
     * @param split the split of the purchase
     * @return where the purchase was recorded
     * @throws InsufficientBalanceException if the prepaid balance is less than the price; the order id is not used
     * @throws ComplianceLimitExceededException if the buyer is over its daily transaction limit
     * @throws CurrencyMismatchException if the split is in another currency
     */
    public AppendResult recordPrepaidPurchase(String orderId, DistributorId buyer, SaleSplit split) {
        checkId("orderId", orderId);
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(split, "split");
        return sale(orderId, split, buyer);
    }

    private AppendResult sale(String orderId, SaleSplit split, DistributorId buyer) {
        checkCurrency(split.price());
        String txId = "earn:sale:" + orderId;
        Optional<DistributorId> seller = buyer != null || split.chain().isEmpty()
                ? Optional.empty()
                : Optional.of(split.chain().level(1).distributor());
        gate.writeLock().lock();
        try {
            Transaction tx = saleTransaction(txId, orderId, split, buyer, seller);
            Sale known = sales.get(orderId);
            if (known != null) {
                return ledger.append(tx); // same content: the original result; else an idempotency conflict
            }
            for (CommissionShare share : split.shares()) {
                ensureAccounts(share.distributor());
            }
            long price = split.price().minorUnits();
            List<Reservation> reserved = new ArrayList<>();
            try {
                if (buyer != null) {
                    ensureAccounts(buyer);
                    Money prepaid = prepaid(buyer);
                    if (prepaid.minorUnits() < price) {
                        throw new InsufficientBalanceException(buyer, BalanceKind.PREPAID, split.price(), prepaid);
                    }
                    reserve(reserved, buyer, Limit.DAILY_TRANSACTIONS, limits.dailyTransactions(), price);
                }
                if (seller.isPresent()) {
                    if (!limits.isVerified(seller.get())) {
                        reserve(
                                reserved,
                                seller.get(),
                                Limit.UNVERIFIED_DAILY_SALES,
                                limits.unverifiedDailySales(),
                                price);
                    }
                    reserve(reserved, seller.get(), Limit.DAILY_TRANSACTIONS, limits.dailyTransactions(), price);
                }
                AppendResult result;
                try {
                    result = ledger.append(tx);
                } catch (ConstraintViolationException e) {
                    if (buyer == null) {
                        throw e;
                    }
                    throw new InsufficientBalanceException(buyer, BalanceKind.PREPAID, split.price(), prepaid(buyer));
                }
                reserved.clear();
                Sale sale = Sale.replayed(this, tx, result.timestamp());
                sales.put(orderId, sale);
                record(new Entry(Kind.SALE, result, tx.postings(), seller.orElse(null), price, sale.levels()));
                if (volumes != null) {
                    for (UplineChain.Link link : split.chain().links()) {
                        volumes.record(link.distributor(), sale.periodKey, split.price());
                    }
                }
                return result;
            } finally {
                release(reserved);
            }
        } finally {
            gate.writeLock().unlock();
        }
    }

    private Transaction saleTransaction(
            String txId, String orderId, SaleSplit split, DistributorId buyer, Optional<DistributorId> seller) {
        AccountId payer =
                buyer == null ? EarningsAccounts.payments(currency) : EarningsAccounts.prepaid(buyer, currency);
        Transaction.Builder b = Transaction.builder(txId, buyer == null ? SALE_TYPE : PURCHASE_TYPE)
                .metadata(ORDER_ID, orderId)
                .metadata(CURRENCY, currency.getCurrencyCode())
                .metadata("sku", split.sku().code())
                .metadata("quantity", Long.toString(split.quantity()))
                .metadata("price", split.price().toString())
                .metadata("payer", payer.value());
        seller.ifPresent(s -> b.metadata("seller", s.code()));
        for (CommissionShare share : split.shares()) {
            b.metadata("level." + share.level(), share.distributor().code());
        }
        StringBuilder chain = new StringBuilder();
        for (UplineChain.Link link : split.chain().links()) {
            chain.append(chain.length() == 0 ? "" : "\n")
                    .append(link.distributor().code());
        }
        b.payload(chain.toString().getBytes(StandardCharsets.US_ASCII));
        post(
                b,
                payer,
                EarningsAccounts.supplierPayable(currency),
                split.supplierCost().minorUnits());
        post(
                b,
                payer,
                EarningsAccounts.revenue(currency),
                split.platformMargin().minorUnits());
        for (CommissionShare share : split.shares()) {
            post(
                    b,
                    payer,
                    EarningsAccounts.pending(share.distributor(), currency),
                    share.amount().minorUnits());
        }
        return b.build();
    }

    /**
     * Releases the commissions of every sale whose hold period has passed by the clock: pending moves to
     * available, after netting the distributor's debt. Idempotent: a sale is released once.
     *
     * @return how many sales were released by this call
     */
    public int settle() {
        Instant now = clock.instant();
        gate.writeLock().lock();
        try {
            List<Sale> due = new ArrayList<>();
            for (Sale sale : sales.values()) {
                if (!sale.released && !now.isBefore(sale.releaseAt())) {
                    due.add(sale);
                }
            }
            due.sort((a, b) -> a.at.compareTo(b.at) != 0 ? a.at.compareTo(b.at) : a.orderId.compareTo(b.orderId));
            for (Sale sale : due) {
                releaseSale(sale);
            }
            return due.size();
        } finally {
            gate.writeLock().unlock();
        }
    }

    private void releaseSale(Sale sale) {
        Transaction.Builder b = Transaction.builder("earn:release:" + sale.orderId, RELEASE_TYPE)
                .metadata(ORDER_ID, sale.orderId)
                .metadata(CURRENCY, currency.getCurrencyCode());
        Map<DistributorId, Long> netted = new HashMap<>();
        for (Part part : sale.parts) {
            long left = part.original - part.refunded;
            if (part.distributor == null || left == 0) {
                continue;
            }
            long owed = Math.max(0, debt(part.distributor).minorUnits() - netted.getOrDefault(part.distributor, 0L));
            long net = Math.min(owed, left);
            netted.merge(part.distributor, net, Long::sum);
            post(b, part.account, EarningsAccounts.debt(part.distributor, currency), net);
            post(b, part.account, EarningsAccounts.available(part.distributor, currency), left - net);
        }
        Transaction tx = b.build();
        AppendResult result = ledger.append(tx);
        sale.released = true;
        record(new Entry(Kind.RELEASE, result, tx.postings(), null, 0, Map.of()));
    }

    /**
     * Refunds part or all of a sale to whoever paid it, see the class description. A refund made when the hold
     * period has passed first releases the sale if {@link #settle()} has not yet.
     *
     * @param refundId the host's refund id, the idempotency key
     * @param orderId the order of the sale
     * @param amount the amount to pay back, positive, at most what is left of the price
     * @return where the refund was recorded
     * @throws UnknownSaleException if no sale was recorded for the order
     * @throws RefundExceedsSaleException if {@code amount} is more than what is left to refund
     * @throws IllegalArgumentException if {@code amount} is not positive, or the refund id was used for another
     *     refund
     * @throws CurrencyMismatchException if {@code amount} is in another currency
     */
    public AppendResult refund(String refundId, String orderId, Money amount) {
        checkId("refundId", refundId);
        checkId("orderId", orderId);
        Objects.requireNonNull(amount, "amount");
        checkCurrency(amount);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount was " + amount + "; must be positive");
        }
        Instant now = clock.instant();
        gate.writeLock().lock();
        try {
            Refund done = refunds.get(refundId);
            if (done != null) {
                if (!done.orderId.equals(orderId) || done.amount != amount.minorUnits()) {
                    throw new IllegalArgumentException("refundId " + refundId + " was used for " + done.orderId + " "
                            + Money.ofMinor(done.amount, currency) + "; a refund id names one refund");
                }
                return done.result;
            }
            Sale sale = sales.get(orderId);
            if (sale == null) {
                throw new UnknownSaleException(orderId);
            }
            long left = sale.price - sale.refunded;
            if (amount.minorUnits() > left) {
                throw new RefundExceedsSaleException(orderId, amount, Money.ofMinor(left, currency));
            }
            if (!sale.released && !now.isBefore(sale.releaseAt())) {
                releaseSale(sale);
            }
            long[] weights = new long[sale.parts.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = sale.parts.get(i).original - sale.parts.get(i).refunded;
            }
            List<Money> shares = amount.allocate(weights);
            Transaction.Builder b = Transaction.builder("earn:refund:" + refundId, REFUND_TYPE)
                    .metadata(ORDER_ID, orderId)
                    .metadata(CURRENCY, currency.getCurrencyCode())
                    .metadata("refundId", refundId)
                    .metadata("sku", sale.sku.code())
                    .metadata("amount", amount.toString());
            for (int i = 0; i < weights.length; i++) {
                Part part = sale.parts.get(i);
                long share = shares.get(i).minorUnits();
                AccountId from = part.distributor != null && sale.released
                        ? EarningsAccounts.debt(part.distributor, currency)
                        : part.account;
                post(b, from, sale.payer, share);
            }
            Transaction tx = b.build();
            AppendResult result = ledger.append(tx);
            for (int i = 0; i < weights.length; i++) {
                sale.parts.get(i).refunded += shares.get(i).minorUnits();
            }
            sale.refunded += amount.minorUnits();
            refunds.put(refundId, new Refund(orderId, amount.minorUnits(), result));
            record(new Entry(Kind.REFUND, result, tx.postings(), sale.seller, amount.minorUnits(), Map.of()));
            if (volumes != null) {
                for (DistributorId d : sale.chain) {
                    // a tracker that forgot the sale (an in-memory one after a restart) cannot go below zero
                    Money lower = amount.min(volumes.volume(d, sale.periodKey));
                    if (lower.isPositive()) {
                        volumes.record(d, sale.periodKey, lower.negated());
                    }
                }
            }
            return result;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /**
     * Checks a request that moves {@code amount} for one distributor and builds its transaction: one posting from
     * the debit account to the credit account, with the request id, currency and distributor as metadata.
     */
    private Transaction movement(
            String idPrefix,
            String type,
            String requestId,
            DistributorId distributor,
            Money amount,
            Function<DistributorId, AccountId> debit,
            Function<DistributorId, AccountId> credit) {
        checkId("requestId", requestId);
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(amount, "amount");
        checkCurrency(amount);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount was " + amount + "; must be positive");
        }
        return Transaction.builder(idPrefix + requestId, type)
                .metadata("requestId", requestId)
                .metadata(CURRENCY, currency.getCurrencyCode())
                .metadata("distributor", distributor.code())
                .posting(debit.apply(distributor), credit.apply(distributor), amount.minorUnits())
                .build();
    }

    /**
     * Pays {@code amount} of a distributor's available balance out to {@code cardkey:payouts}. The ledger's
     * constraint on the available account decides, atomically, whether the balance suffices.
     *
     * @param requestId the host's request id, the idempotency key; burned if the balance did not suffice
     * @param distributor the distributor
     * @param amount the amount, positive
     * @return where the withdrawal was recorded
     * @throws InsufficientBalanceException if the available balance is less than {@code amount}, with the balance
     * @throws IdentityNotVerifiedException if withdrawals need a verified identity and the distributor has none
     * @throws ComplianceLimitExceededException if a daily limit would be passed
     * @throws IllegalArgumentException if {@code amount} is not positive
     * @throws CurrencyMismatchException if {@code amount} is in another currency
     */
    public AppendResult withdraw(String requestId, DistributorId distributor, Money amount) {
        Transaction tx = movement(
                "earn:withdraw:",
                WITHDRAWAL_TYPE,
                requestId,
                distributor,
                amount,
                d -> EarningsAccounts.available(d, currency),
                d -> EarningsAccounts.payouts(currency));
        String txId = tx.id();
        gate.readLock().lock();
        try {
            if (entries.containsKey(txId)) {
                return ledger.append(tx); // a retry: the original result, or an idempotency conflict
            }
            ensureAccounts(distributor);
            boolean verified = limits.isVerified(distributor);
            if (!verified && limits.withdrawalRequiresVerification()) {
                throw new IdentityNotVerifiedException(distributor);
            }
            List<Reservation> reserved = new ArrayList<>();
            try {
                if (!verified) {
                    reserve(
                            reserved,
                            distributor,
                            Limit.UNVERIFIED_DAILY_WITHDRAWALS,
                            limits.unverifiedDailyWithdrawals(),
                            amount.minorUnits());
                }
                reserve(
                        reserved,
                        distributor,
                        Limit.DAILY_TRANSACTIONS,
                        limits.dailyTransactions(),
                        amount.minorUnits());
                AppendResult result;
                try {
                    result = ledger.append(tx);
                } catch (ConstraintViolationException e) {
                    throw new InsufficientBalanceException(
                            distributor, BalanceKind.AVAILABLE, amount, available(distributor));
                }
                reserved.clear();
                record(new Entry(Kind.WITHDRAWAL, result, tx.postings(), null, 0, Map.of()));
                return result;
            } finally {
                release(reserved);
            }
        } finally {
            gate.readLock().unlock();
        }
    }

    /**
     * Pays money received from a distributor into its prepaid balance (预存款), from the buyer clearing account.
     *
     * @param requestId the host's request id (e.g. the payment reference), the idempotency key
     * @param distributor the distributor
     * @param amount the amount, positive
     * @return where the top-up was recorded
     * @throws IllegalArgumentException if {@code amount} is not positive
     * @throws CurrencyMismatchException if {@code amount} is in another currency
     */
    public AppendResult topUp(String requestId, DistributorId distributor, Money amount) {
        Transaction tx = movement(
                "earn:topup:",
                TOP_UP_TYPE,
                requestId,
                distributor,
                amount,
                d -> EarningsAccounts.payments(currency),
                d -> EarningsAccounts.prepaid(d, currency));
        String txId = tx.id();
        gate.writeLock().lock();
        try {
            ensureAccounts(distributor);
            AppendResult result = ledger.append(tx);
            if (!entries.containsKey(txId)) {
                record(new Entry(Kind.TOP_UP, result, tx.postings(), null, 0, Map.of()));
            }
            return result;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /**
     * Returns a distributor's commissions still inside the hold period.
     *
     * @param distributor the distributor
     * @return the pending balance, zero if it never earned
     */
    public Money pending(DistributorId distributor) {
        return Money.ofMinor(current(EarningsAccounts.pending(distributor, currency)), currency);
    }

    /**
     * Returns what a distributor may withdraw now.
     *
     * @param distributor the distributor
     * @return the available balance, zero if it never earned
     */
    public Money available(DistributorId distributor) {
        AccountId id = EarningsAccounts.available(distributor, currency);
        return ledger.account(id).isEmpty()
                ? Money.zero(currency)
                : Money.ofMinor(ledger.balance(id).availableCredit(), currency);
    }

    /**
     * Returns a distributor's prepaid balance (预存款).
     *
     * @param distributor the distributor
     * @return the prepaid balance, zero if it never topped up
     */
    public Money prepaid(DistributorId distributor) {
        AccountId id = EarningsAccounts.prepaid(distributor, currency);
        return ledger.account(id).isEmpty()
                ? Money.zero(currency)
                : Money.ofMinor(ledger.balance(id).availableCredit(), currency);
    }

    /**
     * Returns what a distributor owes from claw-backs, not yet netted from its earnings.
     *
     * @param distributor the distributor
     * @return the debt, zero or positive
     */
    public Money debt(DistributorId distributor) {
        return Money.ofMinor(-current(EarningsAccounts.debt(distributor, currency)), currency);
    }

    /**
     * Returns the currency of every amount.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    /**
     * Returns the hold period.
     *
     * @return the hold period
     */
    public Duration holdPeriod() {
        return holdPeriod;
    }

    /**
     * Returns a distributor's statement for {@code [from, to)}, by the ledger timestamps of the records, after
     * checking that its opening and closing balances equal what the ledger holds for its accounts.
     *
     * @param distributor the distributor
     * @param from the start, inclusive
     * @param to the end, exclusive; not before {@code from}
     * @return the statement
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     * @throws StatementMismatchException if a balance does not reconcile with the ledger
     */
    public EarningsStatement statement(DistributorId distributor, Instant from, Instant to) {
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to was " + to + "; must not be before from " + from);
        }
        gate.writeLock().lock();
        try {
            return new StatementBuilder(distributor, from, to).build();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Adds up one distributor's entries; runs under the exclusive lock, so no entry is in flight. */
    private final class StatementBuilder {
        private final DistributorId d;
        private final Instant from;
        private final Instant to;
        private final AccountId pending;
        private final AccountId available;
        private final AccountId prepaid;
        private final AccountId debt;
        private final long[] opening = new long[4];
        private final long[] closing = new long[4];
        private final TreeMap<Integer, Long> levels = new TreeMap<>();
        private long openingSeq;
        private long closingSeq;
        private long salesCount;
        private long salesAmount;
        private long salesRefunded;
        private long reversedInHold;
        private long clawedBack;
        private long released;
        private long debtNetted;
        private long withdrawals;
        private long topUps;
        private long prepaidPurchases;
        private long prepaidRefunds;

        StatementBuilder(DistributorId d, Instant from, Instant to) {
            this.d = d;
            this.from = from;
            this.to = to;
            this.pending = EarningsAccounts.pending(d, currency);
            this.available = EarningsAccounts.available(d, currency);
            this.prepaid = EarningsAccounts.prepaid(d, currency);
            this.debt = EarningsAccounts.debt(d, currency);
        }

        EarningsStatement build() {
            List<Entry> sorted = new ArrayList<>(entries.values());
            sorted.sort((a, b) -> Long.compare(a.sequence, b.sequence));
            for (Entry e : sorted) {
                if (!e.at.isBefore(to)) {
                    break;
                }
                boolean inPeriod = !e.at.isBefore(from);
                closingSeq = e.sequence;
                if (!inPeriod) {
                    openingSeq = e.sequence;
                }
                for (Posting p : e.postings) {
                    move(inPeriod, p.credit(), p.amount());
                    move(inPeriod, p.debit(), -p.amount());
                    if (inPeriod) {
                        count(e, p);
                    }
                }
                if (inPeriod && d.equals(e.seller)) {
                    if (e.kind == Kind.SALE) {
                        salesCount++;
                        salesAmount += e.sellerAmount;
                    } else if (e.kind == Kind.REFUND) {
                        salesRefunded += e.sellerAmount;
                    }
                }
            }
            EarningsStatement.Balances open = reconcile(opening, openingSeq);
            EarningsStatement.Balances close = reconcile(closing, closingSeq);
            List<EarningsStatement.LevelEarnings> byLevel = new ArrayList<>();
            levels.forEach((level, amount) -> byLevel.add(new EarningsStatement.LevelEarnings(level, m(amount))));
            return new EarningsStatement(
                    d,
                    from,
                    to,
                    closingSeq,
                    salesCount,
                    m(salesAmount),
                    m(salesRefunded),
                    byLevel,
                    m(reversedInHold),
                    m(clawedBack),
                    m(released),
                    m(debtNetted),
                    m(withdrawals),
                    m(topUps),
                    m(prepaidPurchases),
                    m(prepaidRefunds),
                    open,
                    close);
        }

        private void move(boolean inPeriod, AccountId account, long delta) {
            int index = index(account);
            if (index < 0) {
                return;
            }
            closing[index] += delta;
            if (!inPeriod) {
                opening[index] += delta;
            }
        }

        private int index(AccountId account) {
            if (account.equals(pending)) {
                return 0;
            } else if (account.equals(available)) {
                return 1;
            } else if (account.equals(prepaid)) {
                return 2;
            } else if (account.equals(debt)) {
                return 3;
            }
            return -1;
        }

        private void count(Entry e, Posting p) {
            switch (e.kind) {
                case SALE:
                    if (p.credit().equals(pending)) {
                        levels.merge(e.levels.get(d), p.amount(), Long::sum);
                    } else if (p.debit().equals(prepaid)) {
                        prepaidPurchases += p.amount();
                    }
                    break;
                case RELEASE:
                    if (p.debit().equals(pending) && p.credit().equals(available)) {
                        released += p.amount();
                    } else if (p.debit().equals(pending) && p.credit().equals(debt)) {
                        released += p.amount();
                        debtNetted += p.amount();
                    }
                    break;
                case REFUND:
                    if (p.debit().equals(pending)) {
                        reversedInHold += p.amount();
                    } else if (p.debit().equals(debt)) {
                        clawedBack += p.amount();
                    }
                    if (p.credit().equals(prepaid)) {
                        prepaidRefunds += p.amount();
                    }
                    break;
                case WITHDRAWAL:
                    if (p.debit().equals(available)) {
                        withdrawals += p.amount();
                    }
                    break;
                case TOP_UP:
                    if (p.credit().equals(prepaid)) {
                        topUps += p.amount();
                    }
                    break;
            }
        }

        private EarningsStatement.Balances reconcile(long[] expected, long sequence) {
            AccountId[] accounts = {pending, available, prepaid, debt};
            for (int i = 0; i < accounts.length; i++) {
                long actual = net(accounts[i], sequence);
                if (actual != expected[i]) {
                    throw new StatementMismatchException(accounts[i], sequence, m(expected[i]), m(actual));
                }
            }
            return new EarningsStatement.Balances(m(expected[0]), m(expected[1]), m(expected[2]), m(-expected[3]));
        }
    }

    private long net(AccountId account, long sequence) {
        if (ledger.account(account).isEmpty()) {
            return 0;
        }
        Balance balance = ledger.balanceAsOf(account, sequence);
        return balance.netCredit();
    }

    private long current(AccountId account) {
        return ledger.account(account).isEmpty() ? 0 : ledger.balance(account).netCredit();
    }

    private Money m(long minor) {
        return Money.ofMinor(minor, currency);
    }

    private void record(Entry entry) {
        entries.putIfAbsent(entry.txId, entry);
    }

    /** Opens a distributor's accounts once; a concurrent caller waits until they are open. */
    private void ensureAccounts(DistributorId distributor) {
        if (opened.contains(distributor)) {
            return;
        }
        synchronized (opened) {
            if (!opened.contains(distributor)) {
                for (Account account : EarningsAccounts.distributorAccounts(distributor, currency)) {
                    ledger.openAccount(account);
                }
                opened.add(distributor);
            }
        }
    }

    /** Adds {@code amount} to a daily total atomically, or throws if that would pass the limit. */
    private void reserve(List<Reservation> reserved, DistributorId d, Limit limit, Optional<Money> max, long amount) {
        if (max.isEmpty()) {
            return;
        }
        checkCurrency(max.get());
        String day = days.keyOf(clock.instant());
        String key = d.code() + "|" + limit + "|" + day;
        long cap = max.get().minorUnits();
        dailyTotals.compute(key, (k, old) -> {
            long before = old == null ? 0 : old;
            if (before + amount > cap) {
                throw new ComplianceLimitExceededException(d, limit, day, max.get(), m(before), m(amount));
            }
            return before + amount;
        });
        reserved.add(new Reservation(key, amount));
    }

    private void release(List<Reservation> reserved) {
        for (Reservation r : reserved) {
            dailyTotals.compute(r.key, (k, old) -> old - r.amount);
        }
    }

    private void checkCurrency(Money amount) {
        if (!amount.currency().equals(currency)) {
            throw new CurrencyMismatchException(currency, amount.currency());
        }
    }

    private static void post(Transaction.Builder b, AccountId debit, AccountId credit, long amount) {
        if (amount > 0) {
            b.posting(debit, credit, amount);
        }
    }

    static void checkId(String name, String id) {
        Objects.requireNonNull(id, name);
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    name + " length was " + id.length() + "; must be between 1 and " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException(
                        name + " has a character at index " + i + " outside printable ASCII '!'..'~'");
            }
        }
    }

    @Override
    public String toString() {
        return "Earnings[" + currency + ", hold " + holdPeriod + ", " + period + ", " + limits + "]";
    }

    private enum Kind {
        SALE,
        RELEASE,
        REFUND,
        WITHDRAWAL,
        TOP_UP
    }

    private record Reservation(String key, long amount) {}

    private record Refund(String orderId, long amount, AppendResult result) {}

    /** One transaction this object appended, as the statements need it. */
    private static final class Entry {
        final Kind kind;
        final String txId;
        final long sequence;
        final Instant at;
        final List<Posting> postings;
        final DistributorId seller;
        final long sellerAmount;
        final Map<DistributorId, Integer> levels;

        Entry(
                Kind kind,
                AppendResult result,
                List<Posting> postings,
                DistributorId seller,
                long sellerAmount,
                Map<DistributorId, Integer> levels) {
            this.kind = kind;
            this.txId = result.id();
            this.sequence = result.sequence();
            this.at = result.timestamp();
            this.postings = postings;
            this.seller = seller;
            this.sellerAmount = sellerAmount;
            this.levels = levels;
        }
    }

    /** One part of a sale's price: the cost, the margin or a level's commission, and how much was refunded. */
    private static final class Part {
        final AccountId account;
        final DistributorId distributor;
        final int level;
        final long original;
        long refunded;

        Part(AccountId account, DistributorId distributor, int level, long original) {
            this.account = account;
            this.distributor = distributor;
            this.level = level;
            this.original = original;
        }
    }

    /**
     * A recorded sale and what has happened to it since; guarded by the write lock. Built from the sale's own
     * transaction, live and when replaying the ledger, so both paths give the same state.
     */
    private static final class Sale {
        final String orderId;
        final Sku sku;
        final Instant at;
        final Instant releaseAt;
        final String periodKey;
        final AccountId payer;
        final DistributorId seller;
        final long price;
        final Currency currency;
        final List<Part> parts = new ArrayList<>();
        final List<DistributorId> chain = new ArrayList<>();
        long refunded;
        boolean released;

        private Sale(Earnings owner, Transaction tx, Instant at) {
            Map<String, String> meta = tx.metadata();
            this.orderId = meta.get(ORDER_ID);
            this.sku = Sku.of(meta.get("sku"));
            this.at = at;
            this.releaseAt = at.plus(owner.holdPeriod);
            this.periodKey = owner.period.keyOf(at);
            this.payer = AccountId.of(meta.get("payer"));
            this.seller = meta.containsKey("seller") ? DistributorId.of(meta.get("seller")) : null;
            this.price = Money.parse(meta.get("price")).minorUnits();
            Currency c = owner.currency;
            this.currency = c;
            Map<AccountId, Long> credited = new HashMap<>();
            for (Posting p : tx.postings()) {
                credited.merge(p.credit(), p.amount(), Long::sum);
            }
            AccountId cost = EarningsAccounts.supplierPayable(c);
            AccountId margin = EarningsAccounts.revenue(c);
            parts.add(new Part(cost, null, 0, credited.getOrDefault(cost, 0L)));
            parts.add(new Part(margin, null, 0, credited.getOrDefault(margin, 0L)));
            for (int level = 1; meta.containsKey("level." + level); level++) {
                DistributorId d = DistributorId.of(meta.get("level." + level));
                AccountId pending = EarningsAccounts.pending(d, c);
                parts.add(new Part(pending, d, level, credited.getOrDefault(pending, 0L)));
            }
            String codes = new String(tx.payload().orElse(new byte[0]), StandardCharsets.US_ASCII);
            if (!codes.isEmpty()) {
                for (String code : codes.split("\n", -1)) {
                    chain.add(DistributorId.of(code));
                }
            }
        }

        static Sale replayed(Earnings owner, Transaction tx, Instant at) {
            return new Sale(owner, tx, at);
        }

        Map<DistributorId, Integer> levels() {
            Map<DistributorId, Integer> levels = new HashMap<>();
            for (Part part : parts) {
                if (part.distributor != null) {
                    levels.put(part.distributor, part.level);
                }
            }
            return levels;
        }

        /** The part a refund posting debited: the cost, the margin, or a level's pending or debt account. */
        Part partOf(AccountId debited) {
            for (Part part : parts) {
                if (part.account.equals(debited)
                        || (part.distributor != null
                                && debited.equals(EarningsAccounts.debt(part.distributor, currency)))) {
                    return part;
                }
            }
            throw new IllegalStateException(
                    "refund of order " + orderId + " debits " + debited + ", which is no part of the sale");
        }

        Instant releaseAt() {
            return releaseAt;
        }
    }

    /**
     * Configures {@link Earnings}. Each setter checks its argument at once. Not thread-safe.
     */
    public static final class Builder {
        private final Ledger ledger;
        private final Currency currency;
        private Duration holdPeriod = DEFAULT_HOLD_PERIOD;
        private InstantSource clock = InstantSource.system();
        private SalesPeriod period = SalesPeriod.monthly(ZoneOffset.UTC);
        private SalesVolumeTracker volumes;
        private ComplianceLimits limits = ComplianceLimits.none();

        private Builder(Ledger ledger, Currency currency) {
            this.ledger = ledger;
            this.currency = currency;
        }

        /**
         * Sets the hold period (refund window) after which commissions become available.
         *
         * @param hold zero or positive; zero releases at the next {@link Earnings#settle()}
         * @return this builder
         * @throws IllegalArgumentException if {@code hold} is negative
         */
        public Builder holdPeriod(Duration hold) {
            Objects.requireNonNull(hold, "hold");
            if (hold.isNegative()) {
                throw new IllegalArgumentException("hold was " + hold + "; must not be negative");
            }
            this.holdPeriod = hold;
            return this;
        }

        /**
         * Sets the clock that decides when hold periods end and which day a limit counts in; give it the clock the
         * ledger was opened with.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the period that sales volumes are kept in; its zone is also the zone of daily limits. Use the
         * policy's {@link CommissionPolicy#salesPeriod()}.
         *
         * @param period the period
         * @return this builder
         */
        public Builder salesPeriod(SalesPeriod period) {
            this.period = Objects.requireNonNull(period, "period");
            return this;
        }

        /**
         * Sets the tracker that sales add to and refunds take from, the one the policy reads brackets from.
         *
         * @param volumes the tracker, in the same currency
         * @return this builder
         * @throws CurrencyMismatchException if the tracker keeps another currency
         */
        public Builder volumes(SalesVolumeTracker volumes) {
            Objects.requireNonNull(volumes, "volumes");
            if (!volumes.currency().equals(currency)) {
                throw new CurrencyMismatchException(currency, volumes.currency());
            }
            this.volumes = volumes;
            return this;
        }

        /**
         * Sets the compliance guardrails.
         *
         * @param limits the limits, in the same currency
         * @return this builder
         */
        public Builder limits(ComplianceLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Builds the earnings and opens the platform accounts on the ledger.
         *
         * @return the earnings
         * @throws CurrencyMismatchException if a limit is in another currency
         */
        public Earnings build() {
            for (Optional<Money> limit : List.of(
                    limits.unverifiedDailySales(), limits.unverifiedDailyWithdrawals(), limits.dailyTransactions())) {
                if (limit.isPresent() && !limit.get().currency().equals(currency)) {
                    throw new CurrencyMismatchException(currency, limit.get().currency());
                }
            }
            return new Earnings(this);
        }
    }
}
