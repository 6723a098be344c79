package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.ConstraintViolationException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import io.cardkey.ledger.VerificationResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox and its sealer: many writers, competing sealers, refusals and a sealer that died mid-batch. */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresLedgerSealerTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId CASH = AccountId.of("cash");
    private static final AccountId SALES = AccountId.of("sales");
    private static final AccountId WALLET = AccountId.of("wallet");

    private static Transaction sale(String id, long amount) {
        return Transaction.builder(id, "sale")
                .metadata("orderId", id)
                .posting(CASH, SALES, amount)
                .build();
    }

    private static Ledger reopened(String name) {
        return Ledger.open(PostgresLedgerStore.open(TestDatabase.dataSource(), name));
    }

    @Test
    void sealPending_eightWritersAndThreeCompetingSealers_chainHoldsEveryEntryOnceAndVerifies() throws Exception {
        String name = TestDatabase.uniqueName("sealed");
        DataSource db = TestDatabase.dataSource();
        PostgresLedgerOutbox setup = PostgresLedgerOutbox.open(db, name);
        setup.openAccount(Account.of(CASH, CNY));
        setup.openAccount(Account.of(SALES, CNY));
        int writers = 8;
        int perWriter = 300;
        List<PostgresLedgerSealer> sealers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sealers.add(PostgresLedgerSealer.open(db, name));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers + sealers.size());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger sealedTotal = new AtomicInteger();
        try {
            List<Future<?>> sealing = new ArrayList<>();
            for (PostgresLedgerSealer sealer : sealers) {
                sealing.add(pool.submit(() -> {
                    while (writing.get()) {
                        sealedTotal.addAndGet(sealer.sealPending());
                        Thread.sleep(5);
                    }
                    return null;
                }));
            }
            List<Future<?>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                written.add(pool.submit(() -> {
                    PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(db, name);
                    for (int i = 0; i < perWriter; i += 3) {
                        outbox.append(List.of(
                                sale("w" + writer + "-" + i, 100),
                                sale("w" + writer + "-" + (i + 1), 200),
                                sale("w" + writer + "-" + (i + 2), 300)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : written) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : sealing) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sealers.stream().filter(PostgresLedgerSealer::isSealer)).hasSize(1);
        for (PostgresLedgerSealer sealer : sealers) {
            sealedTotal.addAndGet(sealer.sealPending());
        }
        sealers.forEach(PostgresLedgerSealer::close);

        assertThat(setup.pending()).isZero();
        assertThat(sealedTotal.get()).isEqualTo(2 + writers * perWriter);
        try (Ledger ledger = reopened(name)) {
            VerificationResult verified = ledger.verify();
            assertThat(verified.transactions()).isEqualTo(writers * perWriter);
            assertThat(verified.accounts()).isEqualTo(2);
            assertThat(ledger.balance(SALES).creditsPosted()).isEqualTo(writers * perWriter / 3L * 600);
            List<Long> sequences = new ArrayList<>();
            ledger.readRecords(1, ledger.lastSequence(), r -> sequences.add(r.sequence()));
            assertThat(sequences).hasSize(2 + writers * perWriter).isSorted();
        }
    }

    @Test
    void append_entryBreakingAConstraint_isRefusedBeforeItCommits_andTheChainGoesOn() {
        String name = TestDatabase.uniqueName("refusal");
        DataSource db = TestDatabase.dataSource();
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(db, name);
        outbox.openAccount(Account.of(CASH, CNY));
        outbox.openAccount(Account.of(WALLET, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        outbox.append(List.of(Transaction.builder("top-up", "top-up")
                .posting(CASH, WALLET, 500)
                .build()));
        List<Transaction> overdraft = List.of(Transaction.builder("overdraft", "withdrawal")
                .posting(WALLET, CASH, 501)
                .build());
        assertThatThrownBy(() -> outbox.append(overdraft))
                .isInstanceOfSatisfying(
                        ConstraintViolationException.class,
                        e -> assertThat(e.getAccount()).isEqualTo(WALLET));
        outbox.append(List.of(Transaction.builder("withdrawal", "withdrawal")
                .posting(WALLET, CASH, 500)
                .build()));

        try (PostgresLedgerSealer sealer = PostgresLedgerSealer.open(db, name)) {
            assertThat(sealer.sealPending()).isEqualTo(4);
            assertThat(sealer.refused()).isEmpty();
        }
        assertThat(outbox.pending()).isZero();
        try (Ledger ledger = reopened(name)) {
            VerificationResult verified = ledger.verify();
            assertThat(verified.transactions()).isEqualTo(2);
            assertThat(verified.rejections()).isZero();
            assertThat(ledger.balance(WALLET).netCredit()).isZero();
        }
    }

    @Test
    void sealPending_entryTheLedgerRefuses_isKeptWithItsReasonAndTheChainGoesOn() {
        String name = TestDatabase.uniqueName("refusal");
        DataSource db = TestDatabase.dataSource();
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(db, name);
        outbox.openAccount(Account.of(CASH, CNY));
        outbox.openAccount(Account.of(WALLET, CNY));
        outbox.append(List.of(Transaction.builder("top-up", "top-up")
                .posting(CASH, WALLET, 500)
                .build()));
        outbox.append(List.of(Transaction.builder("to-nowhere", "withdrawal")
                .posting(WALLET, AccountId.of("never-opened"), 100)
                .build()));
        outbox.append(List.of(Transaction.builder("withdrawal", "withdrawal")
                .posting(WALLET, CASH, 500)
                .build()));

        try (PostgresLedgerSealer sealer = PostgresLedgerSealer.open(db, name)) {
            assertThat(sealer.sealPending()).isEqualTo(5);
            assertThat(sealer.refused()).singleElement().asString().startsWith("to-nowhere: ");
        }
        assertThat(outbox.pending()).isZero();
        try (Ledger ledger = reopened(name)) {
            assertThat(ledger.verify().transactions()).isEqualTo(2);
            assertThat(ledger.balance(WALLET).netCredit()).isZero();
        }
    }

    @Test
    void sealPending_sealerDiedBeforeDeletingItsBatch_nextSealerChainsNothingTwice() throws SQLException {
        String name = TestDatabase.uniqueName("crash");
        DataSource db = TestDatabase.dataSource();
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(db, name);
        outbox.openAccount(Account.of(CASH, CNY));
        outbox.openAccount(Account.of(SALES, CNY));
        List<Transaction> sales = List.of(sale("s1", 10), sale("s2", 20));
        outbox.append(sales);
        try (PostgresLedgerSealer sealer = PostgresLedgerSealer.open(db, name)) {
            assertThat(sealer.sealPending()).isEqualTo(4);
        }
        // The batch is chained but, as if the sealer died before deleting it, pending again.
        outbox.openAccount(Account.of(CASH, CNY));
        outbox.append(sales);

        try (PostgresLedgerSealer next = PostgresLedgerSealer.open(db, name)) {
            assertThat(next.sealPending()).isEqualTo(3);
            assertThat(next.refused()).isEmpty();
        }
        try (Ledger ledger = reopened(name)) {
            assertThat(ledger.verify().transactions()).isEqualTo(2);
            assertThat(ledger.lastSequence()).isEqualTo(4);
        }
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void sealPending_entryReusingAChainedIdWithOtherContent_isRefused() {
        String name = TestDatabase.uniqueName("reuse");
        DataSource db = TestDatabase.dataSource();
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(db, name);
        outbox.openAccount(Account.of(CASH, CNY));
        outbox.openAccount(Account.of(SALES, CNY));
        outbox.append(List.of(sale("s1", 10)));
        try (PostgresLedgerSealer sealer = PostgresLedgerSealer.open(db, name)) {
            sealer.sealPending();
            outbox.append(List.of(sale("s1", 11)));

            assertThat(sealer.sealPending()).isEqualTo(1);
            assertThat(sealer.refused()).singleElement().asString().startsWith("s1: ");
        }
        try (Ledger ledger = reopened(name)) {
            assertThat(ledger.balance(SALES).creditsPosted()).isEqualTo(10);
        }
    }

    @Test
    void append_idAlreadyPending_throwsAndRecordsNothing() {
        String name = TestDatabase.uniqueName("dup");
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(TestDatabase.dataSource(), name);
        outbox.append(List.of(sale("s1", 10)));

        assertThatThrownBy(() -> outbox.append(List.of(sale("s2", 10), sale("s1", 10))))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("transaction 's1' pending already");
        assertThat(outbox.pending()).isEqualTo(1);
        assertThatThrownBy(() -> outbox.append(List.of(sale("s3", 1), sale("s3", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'s3' twice");
    }

    @Test
    void sealPending_roleHolderCloses_anotherSealerTakesOverAndCatchesUp() {
        String name = TestDatabase.uniqueName("takeover");
        DataSource db = TestDatabase.dataSource();
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(db, name);
        outbox.openAccount(Account.of(CASH, CNY));
        outbox.openAccount(Account.of(SALES, CNY));
        try (PostgresLedgerSealer second = PostgresLedgerSealer.open(db, name)) {
            try (PostgresLedgerSealer first = PostgresLedgerSealer.open(db, name)) {
                assertThat(first.sealPending()).isEqualTo(2);
                outbox.append(List.of(sale("s1", 10)));
                assertThat(second.sealPending()).isZero();
                assertThat(second.isSealer()).isFalse();
                assertThat(outbox.pending()).isEqualTo(1);
            }
            outbox.append(List.of(sale("s2", 20)));
            assertThat(second.sealPending()).isEqualTo(2);
            assertThat(second.isSealer()).isTrue();
        }
        try (Ledger ledger = reopened(name)) {
            assertThat(ledger.verify().records()).isEqualTo(4);
            List<String> ids = new ArrayList<>();
            ledger.readRecords(3, 4, r -> r.transaction().ifPresent(tx -> ids.add(tx.id())));
            assertThat(ids).containsExactly("s1", "s2");
        }
    }

    @Test
    void sealPending_afterClose_throwsLedgerClosed() {
        PostgresLedgerSealer sealer =
                PostgresLedgerSealer.open(TestDatabase.dataSource(), TestDatabase.uniqueName("closed"));
        sealer.close();
        sealer.close();
        assertThatThrownBy(sealer::sealPending).isInstanceOf(io.cardkey.ledger.LedgerClosedException.class);
    }

    @Test
    void open_badLedgerName_throwsIllegalArgument() {
        assertThatThrownBy(() -> PostgresLedgerOutbox.open(TestDatabase.dataSource(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 200");
        assertThatThrownBy(() -> PostgresLedgerSealer.open(TestDatabase.dataSource(), "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("201 characters");
    }
}
