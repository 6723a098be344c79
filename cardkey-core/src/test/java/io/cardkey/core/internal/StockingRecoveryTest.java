package io.cardkey.core.internal;

import static io.cardkey.core.internal.SnapshotFixture.KEYSET;
import static io.cardkey.core.internal.SnapshotFixture.SKU;
import static io.cardkey.core.internal.SnapshotFixture.codes;
import static io.cardkey.core.internal.SnapshotFixture.importCodes;
import static io.cardkey.core.internal.SnapshotFixture.withLedger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.ImportReport;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.Sealer;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.Transaction;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stocking cut short (a crash between its records and its commit): on open its records stock nothing, an abort
 * record says so once, the ledger verifies, and importing the file again stocks it whole.
 */
class StockingRecoveryTest {
    /** Enough codes for several stocking records (about 40 codes each) and two ledger appends of them. */
    private static final int CODES = 60_000;

    @TempDir
    Path dir;

    private CardKeys open(Path data) {
        return CardKeys.builder().keyset(KEYSET).dataDirectory(data).build();
    }

    /** Imports {@code first} (committed), then {@code second}, into {@code source}. */
    private void importBoth(Path source, List<String> first, List<String> second) {
        try (CardKeys cardKeys = open(source)) {
            cardKeys.putProduct(SnapshotFixture.product());
            importCodes(cardKeys, "S1", first);
            importCodes(cardKeys, "S2", second);
        }
    }

    /**
     * Copies the ledger of {@code source} into a new data directory, transaction by transaction, leaving out those
     * {@code drop} accepts and every one after the first of them that {@code stop} accepts: the ledger a crash would
     * have left.
     */
    private Path copyLedger(Path source, Predicate<Transaction> drop, Predicate<Transaction> stop) {
        Path target = dir.resolve("crashed");
        List<Transaction> kept = new ArrayList<>();
        withLedger(source, ledger -> {
            boolean[] stopped = {false};
            ledger.readRecords(
                    1,
                    ledger.lastSequence(),
                    r -> r.transaction().ifPresent(tx -> {
                        stopped[0] |= stop.test(tx);
                        if (!stopped[0] && !drop.test(tx)) {
                            kept.add(tx);
                        }
                    }));
            return null;
        });
        try (Ledger copy = Ledger.open(FileLedgerStore.open(target))) {
            for (int from = 0; from < kept.size(); from += 1000) {
                copy.append(kept.subList(from, Math.min(kept.size(), from + 1000)));
            }
        }
        return target;
    }

    private static boolean isCommit(Transaction tx) {
        return tx.type().equals(LedgerRecorder.STOCKING_COMMITTED);
    }

    private static List<LedgerRecord> ofType(Ledger ledger, String type) {
        List<LedgerRecord> found = new ArrayList<>();
        ledger.readRecords(
                1,
                ledger.lastSequence(),
                r -> r.transaction().filter(tx -> tx.type().equals(type)).ifPresent(tx -> found.add(r)));
        return found;
    }

    @Test
    void open_recordsWithoutCommit_stockNothing_andTheAbortIsRecordedOnce() {
        List<String> first = codes(0, 100);
        List<String> second = codes(100, 100 + CODES);
        Path source = dir.resolve("source");
        importBoth(source, first, second);
        int[] commits = {0};
        // Every record of the second import, but not its commit: the crash came just before it.
        Path crashed = copyLedger(source, tx -> isCommit(tx) && ++commits[0] == 2, tx -> false);
        try (CardKeys cardKeys = open(crashed)) {
            assertThat(cardKeys.stock(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L));
            List<LedgerRecord> aborts = ofType(cardKeys.ledger(), LedgerRecorder.STOCKING_ABORTED);
            assertThat(aborts).hasSize(1);
            Transaction abort = aborts.get(0).transaction().orElseThrow();
            assertThat(abort.metadata()).containsEntry("batchId", "S2");
            assertThat(Long.parseLong(abort.metadata().get(LedgerRecorder.FIRST_SEQUENCE)))
                    .isPositive();
            assertThat(cardKeys.ledger().verify().records())
                    .isEqualTo(cardKeys.ledger().lastSequence());
        }
        try (CardKeys cardKeys = open(crashed)) {
            assertThat(ofType(cardKeys.ledger(), LedgerRecorder.STOCKING_ABORTED))
                    .as("the abort is recorded once")
                    .hasSize(1);
            ImportReport again = importAgain(cardKeys, "S2", second);
            assertThat(again.accepted()).isEqualTo(CODES);
            assertThat(again.duplicatesInStock()).isZero();
            assertThat(cardKeys.stock(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L + CODES));
            assertThat(importAgain(cardKeys, "S2", second).accepted()).isZero();
        }
        try (CardKeys cardKeys = open(crashed)) {
            assertThat(cardKeys.stock(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L + CODES));
            assertThat(cardKeys.ledger().verify().records())
                    .isEqualTo(cardKeys.ledger().lastSequence());
        }
    }

    @Test
    void open_partOfTheRecords_stockNothing_andTheirIdsAreNotHandedOutAgain() {
        List<String> first = codes(0, 100);
        List<String> second = codes(100, 100 + CODES);
        Path source = dir.resolve("source");
        importBoth(source, first, second);
        // The first 500 stocking records of the second import only (those after were never written).
        AtomicInteger stockRecords = new AtomicInteger();
        Path crashed = copyLedger(
                source,
                tx -> false,
                tx -> tx.type().equals(LedgerRecorder.STOCKED) && stockRecords.incrementAndGet() > 503);
        long highestWritten;
        try (Ledger ledger = Ledger.open(FileLedgerStore.open(crashed))) {
            LedgerRecord last = ledger.record(ledger.lastSequence());
            highestWritten = LedgerRecorder.lastCardKeyIdOf(
                    last.transaction().orElseThrow().id());
        }
        try (CardKeys cardKeys = open(crashed)) {
            assertThat(cardKeys.stock(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L));
            assertThat(cardKeys.cardKey(highestWritten)).isEmpty();
            List<CardKey> generated = cardKeys.generate(
                    new Batch(
                            "G",
                            SKU,
                            "self",
                            Money.ofMinor(0, SnapshotFixture.CNY),
                            Batch.Source.GENERATED,
                            Optional.empty()),
                    3);
            assertThat(generated).allSatisfy(k -> assertThat(k.id()).isGreaterThan(highestWritten));
            assertThat(cardKeys.history(generated.get(0).id())).hasSize(1);
            assertThat(importAgain(cardKeys, "S2", second).accepted()).isEqualTo(CODES);
        }
    }

    @Test
    void open_fromSnapshot_thenUncommittedRecords_areRolledBackToo() {
        Path data = dir.resolve("data");
        List<String> first = codes(0, 100);
        try (CardKeys cardKeys = open(data)) {
            cardKeys.putProduct(SnapshotFixture.product());
            importCodes(cardKeys, "S1", first);
        }
        assertThat(new InventorySnapshots(data).snapshots()).hasSize(1);
        // Stocking records of a stocking that never committed, after the snapshot.
        try (Ledger ledger = Ledger.open(FileLedgerStore.open(data))) {
            List<StockedCardKey> rows = SnapshotFixture.rows(
                    new InventorySnapshots(data).open(ledger).store(), 200);
            ledger.append(LedgerRecorder.stockTransactions("cut", rows));
        }
        try (CardKeys cardKeys = open(data)) {
            assertThat(cardKeys.stock(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L));
            assertThat(ofType(cardKeys.ledger(), LedgerRecorder.STOCKING_ABORTED))
                    .hasSize(1);
        }
        InventorySnapshots.Opened opened = withLedger(data, ledger -> new InventorySnapshots(data).open(ledger));
        assertThat(opened.unfinished()).isEmpty();
        assertThat(opened.store().countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L));
    }

    @Test
    void replay_commitAfterTheSnapshot_appliesTheRecordsBeforeIt() {
        Path source = dir.resolve("source");
        List<String> first = codes(0, 100);
        List<String> second = codes(100, 5100);
        importBoth(source, first, second);
        withLedger(source, ledger -> {
            long commit =
                    ofType(ledger, LedgerRecorder.STOCKING_COMMITTED).get(1).sequence();
            long begun = Long.parseLong(
                    ledger.record(commit).transaction().orElseThrow().metadata().get(LedgerRecorder.FIRST_SEQUENCE));
            // A store as a snapshot taken half way through the second stocking's records holds it: without them.
            InMemoryInventoryStore store = new InMemoryInventoryStore();
            InventoryRebuild.Rebuilt partial = InventoryRebuild.replay(ledger, store, 1, begun + 10);
            assertThat(partial.unfinished()).hasSize(1);
            assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 100L));
            InventoryRebuild.Rebuilt rest = InventoryRebuild.replay(ledger, store, begun + 11);
            assertThat(rest.unfinished()).isEmpty();
            assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 5100L));
            assertThat(SnapshotFixture.dump(store, second, List.of()))
                    .isEqualTo(SnapshotFixture.dump(InventoryRebuild.from(ledger), second, List.of()));
            return null;
        });
    }

    @Test
    void importFile_ledgerFailsPartWay_addsNothing_andRecordsTheAbort() {
        Ledger ledger = Ledger.open(LedgerStore.inMemory());
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        store.putProduct(SnapshotFixture.product());
        Batch batch = SnapshotFixture.batch("S1");
        store.putBatch(batch);
        LedgerRecorder recorder = new LedgerRecorder(ledger, store);
        AtomicInteger calls = new AtomicInteger();
        Stocking.Recorder failing = new Stocking.Recorder() {
            @Override
            public long stocked(String stockingId, Batch b, List<StockedCardKey> rows) {
                long first = recorder.stocked(stockingId, b, rows);
                if (calls.incrementAndGet() == 2) {
                    throw new IllegalStateException("disk full");
                }
                return first;
            }

            @Override
            public void committed(String stockingId, Batch b, long firstSequence, long codes) {
                recorder.committed(stockingId, b, firstSequence, codes);
            }

            @Override
            public void aborted(String stockingId, String batchId, long firstSequence) {
                recorder.aborted(stockingId, batchId, firstSequence);
            }
        };
        Inventory inventory = new Inventory(store, Clock.systemUTC(), 1000, recorder);
        Stocking stocking = new Stocking(inventory, Sealer.of(KEYSET), BlindIndexer.of(KEYSET), "tenant", failing);
        String file = String.join("\n", codes(0, 120_000));
        assertThatThrownBy(() -> stocking.importFile(batch, new StringReader(file), SnapshotFixture.FORMAT, true))
                .hasMessageContaining("disk full");
        assertThat(store.countByState(SKU)).isEmpty();
        assertThat(ofType(ledger, LedgerRecorder.STOCKING_COMMITTED)).isEmpty();
        assertThat(ofType(ledger, LedgerRecorder.STOCKING_ABORTED)).hasSize(1);
        InMemoryInventoryStore rebuilt = new InMemoryInventoryStore();
        assertThat(InventoryRebuild.replay(ledger, rebuilt, 1).unfinished()).isEmpty();
        assertThat(rebuilt.countByState(SKU)).isEmpty();
        ImportReport again = stocking.importFile(batch, new StringReader(file), SnapshotFixture.FORMAT, true);
        assertThat(again.accepted()).isEqualTo(120_000);
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 120_000L));
    }

    private static ImportReport importAgain(CardKeys cardKeys, String batchId, List<String> codes) {
        return cardKeys.importFile(
                SnapshotFixture.batch(batchId),
                new ByteArrayInputStream(String.join("\n", codes).getBytes(StandardCharsets.UTF_8)),
                SnapshotFixture.FORMAT);
    }
}
