package io.cardkey.core.internal;

import static io.cardkey.core.internal.SnapshotFixture.KEYSET;
import static io.cardkey.core.internal.SnapshotFixture.SKU;
import static io.cardkey.core.internal.SnapshotFixture.codes;
import static io.cardkey.core.internal.SnapshotFixture.dump;
import static io.cardkey.core.internal.SnapshotFixture.withLedger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.crypto.PlaintextAccess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background inventory snapshots: written while the instance runs, every interval of ledger records; after a crash
 * ({@code kill -9} of a selling child JVM) the open starts from the newest one, and from an older one or a full replay
 * when it is torn.
 */
class InventorySnapshotsBackgroundTest {
    @TempDir
    Path dir;

    private static long sequence(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring("snapshot-".length(), name.length() - ".bin".length()));
    }

    @Test
    void running_writesSnapshotsEveryInterval_withoutClose() throws InterruptedException {
        try (CardKeys cardKeys = CardKeys.builder()
                .keyset(KEYSET)
                .dataDirectory(dir)
                .snapshotInterval(50)
                .build()) {
            cardKeys.putProduct(SnapshotFixture.product());
            SnapshotFixture.importCodes(cardKeys, "S1", codes(0, 500));
            for (int i = 0; i < 40; i++) {
                cardKeys.reserve("o" + i, "buyer", SKU, 1, Duration.ofMinutes(10));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            InventorySnapshots snapshots = new InventorySnapshots(dir);
            while (snapshots.snapshots().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(snapshots.snapshots()).isNotEmpty();
            assertThat(sequence(snapshots.snapshots().get(0))).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void snapshotInterval_belowOne_isRefused() {
        assertThatThrownBy(() -> CardKeys.builder().snapshotInterval(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snapshot interval was 0");
    }

    @Test
    void writeFromLedger_equalsTheLiveInventory_andSkipsWhileAStockingIsOpen() {
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(KEYSET).dataDirectory(dir).build()) {
            cardKeys.putProduct(SnapshotFixture.product());
            SnapshotFixture.importCodes(cardKeys, "S1", codes(0, 300));
            for (int i = 0; i < 10; i++) {
                cardKeys.reserve("o" + i, "buyer", SKU, 2, Duration.ofMinutes(10));
            }
        }
        List<String> orders = IntStream.range(0, 10).mapToObj(i -> "o" + i).toList();
        Path first = new InventorySnapshots(dir).snapshots().get(0);
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(KEYSET).dataDirectory(dir).build()) {
            for (int i = 10; i < 20; i++) {
                cardKeys.release("o" + (i - 10));
            }
            InventorySnapshots snapshots = new InventorySnapshots(dir);
            long last = cardKeys.ledger().lastSequence();
            assertThat(snapshots.writeFromLedger(cardKeys.ledger(), last)).isEqualTo(last);
            assertThat(snapshots.writeFromLedger(cardKeys.ledger(), last))
                    .as("nothing new")
                    .isZero();
            assertThat(snapshots.snapshots()).hasSize(2).contains(first);
        }
        InventorySnapshots.Opened opened = withLedger(dir, ledger -> new InventorySnapshots(dir).open(ledger));
        assertThat(dump(opened.store(), codes(0, 300), orders))
                .isEqualTo(withLedger(dir, ledger -> dump(InventoryRebuild.from(ledger), codes(0, 300), orders)));
        assertThat(opened.store().countByState(SKU)).containsEntry(CardKeyState.AVAILABLE, 300L);
        // A stocking whose records are written but not committed: no snapshot is taken at its ledger position.
        withLedger(dir, ledger -> {
            InventorySnapshots snapshots = new InventorySnapshots(dir);
            List<Path> before = snapshots.snapshots();
            ledger.append(LedgerRecorder.stockTransactions(
                    "open", SnapshotFixture.rows(snapshots.open(ledger).store(), 100)));
            assertThat(snapshots.writeFromLedger(ledger, ledger.lastSequence())).isZero();
            assertThat(snapshots.snapshots()).isEqualTo(before);
            return null;
        });
    }

    @Test
    @Tag("slow")
    void crashAfterBackgroundSnapshot_reopensFromIt_andFallsBackWhenItIsTorn() throws Exception {
        Path keyFile = dir.resolve("test-keyset.bin");
        Files.write(keyFile, KEYSET.exportUnencrypted(PlaintextAccess.grant()));
        Path data = dir.resolve("data");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SnapshotCrashSeller.class.getName(),
                        data.toString(),
                        keyFile.toString())
                .redirectErrorStream(true)
                .start();
        InventorySnapshots snapshots = new InventorySnapshots(data);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("STOCKED")) {
                // Skip the child's log lines.
            }
            assertThat(line).isEqualTo("STOCKED");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (snapshots.snapshots().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // Let it sell on past the snapshot, then kill it.
            Thread.sleep(150);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        List<Path> files = snapshots.snapshots();
        assertThat(files).hasSizeGreaterThanOrEqualTo(1);
        List<String> codes = codes(0, SnapshotCrashSeller.CODES);
        List<String> orders = new ArrayList<>();
        long lastSequence = withLedger(data, ledger -> ledger.lastSequence());
        for (int i = 0; i < lastSequence; i++) {
            orders.add("o" + i);
        }
        List<Object> truth = withLedger(data, ledger -> dump(InventoryRebuild.from(ledger), codes, orders));
        InventorySnapshots.Opened opened = withLedger(data, ledger -> snapshots.open(ledger));
        assertThat(opened.snapshotSequence()).isEqualTo(sequence(files.get(0)));
        assertThat(opened.snapshotSequence()).isGreaterThan(0).isLessThanOrEqualTo(lastSequence);
        assertThat(dump(opened.store(), codes, orders)).isEqualTo(truth);
        // A torn newest snapshot (cut at the crash, half written): the open falls back to the one before it.
        byte[] bytes = Files.readAllBytes(files.get(0));
        Files.write(files.get(0), Arrays.copyOf(bytes, bytes.length / 2));
        InventorySnapshots.Opened fallback = withLedger(data, ledger -> snapshots.open(ledger));
        assertThat(fallback.snapshotSequence())
                .isEqualTo(files.size() > 1 ? sequence(files.get(1)) : 0)
                .isLessThan(opened.snapshotSequence());
        assertThat(dump(fallback.store(), codes, orders)).isEqualTo(truth);
        try (CardKeys reopened =
                CardKeys.builder().keyset(KEYSET).dataDirectory(data).build()) {
            assertThat(reopened.ledger().verify().records())
                    .isEqualTo(reopened.ledger().lastSequence());
            assertThat(reopened.stock(SKU).values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(SnapshotCrashSeller.CODES);
        }
    }
}
