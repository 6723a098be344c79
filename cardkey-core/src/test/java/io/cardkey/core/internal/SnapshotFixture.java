package io.cardkey.core.internal;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.Money;
import io.cardkey.core.OrderState;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** Shared pieces of the snapshot tests: a keyset, supplier codes, and a comparable dump of a store. */
final class SnapshotFixture {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku SKU = Sku.of("STEAM-100");
    static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);
    static final ImportFormat FORMAT = ImportFormat.codes(CodeFormat.supplierText());

    private SnapshotFixture() {}

    static Product product() {
        return new Product(SKU, "Steam 100", Money.ofMinor(1000, CNY), false);
    }

    static Batch batch(String id) {
        return new Batch(id, SKU, "acme", Money.ofMinor(800, CNY), Batch.Source.IMPORTED, Optional.empty());
    }

    /** Supplier codes {@code PLAIN-CODE-<i>} for i in [from, to). */
    static List<String> codes(int from, int to) {
        List<String> codes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            codes.add("PLAIN-CODE-" + (100000 + i));
        }
        return codes;
    }

    static void importCodes(CardKeys cardKeys, String batchId, List<String> codes) {
        cardKeys.importFile(
                batch(batchId),
                new ByteArrayInputStream(String.join("\n", codes).getBytes(StandardCharsets.UTF_8)),
                FORMAT);
    }

    /** The stored blind index of a supplier code, as the import computed it. */
    static byte[] blindIndex(String code) {
        CardCode parsed = CodeFormat.supplierText().parse(code);
        try {
            return Stocking.stored(BlindIndexer.of(KEYSET).index(parsed.normalised()));
        } finally {
            parsed.destroy();
        }
    }

    /** Opens the data directory's ledger alone and applies {@code check} to it. */
    static <T> T withLedger(Path dir, Function<Ledger, T> check) {
        try (Ledger ledger = Ledger.open(FileLedgerStore.open(dir))) {
            return check.apply(ledger);
        }
    }

    /**
     * Returns everything a store answers about the codes, orders and products named: rows, sealed secrets (as
     * text of their bytes, which are ciphertext), blind-index look-ups, first-expiring-first listings, counts and
     * the next id. Two stores with equal dumps answer every query of the test the same.
     */
    static List<Object> dump(InventoryStore store, Collection<String> codes, Collection<String> orderIds) {
        List<Object> out = new ArrayList<>();
        long next = store.reserveIds(1);
        out.add(next);
        for (long id = 1; id < next; id++) {
            out.add(store.cardKey(id));
            out.add(store.sealedSecret(id).map(Arrays::toString));
        }
        for (String code : codes) {
            out.add(store.cardKeyByBlindIndex(blindIndex(code)).map(k -> k.id()));
        }
        for (String orderId : orderIds) {
            out.add(store.order(orderId));
            store.order(orderId)
                    .flatMap(o -> o.paymentReference())
                    .ifPresent(ref -> out.add(store.orderIdByPaymentReference(ref)));
        }
        out.add(store.product(SKU));
        out.add(store.countByState(SKU));
        for (CardKeyState state : CardKeyState.values()) {
            out.add(store.cardKeys(SKU, state, 100_000));
        }
        for (OrderState state : OrderState.values()) {
            out.add(store.orders(SKU, state, 100_000));
        }
        out.add(store.reservationsDue(Instant.MAX, 100_000));
        return out;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} new rows after the store's codes, copying the protected forms of its first code (never opened). */
    static List<InventoryStore.StockedCardKey> rows(InMemoryInventoryStore store, int n) {
        long first = store.reserveIds(n);
        CardKey model = store.cardKey(1).orElseThrow();
        byte[] sealed = store.sealedSecret(1).orElseThrow();
        List<InventoryStore.StockedCardKey> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] index = SnapshotFixture.blindIndex("PLAIN-CODE-" + (900000 + i));
            rows.add(new InventoryStore.StockedCardKey(
                    CardKey.available(first + i, SKU, model.batchId(), model.expiresAt(), model.maskedCode()),
                    index,
                    sealed));
        }
        return rows;
    }
}
