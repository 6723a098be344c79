package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.InventoryStore.ProtectedForms;
import io.cardkey.core.internal.InMemoryInventoryStore;
import io.cardkey.crypto.AuthenticationFailedException;
import io.cardkey.crypto.BlindIndex;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PairFormat;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.RetiredKeyException;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation end to end: rotate, rewrap every code, retire the old key, and everything still opens. */
class CardKeysRewrapTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku STEAM = Sku.of("STEAM-100");
    private static final Sku GIFT = Sku.of("GIFT-50");
    private static final Sku PAIRS = Sku.of("PAIRS-30");
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final List<String> SUPPLIER = List.of("PLAIN-SECRET-7001", "PLAIN-SECRET-7002");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private final Keyset old = Keyset.generate(Suite.AES_256_GCM);
    private final Keyset rotated = old.rotate();
    private final Keyset retired = rotated.retire(old.primaryKeyId());

    private CardKeys open(Keyset keyset) {
        return CardKeys.builder().keyset(keyset).clock(clock).dataDirectory(dir).build();
    }

    /** Supplier codes, generated codes and card-password pairs; one STEAM code sold and revealed. */
    private static List<String> stock(CardKeys cardKeys, int generated) {
        cardKeys.putProduct(new Product(STEAM, "Steam 100", Money.ofMinor(10000, CNY), false));
        cardKeys.putProduct(new Product(GIFT, "Gift 50", Money.ofMinor(5000, CNY), false));
        cardKeys.putProduct(new Product(PAIRS, "Pairs", Money.ofMinor(3000, CNY), false));
        cardKeys.importFile(
                new Batch("S1", STEAM, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty()),
                new ByteArrayInputStream(String.join("\n", SUPPLIER).getBytes(StandardCharsets.UTF_8)),
                ImportFormat.codes(CodeFormat.supplierText()));
        List<String> codes = new ArrayList<>();
        cardKeys.generate(
                new Batch("G1", GIFT, "self", Money.ofMinor(0, CNY), Batch.Source.GENERATED, Optional.empty()),
                generated,
                code -> codes.add(code.code().utf8(ACCESS)));
        cardKeys.importFile(
                new Batch("P1", PAIRS, "acme", Money.ofMinor(2000, CNY), Batch.Source.IMPORTED, Optional.empty()),
                new ByteArrayInputStream(
                        "8800771166005544,Pw-Zebra-91\n8800771166005545,Pw-Yak-37\n".getBytes(StandardCharsets.UTF_8)),
                ImportFormat.pairs(PairFormat.supplierText()));
        cardKeys.reserve("early", "alice", STEAM, 1, Duration.ofMinutes(15));
        Confirmation sold = cardKeys.confirm("early", new Payment("p-early", Money.ofMinor(10000, CNY)));
        cardKeys.reveal("early", sold.deliveryToken()).forEach(RevealedCode::destroy);
        return codes;
    }

    /** Sells and reveals every available code, and re-reveals the early order with a current token. */
    private static List<String> revealEverything(CardKeys cardKeys) {
        List<String> plaintexts = new ArrayList<>();
        Confirmation early = cardKeys.confirm("early", new Payment("p-early", Money.ofMinor(10000, CNY)));
        reveal(cardKeys, early, plaintexts);
        for (Sku sku : List.of(STEAM, GIFT, PAIRS)) {
            long available = cardKeys.stock(sku).getOrDefault(CardKeyState.AVAILABLE, 0L);
            Product product = cardKeys.product(sku).orElseThrow();
            String order = "all-" + sku.code();
            cardKeys.reserve(order, "zed", sku, (int) available, Duration.ofMinutes(15));
            Confirmation c = cardKeys.confirm(
                    order, new Payment("p-" + order, product.unitPrice().multipliedBy(available)));
            reveal(cardKeys, c, plaintexts);
        }
        return plaintexts;
    }

    private static void reveal(CardKeys cardKeys, Confirmation c, List<String> into) {
        for (RevealedCode code : cardKeys.reveal(c.order().orderId(), c.deliveryToken())) {
            into.add(code.code().utf8(ACCESS)
                    + code.password().map(p -> "," + p.utf8(ACCESS)).orElse(""));
            code.destroy();
        }
    }

    @Test
    void rewrap_thenRetire_everyCodeRevealsAndRedeems_andTheFormsNameTheNewKey() {
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        Ledger ledger = Ledger.open(LedgerStore.inMemory());
        List<String> generated;
        try (CardKeys before = CardKeys.builder()
                .keyset(old)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            generated = stock(before, 3);
        }
        List<RewrapReport> progress = new ArrayList<>();
        RewrapReport report;
        try (CardKeys during = CardKeys.builder()
                .keyset(rotated)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            report = during.rewrapSealedCodes(progress::add);
            assertThat(during.rewrapSealedCodes(r -> {})).isEqualTo(new RewrapReport(rotated.primaryKeyId(), 7, 0));
        }
        assertThat(report).isEqualTo(new RewrapReport(rotated.primaryKeyId(), 7, 7));
        assertThat(progress).containsExactly(report);
        for (ProtectedForms forms : store.protectedForms(0, 100)) {
            assertThat(SealedSecret.fromBytes(forms.sealedSecret()).keyId()).isEqualTo(rotated.primaryKeyId());
            assertThat(ByteBuffer.wrap(forms.blindIndex()).getInt()).isEqualTo(rotated.primaryKeyId());
        }
        try (CardKeys after = CardKeys.builder()
                .keyset(retired)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            assertThat(after.lookup(SUPPLIER.get(1))).isPresent();
            List<String> revealed = revealEverything(after);
            assertThat(after.redeem(generated.get(0), "wallet:bob", "r1", "ip").state())
                    .isEqualTo(CardKeyState.REDEEMED);
            assertThat(revealed)
                    .containsExactlyInAnyOrder(
                            SUPPLIER.get(0),
                            SUPPLIER.get(1),
                            generated.get(0),
                            generated.get(1),
                            generated.get(2),
                            "8800771166005544,Pw-Zebra-91",
                            "8800771166005545,Pw-Yak-37");
        }
    }

    @Test
    void rewrap_thenReopenWithTheOldKeyRetired_everyCodeOpens_bySnapshotAndByFullReplay() throws IOException {
        try (CardKeys before = open(old)) {
            stock(before, 3);
        }
        try (CardKeys during = open(rotated)) {
            assertThat(during.rewrapSealedCodes(r -> {}).rewrapped()).isEqualTo(7);
        }
        try (CardKeys after = open(retired)) {
            after.ledger().verify();
            assertThat(after.lookup(SUPPLIER.get(0))).isPresent();
        }
        deleteSnapshots();
        try (CardKeys replayed = open(retired)) {
            assertThat(revealEverything(replayed)).hasSize(7);
        }
    }

    @Test
    void rewrap_stoppedAfterTheFirstChunk_everyCodeStillOpens_andARerunFinishes() throws IOException {
        List<String> generated;
        try (CardKeys before = open(old)) {
            generated = stock(before, 1500);
        }
        try (CardKeys during = open(rotated)) {
            assertThatThrownBy(() -> during.rewrapSealedCodes(r -> {
                        throw new IllegalStateException("stopped at " + r.examined());
                    }))
                    .hasMessage("stopped at 1024");
        }
        // A crash before the snapshot at close: the inventory is replayed from the ledger alone.
        deleteSnapshots();
        try (CardKeys reopened = open(rotated)) {
            assertThat(reopened.lookup(generated.get(0))).isPresent();
            assertThat(reopened.lookup(generated.get(1499))).isPresent();
            RewrapReport rest = reopened.rewrapSealedCodes(r -> {});
            assertThat(rest).isEqualTo(new RewrapReport(rotated.primaryKeyId(), 1504, 1504 - 1024));
        }
        deleteSnapshots();
        try (CardKeys after = open(retired)) {
            assertThat(revealEverything(after)).hasSize(1504);
            assertThat(after.redeem(generated.get(1499), "wallet:bob", "r1", "ip")
                            .state())
                    .isEqualTo(CardKeyState.REDEEMED);
        }
    }

    @Test
    void rewrap_nullProgress_throwsNullPointer() {
        try (CardKeys cardKeys = open(rotated)) {
            assertThatThrownBy(() -> cardKeys.rewrapSealedCodes(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void rewrap_codeUnderARetiredKey_throwsRetiredKey() {
        try (CardKeys before = open(old)) {
            stock(before, 1);
        }
        try (CardKeys tooEarly = open(retired)) {
            assertThatThrownBy(() -> tooEarly.rewrapSealedCodes(r -> {})).isInstanceOf(RetiredKeyException.class);
        }
    }

    @Test
    void rewrap_alteredSealedSecret_throwsAuthenticationFailed_andTheCodesBeforeItAreMoved() {
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        Ledger ledger = Ledger.open(LedgerStore.inMemory());
        try (CardKeys before = CardKeys.builder()
                .keyset(old)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            stock(before, 3);
        }
        ProtectedForms third = store.protectedForms(2, 1).get(0);
        byte[] altered = third.sealedSecret();
        altered[altered.length - 1] ^= 1;
        store.replaceProtectedForms(List.of(new ProtectedForms(third.cardKeyId(), third.blindIndex(), altered)));
        try (CardKeys during = CardKeys.builder()
                .keyset(rotated)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            assertThatThrownBy(() -> during.rewrapSealedCodes(r -> {}))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
        // The chunk holding it was not written; nothing was moved.
        assertThat(store.protectedForms(0, 100))
                .allSatisfy(
                        f -> assertThat(SealedSecret.fromBytes(f.sealedSecret()).keyId())
                                .isEqualTo(old.primaryKeyId()));
    }

    @Test
    void import_afterRotationBeforeRewrap_findsCodesStockedUnderTheOlderKey() {
        try (CardKeys before = open(old)) {
            stock(before, 1);
        }
        try (CardKeys during = open(rotated)) {
            ImportReport codes = during.importFile(
                    new Batch("S2", STEAM, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty()),
                    new ByteArrayInputStream(
                            (String.join("\n", SUPPLIER) + "\nPLAIN-SECRET-7003").getBytes(StandardCharsets.UTF_8)),
                    ImportFormat.codes(CodeFormat.supplierText()));
            assertThat(codes.accepted()).isEqualTo(1);
            assertThat(codes.duplicatesInStock()).isEqualTo(2);
            ImportReport pairs = during.importFile(
                    new Batch("P2", PAIRS, "acme", Money.ofMinor(2000, CNY), Batch.Source.IMPORTED, Optional.empty()),
                    new ByteArrayInputStream("8800771166005544,Pw-Zebra-91\n".getBytes(StandardCharsets.UTF_8)),
                    ImportFormat.pairs(PairFormat.supplierText()));
            assertThat(pairs.accepted()).isZero();
            assertThat(pairs.duplicatesInStock()).isEqualTo(1);
            assertThat(during.rewrapSealedCodes(r -> {}).rewrapped()).isEqualTo(5);
        }
    }

    @Test
    void rewrap_sameCodeStockedUnderBothKeys_throwsDuplicate_andMovesNothingOfThatChunk() {
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        Ledger ledger = Ledger.open(LedgerStore.inMemory());
        try (CardKeys before = CardKeys.builder()
                .keyset(old)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            stock(before, 1);
        }
        try (CardKeys during = CardKeys.builder()
                .keyset(rotated)
                .clock(clock)
                .store(store)
                .ledger(ledger)
                .build()) {
            // A second row of an old code, sealed and indexed under the new key (as another instance might stock it).
            long stocked = during.lookup(SUPPLIER.get(1)).orElseThrow().id();
            long id = store.reserveIds(1);
            CardCode code = CodeFormat.supplierText().parse(SUPPLIER.get(1));
            BlindIndex index = BlindIndexer.of(rotated).index(code.normalised());
            CardKey row = CardKey.available(id, STEAM, "S1", Optional.empty(), code.masked());
            store.addCardKeys(List.of(new InventoryStore.StockedCardKey(
                    row,
                    ByteBuffer.allocate(4 + BlindIndex.LENGTH)
                            .putInt(index.keyId())
                            .put(index.toBytes())
                            .array(),
                    Sealer.of(rotated)
                            .seal(code.normalised(), RecordBinding.of("default", STEAM.code(), Long.toString(id)))
                            .toBytes())));
            code.destroy();
            assertThatThrownBy(() -> during.rewrapSealedCodes(r -> {}))
                    .isInstanceOf(DuplicateCardKeyException.class)
                    .extracting(e -> ((DuplicateCardKeyException) e).cardKeyId())
                    .as("the old row, whose new index the second row holds")
                    .isEqualTo(stocked);
        }
        assertThat(store.protectedForms(0, 100))
                .filteredOn(f -> SealedSecret.fromBytes(f.sealedSecret()).keyId() == old.primaryKeyId())
                .hasSize(5);
    }

    private void deleteSnapshots() throws IOException {
        Path snapshots = dir.resolve("inventory");
        if (Files.isDirectory(snapshots)) {
            try (Stream<Path> files = Files.walk(snapshots)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
