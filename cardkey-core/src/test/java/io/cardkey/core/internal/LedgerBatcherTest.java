package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.IdempotencyConflictException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.Transaction;
import io.cardkey.ledger.UnknownAccountException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerBatcherTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId CASH = AccountId.of("cash");
    private static final AccountId SALES = AccountId.of("sales");

    private final Ledger ledger = Ledger.open(LedgerStore.inMemory());
    private final LedgerBatcher batcher = new LedgerBatcher(ledger);

    @AfterEach
    void close() {
        ledger.close();
    }

    private static Transaction event(String id) {
        return Transaction.builder(id, "test.event").metadata("op", id).build();
    }

    private static Transaction payment(String id, AccountId from, long amount) {
        return Transaction.builder(id, "test.payment")
                .posting(from, SALES, amount)
                .build();
    }

    private long sequenceOf(String id) {
        return ledger.transaction(id).map(LedgerRecord::sequence).orElseThrow();
    }

    @Test
    void append_manyConcurrentCallers_recordEachListWholeAndInOrder() throws Exception {
        int threads = 32;
        int lists = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < lists; i++) {
                    String op = thread + "-" + i;
                    batcher.append(List.of(event(op + "-a"), event(op + "-b"), event(op + "-c")));
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
        assertThat(ledger.lastSequence()).isEqualTo(threads * lists * 3L);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < lists; i++) {
                String op = t + "-" + i;
                long a = sequenceOf(op + "-a");
                assertThat(sequenceOf(op + "-b")).as(op).isEqualTo(a + 1);
                assertThat(sequenceOf(op + "-c")).as(op).isEqualTo(a + 2);
            }
        }
        assertThat(ledger.verify().transactions()).isEqualTo(threads * lists * 3L);
    }

    @Test
    void appendTogether_oneListBreaksARule_failsOnlyThatList() {
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(SALES, CNY));
        List<Transaction> first = List.of(event("first"), payment("first-pay", CASH, 100));
        List<Transaction> bad = List.of(event("bad"), payment("bad-pay", AccountId.of("nobody"), 100));
        List<Transaction> last = List.of(payment("last-pay", CASH, 200));

        Throwable[] failures = batcher.appendTogether(List.of(first, bad, last));

        assertThat(failures[0]).isNull();
        assertThat(failures[1]).isInstanceOf(UnknownAccountException.class);
        assertThat(failures[2]).isNull();
        assertThat(sequenceOf("first-pay")).isEqualTo(sequenceOf("first") + 1);
        assertThat(ledger.transaction("last-pay")).isPresent();
        assertThat(ledger.transaction("bad")).isEmpty();
        assertThat(ledger.balance(SALES).creditsPosted()).isEqualTo(300);
        assertThatThrownBy(() -> batcher.append(bad)).isInstanceOf(UnknownAccountException.class);
        assertThat(ledger.transaction("bad")).isEmpty();
    }

    @Test
    void appendTogether_sameListTwice_isAnIdempotentRetry() {
        List<Transaction> op = List.of(event("op-a"), event("op-b"));

        Throwable[] failures = batcher.appendTogether(List.of(op, op));

        assertThat(failures).containsOnlyNulls();
        assertThat(ledger.lastSequence()).isEqualTo(2);
    }

    @Test
    void append_idUsedBeforeForOtherContent_throwsTheConflictToThatCallerOnly() {
        batcher.append(List.of(event("taken")));
        List<Transaction> conflicting =
                List.of(Transaction.builder("taken", "other.type").build());

        Throwable[] failures = batcher.appendTogether(List.of(conflicting, List.of(event("fine"))));

        assertThat(failures[0]).isInstanceOf(IdempotencyConflictException.class);
        assertThat(failures[1]).isNull();
        assertThat(ledger.transaction("fine")).isPresent();
        assertThatThrownBy(() -> batcher.append(conflicting)).isInstanceOf(IdempotencyConflictException.class);
    }
}
