package io.cardkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyException;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Confirmation;
import io.cardkey.core.DeliveryDeniedException;
import io.cardkey.core.IllegalTransitionException;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.Money;
import io.cardkey.core.MutableClock;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.OrderStateException;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.RevealedCode;
import io.cardkey.core.Sku;
import io.cardkey.core.UnknownOrderException;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The whole facade as a state machine: random sequences of stock, reserve, confirm, release, reveal, redeem, refund,
 * dispute, freeze, unfreeze, time passing, reservation and code expiry, and crash-and-reopen (a new ledger and
 * {@link CardKeys} over the same journal, the old ones dropped without closing). After every step:
 *
 * <p>A store's test extends this class, supplies {@link #newStorage} and declares the property, e.g. {@code
 * @Property(tries = 100) void anySequence(@ForAll("ops") List<Op> ops) { run(ops); }}; shipped in the {@code
 * test-jar} of {@code cardkey-core} so that other modules (PostgreSQL) run it against their stores.
 *
 * <ul>
 *   <li>no code is lost: the stock counts add up to every code ever stocked;
 *   <li>no code is in two orders, and each order's codes are in the state its order says;
 *   <li>the counts of reserved and sold codes are exactly the codes live orders hold;
 *   <li>the money adds up: the buyers' payments account is minus the price of every paid, unrefunded order;
 *   <li>a refused operation changed nothing, and the expected ones were refused;
 *   <li>after a crash the reopened instance holds exactly the same orders and codes, and the ledger verifies.
 * </ul>
 */
public abstract class CardKeysStateMachineContract {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("SM");
    private static final long PRICE = 100;
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final AccountId PAYMENTS = AccountId.of("cardkey:payments:CNY");

    /** For subclasses. */
    protected CardKeysStateMachineContract() {}

    /** Where the facade of one run keeps its data, opened again after every crash. */
    protected interface Storage extends AutoCloseable {
        /**
         * Opens the facade over this storage, dropping the one opened before (as a killed process drops it).
         *
         * @param configured the facade's configuration (keyset, clock, limits) without storage
         * @return the facade
         */
        CardKeys open(CardKeys.Builder configured);

        /** Releases the storage after the run. */
        @Override
        void close();
    }

    /**
     * Returns new, empty storage for one run.
     *
     * @param clock the run's clock
     * @return the storage
     */
    protected abstract Storage newStorage(Clock clock);

    /** An operation of the state machine. */
    public enum Kind {
        STOCK,
        RESERVE,
        CONFIRM,
        RELEASE,
        REVEAL,
        REDEEM,
        REFUND,
        DISPUTE,
        FREEZE,
        UNFREEZE,
        WAIT,
        SWEEP,
        EXPIRE_CODES,
        CRASH
    }

    /**
     * One step: an operation, which order or code it targets, and a count.
     *
     * @param kind the operation
     * @param target which order or code, 0 to 9
     * @param n a count, 1 to 3
     */
    public record Op(Kind kind, int target, int n) {}

    /**
     * Returns sequences of 20 to 60 steps.
     *
     * @return the arbitrary
     */
    @Provide
    protected Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(3, Kind.STOCK),
                Tuple.of(6, Kind.RESERVE),
                Tuple.of(6, Kind.CONFIRM),
                Tuple.of(2, Kind.RELEASE),
                Tuple.of(4, Kind.REVEAL),
                Tuple.of(4, Kind.REDEEM),
                Tuple.of(2, Kind.REFUND),
                Tuple.of(2, Kind.DISPUTE),
                Tuple.of(2, Kind.FREEZE),
                Tuple.of(2, Kind.UNFREEZE),
                Tuple.of(2, Kind.WAIT),
                Tuple.of(1, Kind.SWEEP),
                Tuple.of(1, Kind.EXPIRE_CODES),
                Tuple.of(2, Kind.CRASH));
        Arbitrary<Op> op = Combinators.combine(
                        kind,
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(1, 3))
                .as(Op::new);
        return op.list().ofMinSize(20).ofMaxSize(60);
    }

    /** What the test remembers across a crash; the host would keep the same. */
    static final class World {
        final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        Storage storage;
        final List<Long> codes = new ArrayList<>();
        final List<String> orders = new ArrayList<>();
        final Map<String, String> tokens = new HashMap<>();
        final List<Shown> revealed = new ArrayList<>();
        int batches;
        String outcome;
        int requests;
        CardKeys cardKeys;

        void open() {
            cardKeys = storage.open(CardKeys.builder()
                    .keyset(KEYSET)
                    .clock(clock)
                    .redemptionLimit(1_000, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        }

        /** A new order id for a reservation; otherwise mostly an existing order, sometimes an unknown one. */
        String order(Kind kind, int target) {
            if (kind == Kind.RESERVE || target == 9 || orders.isEmpty()) {
                return "o" + target;
            }
            if (kind == Kind.REVEAL && !tokens.isEmpty()) {
                List<String> paid = new ArrayList<>(tokens.keySet());
                paid.sort(null);
                return paid.get(target % paid.size());
            }
            return orders.get(target % orders.size());
        }

        Optional<Long> code(int target) {
            return codes.isEmpty() ? Optional.empty() : Optional.of(codes.get(target % codes.size()));
        }
    }

    /** A code revealed to its buyer: what the buyer may type to redeem it. */
    record Shown(String code, long cardKeyId) {}

    /** Orders and codes as the facade reports them. */
    record Snapshot(Map<String, Order> orders, Map<Long, CardKey> codes, long payments) {}

    static Snapshot snapshot(World w) {
        Map<String, Order> orders = new LinkedHashMap<>();
        for (String id : w.orders) {
            orders.put(id, w.cardKeys.order(id));
        }
        Map<Long, CardKey> codes = new LinkedHashMap<>();
        for (long id : w.codes) {
            codes.put(id, w.cardKeys.cardKey(id).orElseThrow());
        }
        long payments = w.cardKeys.ledger().account(PAYMENTS).isPresent()
                ? w.cardKeys.ledger().balance(PAYMENTS).netCredit()
                : 0;
        return new Snapshot(orders, codes, payments);
    }

    /**
     * Runs one sequence on new storage, checking the invariants after every step.
     *
     * @param ops the steps
     */
    protected void run(List<Op> ops) {
        World w = new World();
        try (Storage storage = newStorage(w.clock)) {
            w.storage = storage;
            w.open();
            w.cardKeys.putProduct(new Product(SKU, "state machine", Money.ofMinor(PRICE, CNY), false));
            step(w, new Op(Kind.STOCK, 1, 3));
            for (Op op : ops) {
                w.outcome = "done";
                step(w, op);
                Statistics.label("operation").collect(op.kind() + " " + w.outcome);
                check(w, op);
            }
        }
    }

    private static void step(World w, Op op) {
        CardKeys ck = w.cardKeys;
        String orderId = w.order(op.kind(), op.target());
        Instant now = w.clock.instant();
        switch (op.kind()) {
            case STOCK -> {
                Optional<Instant> expiry = op.target() % 3 == 0
                        ? Optional.of(now.plus(Duration.ofMinutes(5L * op.n())))
                        : Optional.empty();
                Batch batch = new Batch(
                        "b" + w.batches++, SKU, "self", Money.ofMinor(40, CNY), Batch.Source.GENERATED, expiry);
                ck.generate(batch, op.n()).forEach(k -> w.codes.add(k.id()));
            }
            case RESERVE -> {
                if (w.orders.contains(orderId)) {
                    Order existing = ck.order(orderId);
                    assertThat(ck.reserve(orderId, "buyer", SKU, existing.quantity(), TTL))
                            .isEqualTo(existing);
                    w.outcome = "retried";
                    return;
                }
                ck.expireReservations(); // what reserve does first; a refused reserve keeps this
                Snapshot before = snapshot(w);
                long usable = before.codes().values().stream()
                        .filter(k -> k.state() == CardKeyState.AVAILABLE
                                && k.expiresAt().map(now::isBefore).orElse(true))
                        .count();
                if (usable >= op.n()) {
                    Order order = ck.reserve(orderId, "buyer", SKU, op.n(), TTL);
                    assertThat(order.state()).isEqualTo(OrderState.RESERVED);
                    w.orders.add(orderId);
                } else {
                    refused(
                            w,
                            before,
                            () -> ck.reserve(orderId, "buyer", SKU, op.n(), TTL),
                            InsufficientStockException.class);
                }
            }
            case CONFIRM -> {
                if (!w.orders.contains(orderId)) {
                    refused(
                            w,
                            snapshot(w),
                            () -> ck.confirm(orderId, new Payment("pay-" + orderId, Money.ofMinor(PRICE, CNY))),
                            UnknownOrderException.class);
                    return;
                }
                Order order = ck.order(orderId);
                Payment payment = new Payment("pay-" + orderId, order.price());
                if (order.state() == OrderState.RELEASED) {
                    refused(w, snapshot(w), () -> ck.confirm(orderId, payment), OrderStateException.class);
                } else {
                    Confirmation c = ck.confirm(orderId, payment);
                    assertThat(c.order().state()).isIn(OrderState.SOLD, OrderState.BACKORDERED, OrderState.REFUNDED);
                    w.tokens.put(orderId, c.deliveryToken());
                }
            }
            case RELEASE -> {
                if (!w.orders.contains(orderId)) {
                    refused(w, snapshot(w), () -> ck.release(orderId), UnknownOrderException.class);
                    return;
                }
                Order order = ck.order(orderId);
                if (order.state().isPaid()) {
                    refused(w, snapshot(w), () -> ck.release(orderId), OrderStateException.class);
                } else {
                    assertThat(ck.release(orderId).state()).isIn(OrderState.RELEASED, OrderState.EXPIRED);
                }
            }
            case REVEAL -> {
                String token = w.tokens.get(orderId);
                if (token == null) {
                    w.outcome = "skipped";
                    return;
                }
                Snapshot before = snapshot(w);
                Order order = before.orders().get(orderId);
                boolean frozen = order.cardKeyIds().stream()
                        .anyMatch(id -> before.codes().get(id).state() == CardKeyState.FROZEN);
                if (order.state() != OrderState.SOLD || frozen) {
                    refused(w, before, () -> ck.reveal(orderId, token), DeliveryDeniedException.class);
                } else {
                    for (RevealedCode code : ck.reveal(orderId, token)) {
                        w.revealed.add(new Shown(code.code().utf8(ACCESS), code.cardKeyId()));
                        code.destroy();
                        assertThat(ck.cardKey(code.cardKeyId()).orElseThrow().revealed())
                                .isTrue();
                    }
                }
            }
            case REDEEM -> {
                if (w.revealed.isEmpty()) {
                    w.outcome = "skipped";
                    return;
                }
                Shown shown = w.revealed.get(op.target() % w.revealed.size());
                String code = shown.code();
                ck.expireCodes(SKU); // what redeem does for this code; a refused redeem keeps this
                Snapshot before = snapshot(w);
                String request = "r" + w.requests++;
                CardKey key = before.codes().get(shown.cardKeyId());
                if (key.state() == CardKeyState.SOLD) {
                    assertThat(ck.redeem(code, "wallet:w", request, "ip").state())
                            .isEqualTo(CardKeyState.REDEEMED);
                } else {
                    refused(
                            w,
                            before,
                            () -> ck.redeem(code, "wallet:w", request, "ip"),
                            IllegalTransitionException.class);
                }
            }
            case REFUND -> {
                if (!w.orders.contains(orderId)) {
                    refused(w, snapshot(w), () -> ck.refund(orderId), UnknownOrderException.class);
                    return;
                }
                Snapshot before = snapshot(w);
                Order order = before.orders().get(orderId);
                boolean redeemed = order.cardKeyIds().stream()
                        .anyMatch(id -> !before.codes().get(id).state().canBecome(CardKeyState.VOIDED)
                                && before.codes().get(id).state() != CardKeyState.VOIDED);
                if (!order.state().isPaid()) {
                    refused(w, before, () -> ck.refund(orderId), OrderStateException.class);
                } else if (order.state() == OrderState.SOLD && redeemed) {
                    refused(w, before, () -> ck.refund(orderId), IllegalTransitionException.class);
                } else {
                    assertThat(ck.refund(orderId).state()).isEqualTo(OrderState.REFUNDED);
                }
            }
            case DISPUTE -> {
                if (!w.orders.contains(orderId)) {
                    refused(w, snapshot(w), () -> ck.dispute(orderId, 1L), UnknownOrderException.class);
                    return;
                }
                Snapshot before = snapshot(w);
                Order order = before.orders().get(orderId);
                if (order.cardKeyIds().isEmpty()) {
                    w.outcome = "skipped";
                    return;
                }
                long bad = order.cardKeyIds().get(0);
                boolean replaceable = order.state() == OrderState.SOLD
                        && before.codes().get(bad).state() == CardKeyState.SOLD
                        && before.codes().values().stream()
                                .anyMatch(k -> k.state() == CardKeyState.AVAILABLE
                                        && k.expiresAt().map(now::isBefore).orElse(true));
                if (replaceable) {
                    Order replaced = ck.dispute(orderId, bad);
                    assertThat(replaced.cardKeyIds()).doesNotContain(bad).hasSize(order.quantity());
                    assertThat(ck.cardKey(bad).orElseThrow().state()).isEqualTo(CardKeyState.DISPUTED);
                } else {
                    refused(w, before, () -> ck.dispute(orderId, bad), CardKeyException.class);
                }
            }
            case FREEZE ->
                w.code(op.target()).ifPresent(id -> {
                    Snapshot before = snapshot(w);
                    CardKeyState state = before.codes().get(id).state();
                    if (state.isFinal()) {
                        refused(w, before, () -> ck.freeze(id), IllegalTransitionException.class);
                    } else {
                        assertThat(ck.freeze(id).state()).isEqualTo(CardKeyState.FROZEN);
                    }
                });
            case UNFREEZE ->
                w.code(op.target()).ifPresent(id -> {
                    CardKey key = ck.cardKey(id).orElseThrow();
                    CardKey back = ck.unfreeze(id);
                    if (key.state() == CardKeyState.FROZEN) {
                        assertThat(back.state()).isIn(key.frozenFrom().orElseThrow(), CardKeyState.AVAILABLE);
                    } else {
                        assertThat(back).isEqualTo(key);
                    }
                });
            case WAIT -> w.clock.advance(Duration.ofMinutes(4L * op.n()));
            case SWEEP -> ck.expireReservations();
            case EXPIRE_CODES -> ck.expireCodes(SKU);
            case CRASH -> {
                Snapshot before = snapshot(w);
                w.open(); // the old instance and its ledger are dropped, as a killed process drops them
                w.cardKeys.ledger().verify();
                assertThat(snapshot(w)).as("state after reopening").isEqualTo(before);
            }
        }
    }

    private static void refused(World w, Snapshot before, Runnable op, Class<? extends Exception> expected) {
        w.outcome = "refused";
        assertThatThrownBy(op::run).isInstanceOf(expected);
        assertThat(snapshot(w)).as("a refused operation changes nothing").isEqualTo(before);
    }

    private static void check(World w, Op op) {
        Snapshot s = snapshot(w);
        Map<CardKeyState, Long> counts = w.cardKeys.stock(SKU);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                .as("every code stocked is somewhere, after %s", op)
                .isEqualTo(w.codes.size());
        Map<Long, String> holder = new HashMap<>();
        long reserved = 0;
        long sold = 0;
        long paid = 0;
        for (Order order : s.orders().values()) {
            if (order.state() == OrderState.SOLD || order.state() == OrderState.BACKORDERED) {
                paid += order.price().minorUnits();
            }
            if (order.state() != OrderState.RESERVED && order.state() != OrderState.SOLD) {
                continue;
            }
            assertThat(order.cardKeyIds())
                    .as("%s holds its quantity", order.orderId())
                    .hasSize(order.quantity());
            for (long id : order.cardKeyIds()) {
                assertThat(holder.put(id, order.orderId()))
                        .as("code %d in two orders after %s", id, op)
                        .isNull();
                CardKey key = s.codes().get(id);
                assertThat(key.orderId()).as("code %d's order", id).contains(order.orderId());
                CardKeyState effective =
                        key.state() == CardKeyState.FROZEN ? key.frozenFrom().orElseThrow() : key.state();
                if (order.state() == OrderState.RESERVED) {
                    assertThat(effective)
                            .as("code %d of reserved %s", id, order.orderId())
                            .isEqualTo(CardKeyState.RESERVED);
                    reserved += key.state() == CardKeyState.RESERVED ? 1 : 0;
                } else {
                    assertThat(effective)
                            .as("code %d of sold %s", id, order.orderId())
                            .isIn(CardKeyState.SOLD, CardKeyState.REDEEMED, CardKeyState.EXPIRED);
                    sold += key.state() == CardKeyState.SOLD ? 1 : 0;
                }
            }
        }
        assertThat(counts.getOrDefault(CardKeyState.RESERVED, 0L))
                .as("reserved after %s", op)
                .isEqualTo(reserved);
        assertThat(counts.getOrDefault(CardKeyState.SOLD, 0L))
                .as("sold after %s", op)
                .isEqualTo(sold);
        assertThat(s.payments()).as("payments after %s", op).isEqualTo(-paid);
        for (CardKey key : s.codes().values()) {
            if (key.revealed()) {
                assertThat(key.state()).as("revealed code %d", key.id()).isNotEqualTo(CardKeyState.AVAILABLE);
            }
        }
    }
}
