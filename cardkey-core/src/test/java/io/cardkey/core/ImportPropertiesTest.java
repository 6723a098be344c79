package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any supplier file: every line is accounted for exactly once, and importing it again adds nothing. */
class ImportPropertiesTest {
    private static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("S");

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> code = Arbitraries.of("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG");
        Arbitrary<String> blank = Arbitraries.of("", "   ");
        Arbitrary<String> tooLong = Arbitraries.just("X".repeat(300));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, code),
                        net.jqwik.api.Tuple.of(1, blank),
                        net.jqwik.api.Tuple.of(1, tooLong))
                .list()
                .ofMaxSize(40);
    }

    @Property(tries = 100)
    void everyLineIsCountedOnce_andReimportAddsNothing(
            @ForAll("lines") List<String> lines, @ForAll boolean allOrNothing) {
        CardKeys cardKeys = CardKeys.builder().keyset(KEYSET).build();
        cardKeys.putProduct(new Product(SKU, "s", Money.ofMinor(100, CNY), false));
        String text = String.join("\n", lines);
        ImportReport first = importFile(cardKeys, "B1", text, allOrNothing);

        Set<String> distinct = new HashSet<>();
        long blank = 0;
        long malformed = 0;
        long repeats = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                blank++;
            } else if (line.length() > 256) {
                malformed++;
            } else if (!distinct.add(line)) {
                repeats++;
            }
        }
        boolean refused = allOrNothing && malformed > 0;
        assertThat(first.lines()).isEqualTo(text.lines().count());
        assertThat(first.malformed()).isEqualTo(malformed);
        assertThat(first.duplicatesInFile()).isEqualTo(repeats);
        assertThat(first.duplicatesInStock()).isZero();
        assertThat(first.accepted()).isEqualTo(refused ? 0 : distinct.size());
        long stocked = cardKeys.stock(SKU).getOrDefault(CardKeyState.AVAILABLE, 0L);
        assertThat(stocked).isEqualTo(first.accepted());

        ImportReport second = importFile(cardKeys, "B2", text, allOrNothing);
        assertThat(second.accepted()).isZero();
        if (!refused) {
            assertThat(second.duplicatesInStock()).isEqualTo(distinct.size());
        }
        assertThat(cardKeys.stock(SKU)).isEqualTo(stocked == 0 ? Map.of() : Map.of(CardKeyState.AVAILABLE, stocked));
    }

    private static ImportReport importFile(CardKeys cardKeys, String batchId, String text, boolean allOrNothing) {
        Batch batch = new Batch(batchId, SKU, "acme", Money.ofMinor(50, CNY), Batch.Source.IMPORTED, Optional.empty());
        return cardKeys.importFile(
                batch,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                ImportFormat.codes(CodeFormat.supplierText()),
                allOrNothing);
    }
}
