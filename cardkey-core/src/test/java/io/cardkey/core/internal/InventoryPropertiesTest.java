package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyException;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.MutableClock;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.OrderStateException;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.UnknownOrderException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of stock / reserve / confirm / release / refund / time passing, each checked against a reference
 * model that only counts available codes, and against the invariants (no code in two orders, none lost).
 */
class InventoryPropertiesTest {
    static final Currency CNY = Currency.getInstance("CNY");

    private static final Sku SKU = Sku.of("P");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final long PRICE = 100;

    enum Kind {
        STOCK,
        RESERVE,
        CONFIRM,
        RELEASE,
        REFUND,
        WAIT,
        SWEEP
    }

    record Op(Kind kind, int order, int n) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(1, 4))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    /** The reference: order states and the number of available codes, nothing else. */
    static final class Model {
        record MOrder(OrderState state, int quantity, Instant createdAt, Instant until) {}

        final Map<String, MOrder> orders = new LinkedHashMap<>();
        long available;

        /** Expires what ran out; codes back in stock fill back-orders. */
        void sweep(Instant now) {
            long before = available;
            orders.replaceAll((id, o) -> {
                if (o.state() == OrderState.RESERVED && !o.until().isAfter(now)) {
                    available += o.quantity();
                    return new MOrder(OrderState.EXPIRED, o.quantity(), o.createdAt(), o.until());
                }
                return o;
            });
            if (available != before) {
                fill();
            }
        }

        void fill() {
            List<Map.Entry<String, MOrder>> waiting = orders.entrySet().stream()
                    .filter(e -> e.getValue().state() == OrderState.BACKORDERED)
                    .sorted(Comparator.comparing((Map.Entry<String, MOrder> e) ->
                                    e.getValue().createdAt())
                            .thenComparing(Map.Entry::getKey))
                    .toList();
            for (Map.Entry<String, MOrder> e : waiting) {
                MOrder o = e.getValue();
                if (o.quantity() > available) {
                    return;
                }
                available -= o.quantity();
                orders.put(e.getKey(), with(o, OrderState.SOLD));
            }
        }

        static MOrder with(MOrder o, OrderState state) {
            return new MOrder(state, o.quantity(), o.createdAt(), o.until());
        }
    }

    @Property(tries = 300)
    void anySequence_matchesTheModel_andNeverSharesOrLosesACode(@ForAll("ops") List<Op> ops) {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        store.putProduct(new Product(SKU, "p", Money.ofMinor(PRICE, CNY), false));
        Inventory inventory = new Inventory(store, clock, 1_000, (e, b, a, k) -> {});
        Model model = new Model();
        long stocked = 0;

        for (Op op : ops) {
            String id = "o" + op.order();
            Optional<Model.MOrder> m = Optional.ofNullable(model.orders.get(id));
            Instant now = clock.instant();
            switch (op.kind()) {
                case STOCK -> {
                    long first = store.reserveIds(op.n());
                    List<StockedCardKey> keys = new ArrayList<>();
                    for (long k = first; k < first + op.n(); k++) {
                        keys.add(new StockedCardKey(
                                CardKey.available(k, SKU, "B", Optional.empty(), "****"),
                                ByteBuffer.allocate(8).putLong(k).array(),
                                new byte[] {1}));
                    }
                    inventory.stock(keys);
                    stocked += op.n();
                    model.available += op.n();
                    model.fill();
                }
                case RESERVE -> {
                    if (m.isPresent()) {
                        int q = m.get().quantity();
                        assertThat(inventory.reserve(id, "buyer", SKU, q, TTL).state())
                                .isEqualTo(m.get().state());
                    } else {
                        model.sweep(now);
                        if (model.available >= op.n()) {
                            inventory.reserve(id, "buyer", SKU, op.n(), TTL);
                            model.available -= op.n();
                            model.orders.put(id, new Model.MOrder(OrderState.RESERVED, op.n(), now, now.plus(TTL)));
                        } else {
                            assertThatThrownBy(() -> inventory.reserve(id, "buyer", SKU, op.n(), TTL))
                                    .isInstanceOf(InsufficientStockException.class);
                        }
                    }
                }
                case CONFIRM -> {
                    Payment payment = new Payment(
                            "pay-" + id,
                            Money.ofMinor(m.map(o -> o.quantity() * PRICE).orElse(PRICE), CNY));
                    if (m.isEmpty()) {
                        assertThatThrownBy(() -> inventory.confirm(id, payment))
                                .isInstanceOf(UnknownOrderException.class);
                    } else if (m.get().state() == OrderState.RELEASED) {
                        assertThatThrownBy(() -> inventory.confirm(id, payment))
                                .isInstanceOf(OrderStateException.class);
                    } else {
                        Model.MOrder o = m.get();
                        if (o.state() == OrderState.RESERVED && o.until().isAfter(now)) {
                            model.orders.put(id, Model.with(o, OrderState.SOLD));
                        } else if (!o.state().isPaid()) {
                            if (o.state() == OrderState.RESERVED) {
                                model.available += o.quantity();
                            }
                            if (model.available >= o.quantity()) {
                                model.available -= o.quantity();
                                model.orders.put(id, Model.with(o, OrderState.SOLD));
                            } else {
                                model.orders.put(id, Model.with(o, OrderState.BACKORDERED));
                            }
                        }
                        assertThat(inventory.confirm(id, payment).state())
                                .isEqualTo(model.orders.get(id).state());
                    }
                }
                case RELEASE -> {
                    if (m.isEmpty()) {
                        assertThatThrownBy(() -> inventory.release(id)).isInstanceOf(UnknownOrderException.class);
                    } else if (m.get().state().isPaid()) {
                        assertThatThrownBy(() -> inventory.release(id)).isInstanceOf(OrderStateException.class);
                    } else {
                        if (m.get().state() == OrderState.RESERVED) {
                            model.available += m.get().quantity();
                            model.orders.put(id, Model.with(m.get(), OrderState.RELEASED));
                        }
                        model.fill();
                        assertThat(inventory.release(id).state())
                                .isEqualTo(model.orders.get(id).state());
                    }
                }
                case REFUND -> {
                    if (m.isEmpty()) {
                        assertThatThrownBy(() -> inventory.refund(id)).isInstanceOf(UnknownOrderException.class);
                    } else if (!m.get().state().isPaid()) {
                        assertThatThrownBy(() -> inventory.refund(id)).isInstanceOf(CardKeyException.class);
                    } else {
                        model.orders.put(id, Model.with(m.get(), OrderState.REFUNDED));
                        assertThat(inventory.refund(id).state()).isEqualTo(OrderState.REFUNDED);
                    }
                }
                case WAIT -> clock.advance(Duration.ofMinutes(3L * op.n()));
                case SWEEP -> {
                    model.sweep(now);
                    inventory.expireReservations();
                }
            }
            for (Map.Entry<String, Model.MOrder> e : model.orders.entrySet()) {
                assertThat(store.order(e.getKey()).map(Order::state))
                        .as("order %s after %s", e.getKey(), op)
                        .contains(e.getValue().state());
            }
            assertThat(store.countByState(SKU).getOrDefault(CardKeyState.AVAILABLE, 0L))
                    .as("available after %s", op)
                    .isEqualTo(model.available);
            InventoryInvariants.check(store, SKU, stocked);
        }
    }
}
