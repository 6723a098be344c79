package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.MutableClock;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many threads reserving, confirming (twice, as payment callbacks do), releasing and letting reservations expire at
 * once; afterwards every code is accounted for and no code belongs to two orders.
 */
class InventoryConcurrencyTest {
    static final Currency CNY = Currency.getInstance("CNY");

    private static final Sku SKU = Sku.of("HOT");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryInventoryStore store = new InMemoryInventoryStore();
    private final Inventory inventory = new Inventory(store, clock, Long.MAX_VALUE, (e, b, a, k) -> {});

    private void stock(int count) {
        store.putProduct(new Product(SKU, "hot product", Money.ofMinor(100, CNY), false));
        long first = store.reserveIds(count);
        List<StockedCardKey> keys = new ArrayList<>(count);
        for (long id = first; id < first + count; id++) {
            keys.add(new StockedCardKey(
                    CardKey.available(id, SKU, "B", Optional.empty(), "****"),
                    ByteBuffer.allocate(8).putLong(id).array(),
                    new byte[] {1}));
        }
        inventory.stock(keys);
    }

    @Test
    void sixteenThreads_mixedOperations_neverShareACode() throws Exception {
        int codes = 5_000;
        stock(codes);
        Set<String> confirmedSold = ConcurrentHashMap.newKeySet();
        Set<String> released = ConcurrentHashMap.newKeySet();
        AtomicLong refused = new AtomicLong();
        run(16, 600, (thread, i, random) -> {
            String id = "t" + thread + "-" + i;
            int quantity = 1 + random.nextInt(3);
            try {
                inventory.reserve(id, "buyer-" + thread, SKU, quantity, Duration.ofSeconds(30));
            } catch (InsufficientStockException soldOut) {
                refused.incrementAndGet();
                return;
            }
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    Payment payment = new Payment("pay-" + id, Money.ofMinor(quantity * 100L, CNY));
                    Order first = inventory.confirm(id, payment);
                    Order callbackAgain = inventory.confirm(id, payment);
                    assertThat(callbackAgain).isEqualTo(first);
                    if (first.state() == OrderState.SOLD) {
                        confirmedSold.add(id);
                    }
                }
                case 2 -> {
                    if (inventory.release(id).state() == OrderState.RELEASED) {
                        released.add(id);
                    }
                }
                default -> {
                    if (thread == 0) {
                        clock.advance(Duration.ofSeconds(5));
                    }
                    inventory.expireReservations();
                }
            }
        });
        inventory.fillBackorders(SKU);
        InventoryInvariants.check(store, SKU, codes);
        Set<String> soldInStore = new HashSet<>();
        store.orders(SKU, OrderState.SOLD, Integer.MAX_VALUE).forEach(o -> soldInStore.add(o.orderId()));
        assertThat(soldInStore).containsAll(confirmedSold);
        for (String id : released) {
            assertThat(store.order(id).map(Order::state)).contains(OrderState.RELEASED);
        }
    }

    @Test
    void sixteenThreads_sellingEverything_sellEachCodeExactlyOnce() throws Exception {
        int codes = 8_000;
        stock(codes);
        run(16, 1_000, (thread, i, random) -> {
            String id = "t" + thread + "-" + i;
            try {
                inventory.reserve(id, "b" + thread, SKU, 1, Duration.ofMinutes(5));
                inventory.confirm(id, new Payment("p-" + id, Money.ofMinor(100, CNY)));
            } catch (InsufficientStockException soldOut) {
                // 16,000 attempts for 8,000 codes: half find the shelf empty.
            }
        });
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.SOLD, (long) codes));
        InventoryInvariants.check(store, SKU, codes);
    }

    @Test
    @Tag("slow")
    void sixtyFourThreads_tenThousandOrdersEach_sellExactlyTheStock() throws Exception {
        int codes = 100_000;
        stock(codes);
        run(64, 10_000, (thread, i, random) -> {
            String id = "t" + thread + "-" + i;
            try {
                inventory.reserve(id, "b" + thread, SKU, 1, Duration.ofMinutes(5));
                inventory.confirm(id, new Payment("p-" + id, Money.ofMinor(100, CNY)));
            } catch (InsufficientStockException soldOut) {
                // 640,000 orders for 100,000 codes.
            }
        });
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.SOLD, (long) codes));
        InventoryInvariants.check(store, SKU, codes);
    }

    @FunctionalInterface
    interface Step {
        void run(int thread, int iteration, SplittableRandom random);
    }

    private static void run(int threads, int iterations, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        step.run(thread, i, random);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
