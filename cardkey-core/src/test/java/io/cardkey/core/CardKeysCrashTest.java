package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a selling child JVM ({@code kill -9}) several times, reopening the data directory after each: every sale the
 * child acknowledged is back, no code is in two orders, the stock adds up and the ledger verifies.
 */
@Tag("slow")
class CardKeysCrashTest {
    static final Sku SKU = Sku.of("CRASH");
    private static final int CODES = 3_000;

    @TempDir
    Path dir;

    @Test
    void killDuringSales_reopenKeepsEveryAcknowledgedSale() throws Exception {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        Path keyFile = dir.resolve("test-keyset.bin");
        Files.write(keyFile, keyset.exportUnencrypted(PlaintextAccess.grant()));
        Path data = dir.resolve("data");
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(keyset).dataDirectory(data).build()) {
            cardKeys.putProduct(new Product(SKU, "crash", Money.ofMinor(100, Currency.getInstance("CNY")), false));
            cardKeys.generate(
                    new Batch(
                            "G",
                            SKU,
                            "self",
                            Money.ofMinor(10, Currency.getInstance("CNY")),
                            Batch.Source.GENERATED,
                            Optional.empty()),
                    CODES);
        }
        Map<String, List<Long>> acknowledged = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashSeller.class.getName(),
                            data.toString(),
                            keyFile.toString())
                    .redirectErrorStream(true)
                    .start();
            int target = acknowledged.size() + 40 + round * 25;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        String[] parts = line.split(" ");
                        acknowledged.put(
                                parts[1],
                                Arrays.stream(parts[2].split(","))
                                        .map(Long::valueOf)
                                        .toList());
                        if (acknowledged.size() >= target) {
                            child.destroyForcibly();
                            break;
                        }
                    } else if (line.equals("SOLD-OUT")) {
                        break;
                    }
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            check(keyset, data, acknowledged);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);
    }

    private static void check(Keyset keyset, Path data, Map<String, List<Long>> acknowledged) {
        try (CardKeys reopened =
                CardKeys.builder().keyset(keyset).dataDirectory(data).build()) {
            reopened.ledger().verify();
            Set<Long> seen = new HashSet<>();
            for (Map.Entry<String, List<Long>> sale : acknowledged.entrySet()) {
                Order order = reopened.order(sale.getKey());
                assertThat(order.state()).as(sale.getKey()).isEqualTo(OrderState.SOLD);
                assertThat(order.cardKeyIds()).isEqualTo(sale.getValue());
                for (long id : sale.getValue()) {
                    assertThat(seen.add(id)).as("code %d in two orders", id).isTrue();
                    assertThat(reopened.cardKey(id).orElseThrow().state()).isEqualTo(CardKeyState.SOLD);
                }
            }
            Map<CardKeyState, Long> stock = reopened.stock(SKU);
            assertThat(stock.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CODES);
            assertThat(stock.getOrDefault(CardKeyState.SOLD, 0L)).isGreaterThanOrEqualTo(seen.size());
        }
    }
}
