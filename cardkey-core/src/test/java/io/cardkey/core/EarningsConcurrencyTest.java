package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.classicPrices;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EarningsConcurrencyTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final int THREADS = 16;

    @Test
    void withdraw_sixteenThreads_neverOverdraw() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
        try (Ledger ledger = Ledger.builder().clock(clock).open(LedgerStore.inMemory())) {
            SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
            DistributorTree tree = DistributorTree.create();
            tree.add(GA, GENERAL_AGENT);
            tree.add(AG, AGENT, GA);
            CommissionPolicy policy = CommissionPolicy.builder(classicPrices().build())
                    .defaultPlan(CommissionPlan.builder()
                            .level(1, CommissionRule.priceDifference())
                            .build())
                    .build();
            Earnings earnings =
                    Earnings.builder(ledger, CNY).clock(clock).volumes(volumes).build();
            earnings.recordSale(
                    "order-1",
                    policy.split(policy.prices().quote(CARD, RETAIL, 200), tree.chainOf(AG), clock.instant(), volumes));
            clock.advance(Duration.ofDays(7));
            earnings.settle();
            Money funded = earnings.available(AG);
            assertThat(funded).isEqualTo(Money.parse("100.00", CNY));

            AtomicLong paid = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 40; i++) {
                            long amount = 1 + (thread * 37L + i * 101L) % 97;
                            try {
                                earnings.withdraw("w-" + thread + "-" + i, AG, Money.ofMinor(amount, CNY));
                                paid.addAndGet(amount);
                            } catch (InsufficientBalanceException e) {
                                assertThat(e.getAvailable().minorUnits()).isLessThan(amount);
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(refused.get()).as("the demand exceeds the balance").isPositive();
            assertThat(paid.get()).isLessThanOrEqualTo(funded.minorUnits());
            assertThat(earnings.available(AG).minorUnits()).isEqualTo(funded.minorUnits() - paid.get());
            assertThat(ledger.balance(EarningsAccounts.payouts(CNY)).netCredit())
                    .isEqualTo(paid.get());
            EarningsStatement statement =
                    earnings.statement(AG, Instant.EPOCH, clock.instant().plusSeconds(1));
            assertThat(statement.withdrawals()).isEqualTo(Money.ofMinor(paid.get(), CNY));
            assertThat(statement.closing().available()).isEqualTo(earnings.available(AG));
            ledger.verify();
        }
    }
}
