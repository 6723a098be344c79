package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
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
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String code : plaintexts) {
                    assertThat(content).as("plaintext code in %s", file).doesNotContain(code);
                }
            }
        }

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
}
