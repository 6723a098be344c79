package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.contract.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redaction on the file journal, seen from the disk: after it, neither the value nor its salt is in any file of the
 * data directory (segments, snapshot, anything else), and a crash between recording the redaction and erasing the
 * value is completed when the ledger is opened again.
 */
class FileLedgerRedactionTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId CASH = AccountId.of("platform:cash");
    private static final AccountId REVENUE = AccountId.of("platform:revenue");
    private static final String PHONE = "+86 139 2718 2818";
    private static final String EMAIL = "zhang.wei.7731@example.cn";

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    private Ledger open(LedgerStore store) {
        return Ledger.builder().clock(clock).snapshotInterval(2).open(store);
    }

    private static FileLedgerStore.Options small() {
        return FileLedgerStore.options().segmentSize(4096).build();
    }

    private static Transaction sale(String id, String phone) {
        return Transaction.builder(id, "card.sold")
                .posting(CASH, REVENUE, 300)
                .metadata("orderId", "o-" + id)
                .sensitiveMetadata("buyerPhone", phone)
                .sensitiveMetadata("buyerEmail", EMAIL)
                .build();
    }

    /** Writes sales with snapshots taken while the values are stored; returns the salt of s2's phone number. */
    private byte[] writeSales(Ledger ledger) {
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(REVENUE, CNY));
        for (int i = 0; i < 12; i++) {
            ledger.append(sale("s" + i, i == 2 ? PHONE : "+86 100 0000 00" + (10 + i)));
        }
        LedgerRecord r = ledger.transaction("s2").orElseThrow();
        byte[] stored = r.storedBytesShared();
        int phoneSlot = r.canonicalLength() + 3 + RecordCodec.slotLength(EMAIL.length()) + 3;
        return Arrays.copyOfRange(stored, phoneSlot, phoneSlot + RecordCodec.SALT_LENGTH);
    }

    @Test
    void redact_thenClose_valueAndSaltAreInNoFileOfTheDataDirectory() throws IOException {
        byte[] salt;
        try (Ledger ledger = open(FileLedgerStore.open(directory, small()))) {
            salt = writeSales(ledger);
            assertThat(ledger.findByMetadata("buyerPhone", PHONE)).hasSize(1);
        }
        assertThat(occurrences(directory, PHONE.getBytes(StandardCharsets.UTF_8)))
                .as("the search finds the value before the redaction")
                .isNotEmpty();
        assertThat(occurrences(directory, salt)).isNotEmpty();

        try (Ledger ledger = open(FileLedgerStore.open(directory, small()))) {
            ledger.redact("s2", "buyerPhone", "dpo@shop.example", "erasure request 2026-117");
            ledger.append(sale("s99", "+86 100 0000 0099"));
        }

        assertThat(occurrences(directory, PHONE.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(occurrences(directory, salt)).isEmpty();
        // The other entries are untouched: s2's e-mail and every other sale's phone number are still there.
        assertThat(occurrences(directory, "+86 100 0000 0011".getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
        try (Ledger ledger = open(FileLedgerStore.open(directory, small()))) {
            assertThat(ledger.transaction("s2")
                            .orElseThrow()
                            .transaction()
                            .orElseThrow()
                            .metadata())
                    .containsEntry("buyerEmail", EMAIL)
                    .doesNotContainKey("buyerPhone");
            assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
        }
    }

    @Test
    void crashBetweenRecordingAndErasing_openCompletesTheErasure() throws IOException {
        FailingRedactions store = new FailingRedactions(FileLedgerStore.open(directory, small()));
        Ledger ledger = open(store);
        byte[] salt = writeSales(ledger);

        assertThatThrownBy(() -> ledger.redact("s2", "buyerPhone", "dpo", "erasure request"))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("reopen it to complete the erasure")
                .hasMessageNotContaining(PHONE);
        // The ledger stopped: nothing more is accepted until it is reopened.
        assertThatThrownBy(() -> ledger.append(sale("late", "+86 100 0000 0001")))
                .isInstanceOf(LedgerException.class);
        ledger.close();
        assertThat(occurrences(directory, PHONE.getBytes(StandardCharsets.UTF_8)))
                .as("the value is still on disk after the simulated crash")
                .isNotEmpty();

        try (Ledger reopened = open(FileLedgerStore.open(directory, small()))) {
            LedgerRecord sale = reopened.transaction("s2").orElseThrow();
            assertThat(sale.transaction().orElseThrow().redactedMetadataKeys()).containsExactly("buyerPhone");
            assertThat(reopened.findByMetadata("buyerPhone", PHONE)).isEmpty();
            assertThat(reopened.record(reopened.lastSequence()).redaction())
                    .hasValueSatisfying(d -> assertThat(d.transactionId()).isEqualTo("s2"));
            assertThat(reopened.verify().records()).isEqualTo(reopened.lastSequence());
        }
        assertThat(occurrences(directory, PHONE.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(occurrences(directory, salt)).isEmpty();
    }

    @Test
    void verify_valueStillStoredAfterItsRedaction_namesTheRedactionRecord() {
        TamperableStore store = new TamperableStore();
        long redactionSequence;
        try (Ledger ledger = open(store)) {
            writeSales(ledger);
            long target = ledger.transaction("s2").orElseThrow().sequence();
            byte[] before = store.stored(target);
            redactionSequence = ledger.redact("s2", "buyerPhone", "dpo", "r").sequence();
            store.put(target, before);
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
                assertThat(e.getSequence()).isEqualTo(redactionSequence);
                assertThat(e.getReason()).contains("still holds the value").doesNotContain(PHONE);
            });
        }
    }

    @Test
    void verify_valueErasedWithoutARedactionRecord_namesTheRecord() {
        TamperableStore store = new TamperableStore();
        try (Ledger ledger = open(store)) {
            writeSales(ledger);
            LedgerRecord sale = ledger.transaction("s2").orElseThrow();
            store.put(sale.sequence(), RecordCodec.erase(sale, "buyerPhone"));
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
                assertThat(e.getSequence()).isEqualTo(sale.sequence());
                assertThat(e.getReason()).contains("'buyerPhone' was erased, but no redaction record says so");
            });
        }
    }

    @Test
    void verify_sealedValueAltered_namesTheRecordWithoutTheValue() {
        TamperableStore store = new TamperableStore();
        try (Ledger ledger = open(store)) {
            writeSales(ledger);
            LedgerRecord sale = ledger.transaction("s2").orElseThrow();
            byte[] stored = store.stored(sale.sequence());
            int at = indexOf(stored, PHONE.getBytes(StandardCharsets.UTF_8));
            store.flipByte(sale.sequence(), at + 5);
            assertThat(stored.length).isEqualTo(store.recordLength(sale.sequence()));
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
                assertThat(e.getSequence()).isEqualTo(sale.sequence());
                assertThat(e.getReason()).contains("does not match its hash").doesNotContain("139");
            });
        }
    }

    /** Every place {@code needle} occurs in any regular file under {@code root}, as "file@offset". */
    static List<String> occurrences(Path root, byte[] needle) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .flatMap(file -> {
                        try {
                            byte[] bytes = Files.readAllBytes(file);
                            int at = indexOf(bytes, needle);
                            return at < 0 ? Stream.empty() : Stream.of(file.getFileName() + "@" + at);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A file store whose erasures fail, as if the process died after the redaction record became durable. */
    private static final class FailingRedactions implements LedgerStore {
        private final LedgerStore store;

        FailingRedactions(LedgerStore store) {
            this.store = store;
        }

        @Override
        public long lastSequence() {
            return store.lastSequence();
        }

        @Override
        public CompletableFuture<Void> append(long firstSequence, List<byte[]> records) {
            return store.append(firstSequence, records);
        }

        @Override
        public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
            store.read(fromSequence, toSequence, consumer);
        }

        @Override
        public void redact(long sequence, byte[] record) {
            throw new JournalIoException(Path.of("simulated"), "erasing (the process dies here)", new IOException());
        }

        @Override
        public void saveSnapshot(long sequence, byte[] state) {
            store.saveSnapshot(sequence, state);
        }

        @Override
        public Optional<Snapshot> latestSnapshot() {
            return store.latestSnapshot();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
