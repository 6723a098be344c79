package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PairFormat;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: close, reopen, and everything acknowledged is back; no plaintext code in the files. */
class CardKeysDurabilityTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku STEAM = Sku.of("STEAM-100");
    private static final Sku GIFT = Sku.of("GIFT-50");
    private static final Sku PAIRS = Sku.of("PAIRS-30");
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));

    private CardKeys open() {
        return CardKeys.builder().keyset(KEYSET).clock(clock).dataDirectory(dir).build();
    }

    @Test
    void reopen_rebuildsStockOrdersAndTokens_andTheFilesHoldNoPlaintext() throws IOException {
        List<String> supplierCodes = List.of("PLAIN-SECRET-7001", "PLAIN-SECRET-7002", "PLAIN-SECRET-7003");
        List<String> pairSecrets =
                List.of("8800771166005544", "Pw-Zebra-Quartz-91", "8800771166005545", "Pw-Yak-Onyx-37");
        String token;
        List<Long> soldIds;
        List<String> generatedCodes = new ArrayList<>();
        try (CardKeys cardKeys = open()) {
            cardKeys.putProduct(new Product(STEAM, "Steam 100", Money.ofMinor(10000, CNY), false));
            cardKeys.putProduct(new Product(GIFT, "Gift 50", Money.ofMinor(5000, CNY), false));
            Batch batch =
                    new Batch("S1", STEAM, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty());
            cardKeys.importFile(
                    batch,
                    new ByteArrayInputStream(String.join("\n", supplierCodes).getBytes(StandardCharsets.UTF_8)),
                    ImportFormat.codes(CodeFormat.supplierText()));
            cardKeys.generate(
                    new Batch("G1", GIFT, "self", Money.ofMinor(0, CNY), Batch.Source.GENERATED, Optional.empty()), 2);
            cardKeys.putProduct(new Product(PAIRS, "Pairs", Money.ofMinor(3000, CNY), false));
            cardKeys.importFile(
                    new Batch("P1", PAIRS, "acme", Money.ofMinor(2000, CNY), Batch.Source.IMPORTED, Optional.empty()),
                    new ByteArrayInputStream(("card,password\n" + pairSecrets.get(0) + "," + pairSecrets.get(1) + "\n"
                                    + pairSecrets.get(2) + "," + pairSecrets.get(3) + "\n")
                            .getBytes(StandardCharsets.UTF_8)),
                    ImportFormat.pairs(PairFormat.supplierText()).withHeader());
            cardKeys.reserve("pp", "dave", PAIRS, 2, Duration.ofMinutes(15));
            Confirmation pp = cardKeys.confirm("pp", new Payment("ppay", Money.ofMinor(6000, CNY)));
            cardKeys.reveal("pp", pp.deliveryToken()).forEach(RevealedCode::destroy);
            cardKeys.refund("pp");
            cardKeys.reserve("o1", "alice", STEAM, 2, Duration.ofMinutes(15));
            Confirmation c = cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(20000, CNY)));
            token = c.deliveryToken();
            soldIds = c.order().cardKeyIds();
            cardKeys.reveal("o1", token).forEach(RevealedCode::destroy);
            cardKeys.reserve("o2", "bob", STEAM, 1, Duration.ofMinutes(15));
            cardKeys.reserve("g1", "carol", GIFT, 2, Duration.ofMinutes(15));
            Confirmation g = cardKeys.confirm("g1", new Payment("pg", Money.ofMinor(10000, CNY)));
            for (RevealedCode code : cardKeys.reveal("g1", g.deliveryToken())) {
                generatedCodes.add(code.code().utf8(ACCESS));
                code.destroy();
            }
            cardKeys.redeem(generatedCodes.get(0), "wallet:carol", "r1", "ip");
        }

        List<String> plaintexts = new ArrayList<>(supplierCodes);
        plaintexts.addAll(generatedCodes);
        plaintexts.addAll(pairSecrets);
        assertNoPlaintextIn(dir, plaintexts);

        try (CardKeys reopened = open()) {
            reopened.ledger().verify();
            assertThat(reopened.stock(STEAM)).isEqualTo(Map.of(CardKeyState.SOLD, 2L, CardKeyState.RESERVED, 1L));
            assertThat(reopened.stock(GIFT)).isEqualTo(Map.of(CardKeyState.SOLD, 1L, CardKeyState.REDEEMED, 1L));
            Order o1 = reopened.order("o1");
            assertThat(o1.state()).isEqualTo(OrderState.SOLD);
            assertThat(o1.cardKeyIds()).isEqualTo(soldIds);
            List<String> again = new ArrayList<>();
            for (RevealedCode code : reopened.reveal("o1", token)) {
                again.add(code.code().utf8(ACCESS));
                code.destroy();
            }
            assertThat(supplierCodes).containsAll(again);
            assertThat(again).hasSize(2);
            assertThat(reopened.cardKey(soldIds.get(0)).orElseThrow().revealed())
                    .isTrue();

            Confirmation late = reopened.confirm("o2", new Payment("p2", Money.ofMinor(10000, CNY)));
            assertThat(late.order().state()).isEqualTo(OrderState.SOLD);
            assertThat(reopened.redeem(generatedCodes.get(0), "wallet:carol", "r1", "ip")
                            .state())
                    .isEqualTo(CardKeyState.REDEEMED);
            assertThat(reopened.redeem(generatedCodes.get(1), "wallet:carol", "r2", "ip")
                            .state())
                    .isEqualTo(CardKeyState.REDEEMED);
            assertThat(reopened.product(STEAM)).isPresent();
        }
    }

    /**
     * Searches every file of a data directory, byte by byte, for each secret as typed, upper- and lower-cased, and
     * normalised (without dashes and spaces), in UTF-8 and both UTF-16 byte orders.
     */
    static void assertNoPlaintextIn(Path directory, List<String> secrets) throws IOException {
        List<String> forms = new ArrayList<>();
        for (String secret : secrets) {
            String bare = secret.replace("-", "").replace(" ", "");
            for (String form : List.of(secret, bare)) {
                forms.add(form);
                forms.add(form.toUpperCase(java.util.Locale.ROOT));
                forms.add(form.toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<java.nio.charset.Charset> charsets =
                List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);
        int files = 0;
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files++;
                byte[] content = Files.readAllBytes(file);
                for (String form : forms) {
                    for (java.nio.charset.Charset charset : charsets) {
                        assertThat(indexOf(content, form.getBytes(charset)))
                                .as("a plaintext code (%s) in %s", charset, file)
                                .isEqualTo(-1);
                    }
                }
            }
        }
        assertThat(files).as("files searched").isPositive();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
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
}
