package io.cardkey.core.internal;

import static io.cardkey.core.internal.SnapshotFixture.KEYSET;
import static io.cardkey.core.internal.SnapshotFixture.SKU;
import static io.cardkey.core.internal.SnapshotFixture.codes;
import static io.cardkey.core.internal.SnapshotFixture.dump;
import static io.cardkey.core.internal.SnapshotFixture.importCodes;
import static io.cardkey.core.internal.SnapshotFixture.withLedger;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Money;
import io.cardkey.core.Payment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventory snapshots: written at close, loaded on open, and never trusted when damaged or mismatched. */
class InventorySnapshotsTest {
    private static final List<String> ORDERS = List.of("o1", "o2", "o3");

    @TempDir
    Path dir;

    private CardKeys open() {
        return CardKeys.builder().keyset(KEYSET).dataDirectory(dir).build();
    }

    /** Stocks 300 codes, sells some, reserves some, refunds one order; closes (which writes a snapshot). */
    private List<String> populate() {
        List<String> codes = codes(0, 300);
        try (CardKeys cardKeys = open()) {
            cardKeys.putProduct(SnapshotFixture.product());
            importCodes(cardKeys, "S1", codes.subList(0, 200));
            importCodes(cardKeys, "S2", codes.subList(150, 300));
            cardKeys.reserve("o1", "alice", SKU, 5, Duration.ofMinutes(10));
            cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(5000, SnapshotFixture.CNY)));
            cardKeys.reserve("o2", "bob", SKU, 3, Duration.ofMinutes(10));
            cardKeys.reserve("o3", "carol", SKU, 2, Duration.ofMinutes(10));
            cardKeys.confirm("o3", new Payment("p3", Money.ofMinor(2000, SnapshotFixture.CNY)));
            cardKeys.refund("o3");
        }
        return codes;
    }

    private List<Object> fullReplay(List<String> codes) {
        return withLedger(dir, ledger -> dump(InventoryRebuild.from(ledger), codes, ORDERS));
    }

    private InventorySnapshots.Opened openFromSnapshots() {
        return withLedger(dir, ledger -> new InventorySnapshots(dir).open(ledger));
    }

    private List<Path> snapshotFiles() {
        return new InventorySnapshots(dir).snapshots();
    }

    @Test
    void close_writesSnapshot_andOpenLoadsItWithoutReplay() {
        List<String> codes = populate();
        assertThat(snapshotFiles()).hasSize(1);
        InventorySnapshots.Opened opened = openFromSnapshots();
        assertThat(opened.snapshotSequence()).isPositive();
        assertThat(opened.replayed()).isZero();
        assertThat(dump(opened.store(), codes, ORDERS)).isEqualTo(fullReplay(codes));
        assertThat(opened.store().countByState(SKU))
                .containsEntry(CardKeyState.SOLD, 5L)
                .containsEntry(CardKeyState.RESERVED, 3L)
                .containsEntry(CardKeyState.VOIDED, 2L)
                .containsEntry(CardKeyState.AVAILABLE, 290L);
    }

    @Test
    void open_snapshotOlderThanLedger_replaysTheTail() {
        List<String> codes = populate();
        Path first = snapshotFiles().get(0);
        try (CardKeys cardKeys = open()) {
            cardKeys.release("o2");
            importCodes(cardKeys, "S3", codes(300, 320));
        }
        // The close wrote a newer snapshot; drop it, as a crash before close would have.
        Path newest = snapshotFiles().get(0);
        assertThat(newest).isNotEqualTo(first);
        delete(newest);
        List<String> all = codes(0, 320);
        InventorySnapshots.Opened opened = openFromSnapshots();
        assertThat(opened.replayed()).isPositive();
        assertThat(dump(opened.store(), all, ORDERS)).isEqualTo(fullReplay(all));
        assertThat(opened.store().countByState(SKU)).containsEntry(CardKeyState.AVAILABLE, 313L);
    }

    @Test
    void open_corruptNewestSnapshot_fallsBackToTheOlderOne() throws IOException {
        List<String> codes = populate();
        try (CardKeys cardKeys = open()) {
            cardKeys.release("o2");
        }
        List<Path> files = snapshotFiles();
        assertThat(files).hasSize(2);
        byte[] bytes = Files.readAllBytes(files.get(0));
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(files.get(0), bytes);
        InventorySnapshots.Opened opened = openFromSnapshots();
        assertThat(opened.snapshotSequence()).isEqualTo(sequence(files.get(1)));
        assertThat(opened.replayed()).isPositive();
        assertThat(dump(opened.store(), codes, ORDERS)).isEqualTo(fullReplay(codes));
    }

    @Test
    void open_truncatedSnapshot_fallsBackToFullReplay() throws IOException {
        List<String> codes = populate();
        Path only = snapshotFiles().get(0);
        byte[] bytes = Files.readAllBytes(only);
        for (int keep : new int[] {0, 10, bytes.length / 3, bytes.length - 1}) {
            Files.write(only, java.util.Arrays.copyOf(bytes, keep));
            InventorySnapshots.Opened opened = openFromSnapshots();
            assertThat(opened.snapshotSequence()).as("kept %d bytes", keep).isZero();
            assertThat(dump(opened.store(), codes, ORDERS)).isEqualTo(fullReplay(codes));
        }
    }

    @Test
    void open_snapshotOfAnotherLedger_isIgnored(@TempDir Path other) throws IOException {
        List<String> codes = populate();
        Path mine = snapshotFiles().get(0);
        // A different data directory with a ledger at least as long, whose records differ.
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(KEYSET).dataDirectory(other).build()) {
            cardKeys.putProduct(SnapshotFixture.product());
            importCodes(cardKeys, "X", codes(5000, 5400));
            for (int i = 0; i < 40; i++) {
                cardKeys.reserve("x" + i, "buyer" + i, SKU, 1, Duration.ofMinutes(10));
            }
        }
        Path theirs = new InventorySnapshots(other).snapshots().get(0);
        delete(mine);
        Files.copy(theirs, mine.resolveSibling(theirs.getFileName().toString()));
        InventorySnapshots.Opened opened = openFromSnapshots();
        assertThat(opened.snapshotSequence()).isZero();
        assertThat(dump(opened.store(), codes, ORDERS)).isEqualTo(fullReplay(codes));
    }

    @Test
    void close_keepsTheNewestTwoSnapshots_andNoTemporaryFile() {
        populate();
        for (int i = 0; i < 3; i++) {
            try (CardKeys cardKeys = open()) {
                cardKeys.reserve("r" + i, "dave", SKU, 1, Duration.ofMinutes(10));
            }
        }
        assertThat(snapshotFiles()).hasSize(InventorySnapshots.KEEP);
        assertThat(dir.resolve(InventorySnapshots.DIRECTORY).resolve("snapshot.tmp"))
                .doesNotExist();
    }

    @Test
    void close_withNothingNew_writesNoSnapshot() {
        populate();
        Path before = snapshotFiles().get(0);
        try (CardKeys cardKeys = open()) {
            assertThat(cardKeys.stock(SKU)).containsEntry(CardKeyState.SOLD, 5L);
        }
        assertThat(snapshotFiles()).containsExactly(before);
    }

    @Test
    void dataDirectory_withSnapshots_holdsNoPlaintextCode() throws IOException {
        List<String> codes = populate();
        assertThat(snapshotFiles()).isNotEmpty();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String code : codes) {
                assertThat(content).as("plaintext code in %s", file).doesNotContain(code);
                assertThat(content).as("plaintext code in %s", file).doesNotContain(code.substring(6));
            }
        }
    }

    private static long sequence(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring("snapshot-".length(), name.length() - ".bin".length()));
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
