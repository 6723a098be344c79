package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sixteen buyers through the facade at once: stock sells exactly once, the ledger verifies and its money adds up. */
class CardKeysConcurrencyTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("HOT");

    @Test
    void sixteenBuyers_sellEveryCodeOnce_andTheLedgerAgrees() throws Exception {
        CardKeys cardKeys =
                CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)).build();
        cardKeys.putProduct(new Product(SKU, "hot", Money.ofMinor(300, CNY), false));
        int codes = 1_200;
        cardKeys.generate(
                new Batch("G", SKU, "self", Money.ofMinor(100, CNY), Batch.Source.GENERATED, Optional.empty()), codes);

        Set<String> revealed = ConcurrentHashMap.newKeySet();
        AtomicInteger soldOrders = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 80; i++) {
                    String id = "t" + thread + "-" + i;
                    int quantity = 1 + (i % 2);
                    try {
                        cardKeys.reserve(id, "b" + thread, SKU, quantity, Duration.ofMinutes(5));
                    } catch (InsufficientStockException soldOut) {
                        continue;
                    }
                    if (i % 5 == 4) {
                        cardKeys.release(id);
                        continue;
                    }
                    Payment payment = new Payment("p-" + id, Money.ofMinor(300L * quantity, CNY));
                    Confirmation c = cardKeys.confirm(id, payment);
                    cardKeys.confirm(id, payment);
                    soldOrders.incrementAndGet();
                    for (RevealedCode code : cardKeys.reveal(id, c.deliveryToken())) {
                        assertThat(revealed.add(code.code().utf8(PlaintextAccess.grant())))
                                .as("a code revealed to two orders")
                                .isTrue();
                        code.destroy();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<CardKeyState, Long> stock = cardKeys.stock(SKU);
        long sold = stock.getOrDefault(CardKeyState.SOLD, 0L);
        assertThat(sold).isEqualTo(revealed.size());
        assertThat(sold + stock.getOrDefault(CardKeyState.AVAILABLE, 0L)).isEqualTo(codes);

        var ledger = cardKeys.ledger();
        ledger.verify();
        assertThat(ledger.balance(AccountId.of("cardkey:revenue:CNY")).netCredit())
                .isEqualTo(200 * sold);
        assertThat(ledger.balance(AccountId.of("cardkey:supplier-payable:CNY")).netCredit())
                .isEqualTo(100 * sold);
        assertThat(soldOrders.get()).isPositive();

        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        ledger.exportJsonLines(journal);
        String exported = journal.toString(StandardCharsets.UTF_8);
        Set<String> sample = new HashSet<>(new ArrayList<>(revealed).subList(0, Math.min(200, revealed.size())));
        for (String code : sample) {
            assertThat(exported).doesNotContain(code);
        }
    }

    /**
     * Issue 4's oversell test as written, through the facade and its ledger: 64 threads × 10,000 orders of one code
     * against 100,000 codes sell exactly 100,000, none twice, and the ledger's money says the same.
     */
    @Test
    @Tag("slow")
    void sixtyFourThreads_tenThousandOrdersEach_sellExactlyTheHundredThousandCodes() throws Exception {
        CardKeys cardKeys =
                CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)).build();
        cardKeys.putProduct(new Product(SKU, "hot", Money.ofMinor(300, CNY), false));
        int codes = 100_000;
        cardKeys.generate(
                new Batch("G", SKU, "self", Money.ofMinor(100, CNY), Batch.Source.GENERATED, Optional.empty()), codes);
        Set<Long> sold = ConcurrentHashMap.newKeySet();
        AtomicInteger soldOrders = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 10_000; i++) {
                    String id = "t" + thread + "-" + i;
                    try {
                        cardKeys.reserve(id, "b" + thread, SKU, 1, Duration.ofMinutes(5));
                    } catch (InsufficientStockException soldOut) {
                        refused.incrementAndGet();
                        continue;
                    }
                    Order order = cardKeys.confirm(id, new Payment("p-" + id, Money.ofMinor(300, CNY)))
                            .order();
                    assertThat(order.state()).isEqualTo(OrderState.SOLD);
                    for (long code : order.cardKeyIds()) {
                        assertThat(sold.add(code))
                                .as("code %d sold twice", code)
                                .isTrue();
                    }
                    soldOrders.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(soldOrders.get()).isEqualTo(codes);
        assertThat(refused.get()).isEqualTo(64 * 10_000 - codes);
        assertThat(sold).hasSize(codes);
        assertThat(cardKeys.stock(SKU)).isEqualTo(Map.of(CardKeyState.SOLD, (long) codes));
        var ledger = cardKeys.ledger();
        assertThat(ledger.balance(AccountId.of("cardkey:payments:CNY")).netCredit())
                .isEqualTo(-300L * codes);
        assertThat(ledger.balance(AccountId.of("cardkey:revenue:CNY")).netCredit())
                .isEqualTo(200L * codes);
    }
}
