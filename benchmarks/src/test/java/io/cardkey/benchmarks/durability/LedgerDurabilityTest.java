package io.cardkey.benchmarks.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ledger benchmarks call durable is durable: {@link Ledger#append} on a {@link FileLedgerStore} returns only
 * after the bytes of its transaction were covered by a completed {@code force}, also when many threads append at
 * once and share an {@code fsync}. Observed through the public API on a spied file system over the real disk.
 */
class LedgerDurabilityTest {
    private static final AccountId WALLET = AccountId.of("distributor:1");
    private static final AccountId PLATFORM = AccountId.of("platform:revenue");

    private final ForceRecorder recorder = new ForceRecorder();
    private final SpyFileSystem spy = new SpyFileSystem(recorder);

    private static Ledger openLedger(Path directory) {
        Ledger ledger = Ledger.open(FileLedgerStore.open(directory));
        Currency cny = Currency.getInstance("CNY");
        ledger.openAccount(Account.of(WALLET, cny, AccountConstraint.NONE));
        ledger.openAccount(Account.of(PLATFORM, cny, AccountConstraint.NONE));
        return ledger;
    }

    @Test
    void append_returnsOnlyAfterForceReturns(@TempDir Path dir) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Ledger ledger = openLedger(spy.wrap(dir))) {
            CountDownLatch forceEntered = new CountDownLatch(1);
            CountDownLatch releaseForce = new CountDownLatch(1);
            recorder.hook(file -> {
                forceEntered.countDown();
                releaseForce.await();
            });

            Future<?> append =
                    executor.submit(() -> ledger.append(Transaction.of("t-1", "sale", WALLET, PLATFORM, 100)));

            assertThat(forceEntered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(append).as("append returned while force() was held").isNotDone();

            releaseForce.countDown();
            append.get(10, TimeUnit.SECONDS);
            assertThat(recorder.everyWriteForced()).isTrue();
            recorder.hook(file -> {});
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void concurrentAppends_eachReturnsWithItsOwnBytesForced(@TempDir Path dir) throws Exception {
        int threads = 8;
        int perThread = 40;
        Map<String, Object[]> landed = new ConcurrentHashMap<>();
        List<byte[]> ids = Collections.synchronizedList(new ArrayList<>());
        recorder.listen((file, position, data) -> {
            if (data == null) {
                return;
            }
            synchronized (ids) {
                for (byte[] id : ids) {
                    int at = Bytes.indexOf(data, id);
                    if (at >= 0) {
                        landed.put(
                                new String(id, StandardCharsets.US_ASCII),
                                new Object[] {file, position + at, position + at + id.length});
                    }
                }
            }
        });
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try (Ledger ledger = openLedger(spy.wrap(dir))) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(executor.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "dur-" + UUID.randomUUID();
                        ids.add(id.getBytes(StandardCharsets.US_ASCII));
                        ledger.append(Transaction.of(id, "sale", WALLET, PLATFORM, 1 + i));
                        Object[] where = landed.get(id);
                        if (where == null
                                || !recorder.log((Path) where[0]).isForced((Long) where[1], (Long) where[2])) {
                            failures.add(id + (where == null ? " never written" : " not forced on return"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(landed).hasSize(threads * perThread);
    }
}
