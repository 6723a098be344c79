package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConflictException;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Balance;
import io.cardkey.ledger.ConstraintViolationException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Account constraints hold before the recording transaction commits: a prepaid balance spent by many threads of two
 * instances at once is never overdrawn, every refused spend writes nothing, and what was accepted chains without a
 * refusal.
 */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresLedgerOutboxConstraintTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId BANK = AccountId.of("bank");
    private static final AccountId PREPAID = AccountId.of("prepaid:agent-1");
    private static final AccountId REVENUE = AccountId.of("revenue");
    private static final long PRICE = 1_000;
    private static final int AFFORDABLE = 10;

    private HikariDataSource database;
    private HikariDataSource otherInstance;
    private PostgresLedgerOutbox outbox;

    @BeforeEach
    void open() {
        database = TestDatabase.newSchema();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.getJdbcUrl());
        config.setSchema(database.getSchema());
        config.setMaximumPoolSize(6);
        otherInstance = new HikariDataSource(config);
        outbox = PostgresLedgerOutbox.open(database, "books");
        outbox.openAccount(Account.of(BANK, CNY));
        outbox.openAccount(Account.of(REVENUE, CNY));
        outbox.openAccount(Account.of(PREPAID, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        outbox.append(List.of(Transaction.builder("top-up", "prepaid.top-up")
                .posting(BANK, PREPAID, PRICE * AFFORDABLE)
                .build()));
    }

    @AfterEach
    void close() {
        if (otherInstance != null) {
            otherInstance.close();
        }
        TestDatabase.drop(database);
    }

    private static Transaction purchase(String id) {
        return Transaction.builder(id, "prepaid.purchase")
                .posting(PREPAID, REVENUE, PRICE)
                .build();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void concurrentPurchasesFromTwoInstances_neverOverdrawThePrepaidBalance() throws Exception {
        List<PostgresInventoryStore> stores =
                List.of(PostgresInventoryStore.open(database), PostgresInventoryStore.open(otherInstance));
        List<PostgresLedgerOutbox> outboxes = List.of(outbox, PostgresLedgerOutbox.open(otherInstance, "books"));
        int threads = 8;
        int attemptsEach = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                int instance = thread % 2;
                int[] outcome = new int[2];
                start.await();
                for (int i = 0; i < attemptsEach; i++) {
                    Transaction tx = purchase("buy-" + thread + "-" + i);
                    try {
                        if (i % 2 == 0) {
                            stores.get(instance).apply(Change.of(List.of()), outboxes.get(instance), a -> List.of(tx));
                        } else {
                            outboxes.get(instance).append(List.of(tx));
                        }
                        outcome[0]++;
                    } catch (ConstraintViolationException refused) {
                        assertThat(refused.getAccount()).isEqualTo(PREPAID);
                        assertThat(refused.getShortfall()).isPositive();
                        outcome[1]++;
                    }
                }
                return outcome;
            }));
        }
        start.countDown();
        int accepted = 0;
        int refused = 0;
        for (Future<int[]> result : results) {
            int[] outcome = result.get();
            accepted += outcome[0];
            refused += outcome[1];
        }
        pool.shutdown();

        assertThat(accepted).isEqualTo(AFFORDABLE);
        assertThat(refused).isEqualTo(threads * attemptsEach - AFFORDABLE);
        assertThat(outbox.recordedNet(PREPAID)).hasValue(0);
        try (PostgresLedgerSealer sealer = PostgresLedgerSealer.open(database, "books")) {
            Ledger ledger = sealer.ledger();
            Balance balance = ledger.balance(PREPAID);
            assertThat(balance.creditsPosted()).isEqualTo(PRICE * AFFORDABLE);
            assertThat(balance.debitsPosted()).isEqualTo(PRICE * AFFORDABLE);
            assertThat(sealer.refused()).isEmpty();
        }
    }

    @Test
    void purchaseBeyondTheBalance_isRefusedBeforeCommit_andWritesNothing() {
        long pendingBefore = outbox.pending();
        Transaction tooMuch = Transaction.builder("buy-big", "prepaid.purchase")
                .posting(PREPAID, REVENUE, PRICE * AFFORDABLE + 1)
                .build();

        assertThatThrownBy(() -> outbox.append(List.of(tooMuch)))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e -> {
                    assertThat(e.getTransactionId()).isEqualTo("buy-big");
                    assertThat(e.getConstraint()).isEqualTo(AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS);
                });

        assertThat(outbox.pending()).isEqualTo(pendingBefore);
        assertThat(outbox.recordedNet(PREPAID)).hasValue(PRICE * AFFORDABLE);
        assertThat(outbox.pendingTransaction("buy-big")).isEmpty();
    }

    @Test
    void openAccount_againWithAnotherConstraint_isRefused() {
        assertThatThrownBy(() -> outbox.openAccount(Account.of(PREPAID, CNY)))
                .isInstanceOf(AccountConflictException.class);

        assertThat(outbox.account(PREPAID))
                .contains(Account.of(PREPAID, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
    }
}
