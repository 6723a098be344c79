package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.contract.MutableClock;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ledger behaviour that depends on how the store behaves: durability failures, group commit, snapshots. */
class LedgerTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId A = AccountId.of("a");
    private static final AccountId B = AccountId.of("b");

    /** Delegates to a {@link TamperableStore}; the test decides what append futures and snapshot saves do. */
    private static class ControlledStore implements LedgerStore {
        final TamperableStore data = new TamperableStore();
        final List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();
        volatile boolean holdFutures;
        /** Completes each append's future a millisecond later on another thread, as a real journal does. */
        volatile boolean lagFutures;

        volatile RuntimeException appendFailure;
        volatile RuntimeException snapshotFailure;
        volatile RuntimeException redactFailure;

        @Override
        public long lastSequence() {
            return data.lastSequence();
        }

        @Override
        public CompletableFuture<Void> append(long firstSequence, List<byte[]> records) {
            data.append(firstSequence, records);
            if (appendFailure != null) {
                return CompletableFuture.failedFuture(appendFailure);
            }
            CompletableFuture<Void> f =
                    holdFutures || lagFutures ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            if (lagFutures) {
                f.completeAsync(() -> null, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
            }
            futures.add(f);
            return f;
        }

        @Override
        public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
            data.read(fromSequence, toSequence, consumer);
        }

        @Override
        public void redact(long sequence, byte[] record) {
            if (redactFailure != null) {
                throw redactFailure;
            }
            data.redact(sequence, record);
        }

        @Override
        public void saveSnapshot(long sequence, byte[] state) {
            if (snapshotFailure != null) {
                throw snapshotFailure;
            }
            data.saveSnapshot(sequence, state);
        }

        @Override
        public Optional<Snapshot> latestSnapshot() {
            return data.latestSnapshot();
        }

        @Override
        public void close() {
            data.close();
        }
    }

    private static Ledger opened(LedgerStore store, long snapshotInterval) {
        Ledger ledger = Ledger.builder()
                .clock(new MutableClock(Instant.parse("2026-11-29T10:00:00Z")))
                .snapshotInterval(snapshotInterval)
                .open(store);
        ledger.openAccount(Account.of(A, CNY));
        ledger.openAccount(Account.of(B, CNY));
        return ledger;
    }

    @Test
    void append_storeCannotMakeDurable_throwsAndStopsTheLedger() {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, 100)) {
            store.appendFailure = new UncheckedIOException(new java.io.IOException("disk full"));
            assertThatThrownBy(() -> ledger.append(Transaction.of("t", "x", A, B, 1)))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("could not make the records durable")
                    .hasRootCauseMessage("disk full");
            store.appendFailure = null;
            assertThatThrownBy(() -> ledger.append(Transaction.of("u", "x", A, B, 1)))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("stopped after a store failure");
            assertThatThrownBy(() -> ledger.balance(A)).isInstanceOf(LedgerException.class);
        }
    }

    @Test
    void appends_waitForDurabilityOutsideTheWriterLock() throws Exception {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, 100)) {
            store.holdFutures = true;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<AppendResult> first = pool.submit(() -> ledger.append(Transaction.of("t1", "x", A, B, 1)));
                Future<AppendResult> second = pool.submit(() -> ledger.append(Transaction.of("t2", "x", A, B, 1)));
                // Both appends reach the store while neither is durable (in one batch or two, as they meet the
                // writer): the first waits without the lock.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (store.lastSequence() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(store.lastSequence()).isEqualTo(4);
                Thread.sleep(50);
                assertThat(first.isDone()).isFalse();
                assertThat(second.isDone()).isFalse();
                // A read is not blocked by waiting appends either.
                assertThat(ledger.balance(B).creditsPosted()).isEqualTo(2);
                while (!(first.isDone() && second.isDone()) && System.nanoTime() < deadline) {
                    store.futures.forEach(f -> f.complete(null));
                    Thread.sleep(5);
                }
                assertThat(List.of(
                                first.get(30, TimeUnit.SECONDS).sequence(),
                                second.get(30, TimeUnit.SECONDS).sequence()))
                        .containsExactlyInAnyOrder(3L, 4L);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void append_manyThreadsWhileDurabilityLags_everyAppendReturnsOnceDurable() throws Exception {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, 1_000_000)) {
            store.lagFutures = true;
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<AppendResult>> appends = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    String id = "t" + i;
                    appends.add(pool.submit(() -> ledger.append(Transaction.of(id, "x", A, B, 1))));
                }
                List<Long> sequences = new ArrayList<>();
                for (Future<AppendResult> f : appends) {
                    sequences.add(f.get(30, TimeUnit.SECONDS).sequence());
                }
                assertThat(sequences).doesNotHaveDuplicates().allMatch(seq -> seq >= 3 && seq <= 2_002);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.futures).allMatch(CompletableFuture::isDone);
            assertThat(ledger.balance(B).creditsPosted()).isEqualTo(2_000);
            assertThat(ledger.verify().records()).isEqualTo(2_002);
        }
    }

    @Test
    void snapshots_savedEveryIntervalAfterDurability() {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, 5)) {
            for (int i = 0; i < 12; i++) {
                ledger.append(Transaction.of("t" + i, "x", A, B, 1));
            }
        }
        // 2 accounts + 12 transactions = 14 records: snapshots after records 5 and 10, saved in the background and
        // at the latest before close() returns.
        assertThat(store.data.snapshot())
                .hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(10));
        try (Ledger reopened = Ledger.open(store.data.reopen())) {
            assertThat(reopened.verify().records()).isEqualTo(14);
        }
    }

    @Test
    void close_manyRecordsSinceTheLastSnapshot_savesTheFinalStateForTheNextOpen() {
        ControlledStore store = new ControlledStore();
        long records;
        try (Ledger ledger = opened(store, Ledger.DEFAULT_SNAPSHOT_INTERVAL)) {
            List<Transaction> batch = new ArrayList<>();
            for (int i = 0; i < Ledger.CLOSE_SNAPSHOT_RECORDS; i++) {
                batch.add(Transaction.of("t" + i, "x", A, B, 1));
                if (batch.size() == Ledger.MAX_BATCH) {
                    ledger.append(batch);
                    batch.clear();
                }
            }
            records = ledger.lastSequence();
            assertThat(store.data.snapshot())
                    .as("no periodic snapshot is due yet")
                    .isEmpty();
        }
        assertThat(store.data.snapshot())
                .hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(records));
        try (Ledger reopened = Ledger.open(store.data.reopen())) {
            assertThat(reopened.balance(B).creditsPosted()).isEqualTo(Ledger.CLOSE_SNAPSHOT_RECORDS);
            assertThat(reopened.verify().records()).isEqualTo(records);
        }
    }

    @Test
    void close_afterAnOpenThatReplayedManyRecords_savesTheFinalState() {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, Ledger.DEFAULT_SNAPSHOT_INTERVAL)) {
            store.snapshotFailure = new IllegalStateException("no space for snapshot");
            List<Transaction> batch = new ArrayList<>();
            for (int i = 0; i < Ledger.CLOSE_SNAPSHOT_RECORDS; i++) {
                batch.add(Transaction.of("t" + i, "x", A, B, 1));
                if (batch.size() == Ledger.MAX_BATCH) {
                    ledger.append(batch);
                    batch.clear();
                }
            }
        }
        assertThat(store.data.snapshot()).isEmpty();
        TamperableStore reopenedStore = store.data.reopen();
        Ledger.open(reopenedStore).close();
        assertThat(reopenedStore.snapshot())
                .as("the open replayed every record; its close keeps the next open from doing it again")
                .hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(Ledger.CLOSE_SNAPSHOT_RECORDS + 2));
    }

    @Test
    void close_fewRecordsSinceTheLastSnapshot_savesNone() {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, Ledger.DEFAULT_SNAPSHOT_INTERVAL)) {
            ledger.append(Transaction.of("t", "x", A, B, 1));
        }
        assertThat(store.data.snapshot()).isEmpty();
    }

    @Test
    void snapshot_saveFails_appendStillSucceeds() {
        ControlledStore store = new ControlledStore();
        try (Ledger ledger = opened(store, 1)) {
            store.snapshotFailure = new IllegalStateException("no space for snapshot");
            assertThat(ledger.append(Transaction.of("t", "x", A, B, 1)).sequence())
                    .isEqualTo(3);
            assertThat(ledger.verify().records()).isEqualTo(3);
        }
    }

    @Test
    void open_snapshotBeyondLastRecord_throwsVerification() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = opened(store, 1);
        ledger.close();
        TamperableStore reopened = store.reopen();
        reopened.putSnapshot(9, reopened.snapshot().orElseThrow().state());
        assertThatThrownBy(() -> Ledger.open(reopened))
                .isInstanceOfSatisfying(
                        LedgerVerificationException.class,
                        e -> assertThat(e.getSequence()).isEqualTo(9));
    }

    @Test
    void open_damagedSnapshot_throwsVerificationNamingIt() {
        TamperableStore store = new TamperableStore();
        opened(store, 1).close();
        TamperableStore reopened = store.reopen();
        byte[] state = reopened.snapshot().orElseThrow().state();
        reopened.putSnapshot(2, java.util.Arrays.copyOf(state, state.length - 3));
        assertThatThrownBy(() -> Ledger.open(reopened)).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
            assertThat(e.getSequence()).isEqualTo(2);
            assertThat(e.getReason()).contains("snapshot cannot be decoded");
        });
    }

    @Test
    void verify_emptyLedger_returnsZeros() {
        try (Ledger ledger = Ledger.open(LedgerStore.inMemory())) {
            VerificationResult r = ledger.verify();
            assertThat(r.records()).isZero();
            assertThat(r.headHash()).isEqualTo("0".repeat(64));
            assertThat(ledger.headHash()).isEqualTo(new byte[32]);
        }
    }

    @Test
    void toString_showsHeadButNoContent() {
        try (Ledger ledger = opened(LedgerStore.inMemory(), 100)) {
            ledger.append(
                    Transaction.builder("t", "x").metadata("secret", "s3cr3t").build());
            assertThat(ledger.toString()).contains("3 records").doesNotContain("s3cr3t");
            assertThat(ledger.record(3).toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void builder_badSnapshotInterval_throwsIllegalArgument() {
        assertThatThrownBy(() -> Ledger.builder().snapshotInterval(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snapshot interval was 0");
    }

    @Test
    void importJsonLines_nonEmptyStore_throwsIllegalArgument() {
        LedgerStore store = LedgerStore.inMemory();
        opened(store, 100);
        assertThatThrownBy(() -> Ledger.importJsonLines(new java.io.StringReader(""), store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be empty");
    }

    @Test
    void expireHolds_moreThanOneBatchDue_expiresAtMostMaxBatchPerCall() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        try (Ledger ledger = Ledger.builder().clock(clock).open(LedgerStore.inMemory())) {
            ledger.openAccount(Account.of(A, CNY));
            ledger.openAccount(Account.of(B, CNY));
            for (int i = 0; i < Ledger.MAX_BATCH + 5; i++) {
                ledger.hold(Transaction.of("h" + i, "hold", A, B, 1), java.time.Duration.ofMinutes(1));
            }
            clock.advance(java.time.Duration.ofMinutes(2));
            assertThat(ledger.expireHolds()).hasSize(Ledger.MAX_BATCH).startsWith("h0", "h1");
            assertThat(ledger.expireHolds()).hasSize(5);
            assertThat(ledger.expireHolds()).isEmpty();
            assertThat(ledger.balance(A).debitsPending()).isZero();
        }
    }

    @Test
    void accounts_listedInOpeningOrder() {
        try (Ledger ledger = opened(LedgerStore.inMemory(), 100)) {
            List<AccountId> ids = new ArrayList<>();
            ledger.accounts().forEach(a -> ids.add(a.id()));
            assertThat(ids).containsExactly(A, B);
        }
    }
}
