package io.cardkey.core.internal;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CurrencyMismatchException;
import io.cardkey.core.IllegalTransitionException;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.InventoryStore.Allocation;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderConflictException;
import io.cardkey.core.OrderState;
import io.cardkey.core.OrderStateException;
import io.cardkey.core.Payment;
import io.cardkey.core.PaymentMismatchException;
import io.cardkey.core.PaymentReferenceUsedException;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.UnknownOrderException;
import io.cardkey.core.UnknownProductException;
import io.cardkey.core.WriteConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The order rules on top of an {@link InventoryStore}: reservation, confirmation, release, reservation expiry,
 * back-orders, refunds, freezing and code expiry.
 *
 * <p>Design: every operation reads, decides with the lifecycle rules of {@link CardKey} and {@link Order}, and writes
 * one compare-and-set {@link Change}; when another thread got there first ({@link WriteConflictException}) it reads
 * again and decides again. Re-deciding is what makes every operation idempotent: a retried reserve, confirm or
 * release finds the order already where it wanted it. Each applied change is reported to the {@link Listener} (the
 * facade records it in the ledger).
 *
 * <p>Thread-safe.
 */
public final class Inventory {
    /** The most codes one order may ask for. */
    public static final int MAX_QUANTITY = 1_000_000;

    /** The longest reservation. */
    public static final Duration MAX_TTL = Duration.ofDays(7);

    private static final int MAX_ATTEMPTS = 1_000;
    private static final int PAGE = 256;

    private final InventoryStore store;
    private final Clock clock;
    private final long buyerCap;
    private final Listener listener;

    /** What the facade hears about every applied change. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after a change was applied.
         *
         * @param event what happened, e.g. {@code order.reserved}
         * @param before the order before the change, if there was one
         * @param applied what was written, with the order as stored
         * @param cardKeys every card key written (allocated ones included), as stored
         */
        void applied(String event, Optional<Order> before, Applied applied, List<CardKey> cardKeys);

        /**
         * Called after a code was moved to {@link CardKeyState#REDEEMED} for a credit; a listener that records both
         * must record them together (all or none), so that a code is never redeemed without its credit. By default
         * the move is reported to {@link #applied} as {@code cardkey.redeemed} and the credit is ignored.
         *
         * @param redeemed the code as stored
         * @param credit what the redemption credits
         */
        default void redeemed(CardKey redeemed, Credit credit) {
            applied("cardkey.redeemed", Optional.empty(), new Applied(Optional.empty(), List.of()), List.of(redeemed));
        }

        /**
         * Applies a change to the store and records it. By default the change is applied, then reported to {@link
         * #applied}; a listener that can record it in the store's own transaction overrides this.
         *
         * @param store the store
         * @param event what happens, e.g. {@code order.reserved}
         * @param before the order before the change, if there was one
         * @param change the change
         * @return what was written
         */
        default Applied apply(InventoryStore store, String event, Optional<Order> before, Change change) {
            Applied applied = store.apply(change);
            applied(event, before, applied, written(change, applied));
            return applied;
        }

        /**
         * Moves a code to {@link CardKeyState#REDEEMED} in the store and records it with its credit. By default the
         * move is applied, then reported to {@link #redeemed}.
         *
         * @param store the store
         * @param redeemed the code as it is to be stored
         * @param credit what the redemption credits
         */
        default void redeem(InventoryStore store, CardKey redeemed, Credit credit) {
            store.apply(Change.of(List.of(redeemed)));
            redeemed(redeemed, credit);
        }
    }

    /**
     * Returns every card key a change wrote: those it names, then those it allocated.
     *
     * @param change the change
     * @param applied what the store wrote for it
     * @return the card keys as stored
     */
    public static List<CardKey> written(Change change, Applied applied) {
        if (applied.allocated().isEmpty()) {
            return change.cardKeys();
        }
        List<CardKey> written = new ArrayList<>(change.cardKeys());
        written.addAll(applied.allocated());
        return written;
    }

    /**
     * What a redemption credits: the code's value to the redeeming account, under the host's request id.
     *
     * @param requestId the host's request id (the idempotency key)
     * @param account the account credited
     * @param value the code's value
     */
    public record Credit(String requestId, String account, Money value) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Credit {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Creates the rules over a store.
     *
     * @param store the store
     * @param clock the clock for reservation expiry and code expiry
     * @param buyerCap the most reserved codes one buyer may hold at once, at least 1
     * @param listener hears every applied change
     */
    public Inventory(InventoryStore store, Clock clock, long buyerCap, Listener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (buyerCap < 1) {
            throw new IllegalArgumentException("buyerCap was " + buyerCap + "; must be at least 1");
        }
        this.buyerCap = buyerCap;
    }

    /**
     * Returns the store.
     *
     * @return the store
     */
    public InventoryStore store() {
        return store;
    }

    /**
     * Reserves {@code quantity} codes of {@code sku} for an order, first-expiring-first, all or none.
     *
     * @return the order as stored; the existing one if {@code orderId} was reserved before with the same request
     */
    public Order reserve(String orderId, String buyerId, Sku sku, int quantity, Duration ttl) {
        return reserve(orderId, buyerId, sku, quantity, ttl, null);
    }

    /**
     * Reserves like {@link #reserve(String, String, Sku, int, Duration)}, at a price quoted elsewhere (a price list)
     * instead of the product's unit price times the quantity.
     *
     * @param price the whole order's price, in the product's currency; {@code null} for the product's price
     * @return the order as stored; the existing one (with its own price) if {@code orderId} was reserved before with
     *     the same request
     * @throws CurrencyMismatchException if {@code price} is in another currency than the product
     */
    public Order reserve(String orderId, String buyerId, Sku sku, int quantity, Duration ttl, Money price) {
        checkId(orderId, "orderId");
        checkId(buyerId, "buyerId");
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity was " + quantity + "; must be between 1 and " + MAX_QUANTITY);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl was " + ttl + "; must be positive and at most " + MAX_TTL);
        }
        return retry(() -> {
            Optional<Order> existing = store.order(orderId);
            if (existing.isPresent()) {
                return sameRequest(existing.get(), buyerId, sku, quantity);
            }
            Product product = product(sku);
            Instant now = clock.instant();
            expireReservations(now);
            Order order = new Order(
                    orderId,
                    buyerId,
                    sku,
                    quantity,
                    OrderState.RESERVED,
                    now,
                    now.plus(ttl),
                    price == null ? product.priceOf(quantity) : checkCurrency(product, price),
                    Optional.empty(),
                    List.of(),
                    1);
            if (product.reusable()) {
                CardKey code = reusableCode(sku, quantity, now);
                Order held = order.holding(List.of(code.id()));
                return apply(
                                "order.reserved",
                                null,
                                new Change(Optional.of(held), List.of(), Optional.empty(), Optional.empty()))
                        .order()
                        .orElseThrow();
            }
            Change change = new Change(
                    Optional.of(order),
                    List.of(),
                    Optional.of(new Allocation(sku, quantity, CardKeyState.RESERVED, now, buyerCap)),
                    Optional.empty());
            return apply("order.reserved", null, change).order().orElseThrow();
        });
    }

    /**
     * Confirms an order with a payment: sells its codes, or after its reservation ran out, sells fresh ones from stock
     * or back-orders it. Idempotent for the same payment; never overwrites a paid or released order.
     *
     * @return the order as stored: {@link OrderState#SOLD} or {@link OrderState#BACKORDERED}
     */
    public Order confirm(String orderId, Payment payment) {
        checkId(orderId, "orderId");
        Objects.requireNonNull(payment, "payment");
        return retry(() -> {
            Order order = order(orderId);
            if (order.state().isPaid()) {
                if (order.paymentReference().orElseThrow().equals(payment.reference())) {
                    return order;
                }
                throw new OrderStateException(
                        orderId, order.state(), "confirm", "it was already paid by another payment; refund this one");
            }
            if (order.state() == OrderState.RELEASED) {
                throw new OrderStateException(
                        orderId, order.state(), "confirm", "it was released before payment; refund the payment");
            }
            if (!payment.amount().equals(order.price())) {
                throw new PaymentMismatchException(orderId, order.price(), payment.amount());
            }
            Optional<String> paid = store.orderIdByPaymentReference(payment.reference());
            if (paid.isPresent() && !paid.get().equals(orderId)) {
                throw new PaymentReferenceUsedException(payment.reference(), orderId, paid.get());
            }
            Optional<String> ref = Optional.of(payment.reference());
            Instant now = clock.instant();
            Product product = product(order.sku());
            if (product.reusable()) {
                return sellReusable(order, ref, now);
            }
            List<CardKey> held = heldCodes(order);
            boolean intact = order.state() == OrderState.RESERVED
                    && order.reservedUntil().isAfter(now)
                    && held.size() == order.quantity();
            if (intact) {
                List<CardKey> sold = new ArrayList<>(held.size());
                for (CardKey key : held) {
                    sold.add(key.assignTo(CardKeyState.SOLD, orderId));
                }
                Change change = new Change(
                        Optional.of(order.with(OrderState.SOLD, ref, order.cardKeyIds())), sold, Optional.empty(), ref);
                return apply("order.sold", order, change).order().orElseThrow();
            }
            List<CardKey> released = new ArrayList<>(held.size());
            for (CardKey key : held) {
                released.add(key.transitionTo(CardKeyState.AVAILABLE));
            }
            try {
                Change sale = new Change(
                        Optional.of(order.with(OrderState.SOLD, ref, List.of())),
                        released,
                        Optional.of(
                                new Allocation(order.sku(), order.quantity(), CardKeyState.SOLD, now, Long.MAX_VALUE)),
                        ref);
                return apply("order.sold", order, sale).order().orElseThrow();
            } catch (InsufficientStockException short_) {
                Change backorder = new Change(
                        Optional.of(order.with(OrderState.BACKORDERED, ref, List.of())),
                        released,
                        Optional.empty(),
                        ref);
                return apply("order.backordered", order, backorder).order().orElseThrow();
            }
        });
    }

    /**
     * Releases an unpaid order's codes back to stock, then fills back-orders of the product from them. Idempotent: a
     * released or expired order is returned as it is.
     *
     * @return the order as stored
     */
    public Order release(String orderId) {
        checkId(orderId, "orderId");
        Order released = retry(() -> {
            Order order = order(orderId);
            if (order.state() == OrderState.RELEASED || order.state() == OrderState.EXPIRED) {
                return order;
            }
            if (order.state() != OrderState.RESERVED) {
                throw new OrderStateException(orderId, order.state(), "release", "it was paid; refund it instead");
            }
            return unreserve(order, OrderState.RELEASED, "order.released");
        });
        fillBackorders(released.sku());
        return released;
    }

    /**
     * Moves every reservation that ran out by now to {@link OrderState#EXPIRED}, its codes back to stock, then fills
     * back-orders of the products that got codes back.
     *
     * @return how many orders expired
     */
    public int expireReservations() {
        return expireReservations(clock.instant());
    }

    private int expireReservations(Instant now) {
        int expired = 0;
        Set<Sku> restocked = new LinkedHashSet<>();
        while (true) {
            List<Order> due = store.reservationsDue(now, PAGE);
            int before = expired;
            for (Order order : due) {
                try {
                    unreserve(order, OrderState.EXPIRED, "order.expired");
                    restocked.add(order.sku());
                    expired++;
                } catch (WriteConflictException raced) {
                    // Another thread confirmed, released or expired it meanwhile; nothing left to do here.
                }
            }
            if (due.size() < PAGE || expired == before) {
                restocked.forEach(this::fillBackorders);
                return expired;
            }
        }
    }

    /**
     * Refunds a back-ordered order that the host will not wait for.
     *
     * @return the order as stored, {@link OrderState#REFUNDED}
     */
    public Order refundBackorder(String orderId) {
        checkId(orderId, "orderId");
        return retry(() -> {
            Order order = order(orderId);
            if (order.state() == OrderState.REFUNDED) {
                return order;
            }
            if (order.state() != OrderState.BACKORDERED) {
                throw new OrderStateException(orderId, order.state(), "refundBackorder", "it is not back-ordered");
            }
            Change change = new Change(
                    Optional.of(order.with(OrderState.REFUNDED)), List.of(), Optional.empty(), Optional.empty());
            return apply("order.refunded", order, change).order().orElseThrow();
        });
    }

    /**
     * Refunds a sold order: its codes become {@link CardKeyState#VOIDED} (a reusable code stays on sale), all or none.
     *
     * @return the order as stored, {@link OrderState#REFUNDED}
     * @throws IllegalTransitionException if one of its codes can no longer be voided (e.g. it was redeemed)
     */
    public Order refund(String orderId) {
        checkId(orderId, "orderId");
        return retry(() -> {
            Order order = order(orderId);
            if (order.state() == OrderState.REFUNDED) {
                return order;
            }
            if (order.state() == OrderState.BACKORDERED) {
                return refundBackorder(orderId);
            }
            if (order.state() != OrderState.SOLD) {
                throw new OrderStateException(orderId, order.state(), "refund", "it was never paid; release it");
            }
            List<CardKey> voided = new ArrayList<>();
            if (!product(order.sku()).reusable()) {
                for (CardKey key : store.cardKeys(order.cardKeyIds())) {
                    voided.add(key.transitionTo(CardKeyState.VOIDED));
                }
            }
            Change change = new Change(
                    Optional.of(order.with(OrderState.REFUNDED)), voided, Optional.empty(), Optional.empty());
            return apply("order.refunded", order, change).order().orElseThrow();
        });
    }

    /**
     * Adds codes to stock, all or none, then fills back-orders of their products, oldest first.
     *
     * @param keys the new codes
     */
    public void stock(List<StockedCardKey> keys) {
        Objects.requireNonNull(keys, "keys");
        store.addCardKeys(keys);
        Set<Sku> skus = new LinkedHashSet<>();
        keys.forEach(k -> skus.add(k.cardKey().sku()));
        skus.forEach(this::fillBackorders);
    }

    /**
     * Sells stock to back-ordered orders of {@code sku}, oldest first, until stock or back-orders run out.
     *
     * @param sku the product
     * @return how many orders were filled
     */
    public int fillBackorders(Sku sku) {
        int filled = 0;
        while (true) {
            List<Order> waiting = store.orders(sku, OrderState.BACKORDERED, PAGE);
            for (Order order : waiting) {
                try {
                    Instant now = clock.instant();
                    if (product(sku).reusable()) {
                        Order sold = sellReusable(order, order.paymentReference(), now);
                        if (sold.state() != OrderState.SOLD) {
                            return filled;
                        }
                    } else {
                        Change change = new Change(
                                Optional.of(order.with(OrderState.SOLD, order.paymentReference(), List.of())),
                                List.of(),
                                Optional.of(
                                        new Allocation(sku, order.quantity(), CardKeyState.SOLD, now, Long.MAX_VALUE)),
                                Optional.empty());
                        apply("order.sold", order, change);
                    }
                    filled++;
                } catch (InsufficientStockException shortOfStock) {
                    return filled;
                } catch (WriteConflictException raced) {
                    // Refunded or filled by another thread meanwhile.
                }
            }
            if (waiting.size() < PAGE) {
                return filled;
            }
        }
    }

    /**
     * Freezes one code (risk control); it remembers its state.
     *
     * @return the code as stored
     */
    public CardKey freeze(long cardKeyId) {
        return retry(() -> {
            CardKey key = cardKey(cardKeyId);
            if (key.state() == CardKeyState.FROZEN) {
                return key;
            }
            CardKey frozen = key.transitionTo(CardKeyState.FROZEN);
            apply("cardkey.frozen", null, Change.of(List.of(frozen)));
            return frozen;
        });
    }

    /**
     * Unfreezes one code back to the state it was frozen in; a code that was held by a reservation that ended
     * meanwhile goes back to stock instead. A code back in stock fills back-orders of its product.
     *
     * @return the code as stored
     */
    public CardKey unfreeze(long cardKeyId) {
        CardKey unfrozen = unfreezeOnly(cardKeyId);
        if (unfrozen.state() == CardKeyState.AVAILABLE) {
            fillBackorders(unfrozen.sku());
        }
        return unfrozen;
    }

    private CardKey unfreezeOnly(long cardKeyId) {
        return retry(() -> {
            CardKey key = cardKey(cardKeyId);
            if (key.state() != CardKeyState.FROZEN) {
                return key;
            }
            CardKey back = key.transitionTo(key.frozenFrom().orElseThrow());
            if (back.state() == CardKeyState.RESERVED && !stillHeld(back)) {
                back = back.transitionTo(CardKeyState.AVAILABLE);
                back = new CardKey(
                        back.id(),
                        back.sku(),
                        back.batchId(),
                        back.state(),
                        back.frozenFrom(),
                        back.expiresAt(),
                        back.orderId(),
                        back.revealed(),
                        back.salesCount(),
                        back.maskedCode(),
                        key.version() + 1);
            }
            apply("cardkey.unfrozen", null, Change.of(List.of(back)));
            return back;
        });
    }

    /**
     * Freezes or unfreezes every code of a batch that can be; codes in final states are left as they are.
     *
     * @param batchId the batch
     * @param freeze whether to freeze (else unfreeze)
     * @return how many codes changed
     */
    public int freezeBatch(String batchId, boolean freeze) {
        checkId(batchId, "batchId");
        int changed = 0;
        long after = 0;
        while (true) {
            List<CardKey> page = store.cardKeysOfBatch(batchId, after, PAGE);
            for (CardKey key : page) {
                after = key.id();
                boolean applies = freeze
                        ? key.state() != CardKeyState.FROZEN && key.state().canBecome(CardKeyState.FROZEN)
                        : key.state() == CardKeyState.FROZEN;
                if (applies) {
                    if (freeze) {
                        freeze(key.id());
                    } else {
                        unfreeze(key.id());
                    }
                    changed++;
                }
            }
            if (page.size() < PAGE) {
                return changed;
            }
        }
    }

    /**
     * Moves the {@link CardKeyState#AVAILABLE} and {@link CardKeyState#SOLD} codes of {@code sku} that are past their
     * expiry to {@link CardKeyState#EXPIRED}.
     *
     * @param sku the product
     * @return how many codes expired
     */
    public int expireCodes(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        Instant now = clock.instant();
        int expired = 0;
        for (CardKeyState state : List.of(CardKeyState.AVAILABLE, CardKeyState.SOLD)) {
            while (true) {
                List<CardKey> due = new ArrayList<>();
                for (CardKey key : store.cardKeys(sku, state, PAGE)) {
                    if (!key.isPastExpiry(now)) {
                        break;
                    }
                    due.add(key.transitionTo(CardKeyState.EXPIRED));
                }
                if (due.isEmpty()) {
                    break;
                }
                try {
                    apply("cardkey.expired", null, Change.of(due));
                    expired += due.size();
                } catch (WriteConflictException raced) {
                    // A code in the page changed meanwhile; read the page again.
                }
            }
        }
        return expired;
    }

    /**
     * Records that a code was shown to somebody; from now on it never returns to stock.
     *
     * @return the code as stored
     */
    public CardKey markRevealed(long cardKeyId) {
        return retry(() -> {
            CardKey key = cardKey(cardKeyId);
            CardKey revealed = key.markRevealed();
            if (revealed != key) {
                apply("cardkey.revealed", null, Change.of(List.of(revealed)));
            }
            return revealed;
        });
    }

    /**
     * Moves a sold code to {@link CardKeyState#REDEEMED} for a credit, reported to the listener's {@link
     * Listener#redeemed} together; exactly one of several concurrent callers succeeds.
     *
     * @param expected the code as the caller read it
     * @param credit what the redemption credits
     * @return the code as stored
     * @throws IllegalTransitionException if the code is not {@link CardKeyState#SOLD}; a sold code past its expiry
     *     is moved to {@link CardKeyState#EXPIRED} first
     * @throws WriteConflictException if the code changed since {@code expected} was read
     */
    public CardKey redeem(CardKey expected, Credit credit) {
        Objects.requireNonNull(credit, "credit");
        if (expected.state() == CardKeyState.SOLD && expected.isPastExpiry(clock.instant())) {
            CardKey expired = expected.transitionTo(CardKeyState.EXPIRED);
            apply("cardkey.expired", null, Change.of(List.of(expired)));
            expired.transitionTo(CardKeyState.REDEEMED);
        }
        CardKey redeemed = expected.transitionTo(CardKeyState.REDEEMED);
        listener.redeem(store, redeemed, credit);
        return redeemed;
    }

    /**
     * Marks a sold code of an order bad ({@link CardKeyState#DISPUTED}) and sells the order a replacement from stock,
     * both or neither.
     *
     * @return the order as stored, holding the replacement instead of the disputed code
     * @throws InsufficientStockException if no replacement is available (nothing changed)
     */
    public Order dispute(String orderId, long cardKeyId) {
        checkId(orderId, "orderId");
        return retry(() -> {
            Order order = order(orderId);
            if (order.state() != OrderState.SOLD || !order.cardKeyIds().contains(cardKeyId)) {
                throw new OrderStateException(
                        orderId, order.state(), "dispute", "card key " + cardKeyId + " is not sold to it");
            }
            if (product(order.sku()).reusable()) {
                throw new OrderStateException(
                        orderId, order.state(), "dispute", "a reusable code has no replacement; refund instead");
            }
            CardKey disputed = cardKey(cardKeyId).transitionTo(CardKeyState.DISPUTED);
            List<Long> kept = new ArrayList<>(order.cardKeyIds());
            kept.remove(Long.valueOf(cardKeyId));
            Change change = new Change(
                    Optional.of(order.with(OrderState.SOLD, order.paymentReference(), kept)),
                    List.of(disputed),
                    Optional.of(new Allocation(order.sku(), 1, CardKeyState.SOLD, clock.instant(), Long.MAX_VALUE)),
                    Optional.empty());
            return apply("order.disputed", order, change).order().orElseThrow();
        });
    }

    /**
     * Returns an order.
     *
     * @throws UnknownOrderException if there is none
     */
    public Order order(String orderId) {
        return store.order(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
    }

    private CardKey cardKey(long id) {
        return store.cardKey(id)
                .orElseThrow(() -> new IllegalArgumentException("cardKeyId was " + id + "; no such card key"));
    }

    private static Money checkCurrency(Product product, Money price) {
        if (!price.currency().equals(product.unitPrice().currency())) {
            throw new CurrencyMismatchException(product.unitPrice().currency(), price.currency());
        }
        return price;
    }

    private Product product(Sku sku) {
        return store.product(sku).orElseThrow(() -> new UnknownProductException(sku));
    }

    private Order unreserve(Order order, OrderState to, String event) {
        List<CardKey> back = new ArrayList<>();
        for (CardKey key : heldCodes(order)) {
            back.add(key.transitionTo(CardKeyState.AVAILABLE));
        }
        Change change = new Change(Optional.of(order.with(to)), back, Optional.empty(), Optional.empty());
        return apply(event, order, change).order().orElseThrow();
    }

    /** Returns the codes this order still holds reserved (a reusable order holds none). */
    private List<CardKey> heldCodes(Order order) {
        if (order.state() != OrderState.RESERVED) {
            return List.of();
        }
        List<CardKey> held = new ArrayList<>();
        for (CardKey key : store.cardKeys(order.cardKeyIds())) {
            if (key.state() == CardKeyState.RESERVED && key.orderId().equals(Optional.of(order.orderId()))) {
                held.add(key);
            }
        }
        return held;
    }

    private boolean stillHeld(CardKey key) {
        Optional<Order> order = key.orderId().flatMap(store::order);
        return order.isPresent()
                && order.get().state() == OrderState.RESERVED
                && order.get().cardKeyIds().contains(key.id());
    }

    private CardKey reusableCode(Sku sku, int quantity, Instant now) {
        for (CardKeyState state : List.of(CardKeyState.SOLD, CardKeyState.AVAILABLE)) {
            for (CardKey key : store.cardKeys(sku, state, PAGE)) {
                if (!key.isPastExpiry(now)) {
                    return key;
                }
            }
        }
        throw new InsufficientStockException(sku, quantity, 0);
    }

    private Order sellReusable(Order order, Optional<String> ref, Instant now) {
        CardKey code;
        try {
            code = reusableCode(order.sku(), order.quantity(), now);
        } catch (InsufficientStockException none) {
            if (order.state() == OrderState.BACKORDERED) {
                return order;
            }
            Change backorder = new Change(
                    Optional.of(order.with(OrderState.BACKORDERED, ref, List.of())), List.of(), Optional.empty(), ref);
            return apply("order.backordered", order, backorder).order().orElseThrow();
        }
        CardKey sold = code.soldAgain(order.orderId());
        Change change = new Change(
                Optional.of(order.with(OrderState.SOLD, ref, List.of(code.id()))),
                List.of(sold),
                Optional.empty(),
                ref);
        return apply("order.sold", order, change).order().orElseThrow();
    }

    private static Order sameRequest(Order existing, String buyerId, Sku sku, int quantity) {
        if (!existing.buyerId().equals(buyerId)) {
            throw new OrderConflictException(existing.orderId(), "buyerId");
        }
        if (!existing.sku().equals(sku)) {
            throw new OrderConflictException(existing.orderId(), "sku");
        }
        if (existing.quantity() != quantity) {
            throw new OrderConflictException(existing.orderId(), "quantity");
        }
        return existing;
    }

    private Applied apply(String event, Order before, Change change) {
        return listener.apply(store, event, Optional.ofNullable(before), change);
    }

    private static <T> T retry(Supplier<T> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (WriteConflictException e) {
                if (i == MAX_ATTEMPTS) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    static void checkId(String id, String name) {
        Objects.requireNonNull(id, name);
        if (id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException(
                    name + " had length " + id.length() + " or was blank; must be 1 to 128 characters");
        }
    }
}
