package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
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
 * child acknowledged is back, every order it made (acknowledged or not) holds codes in the right state, no code is in
 * two orders, the stock and the money add up and the ledger verifies.
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
            checkEveryOrder(reopened, stock);
        }
    }

    /**
     * Every order the child made (o0, o1 ... in turn, acknowledged or not): reserved or sold, holding its quantity of
     * codes in the matching state, no code in two orders, the counts equal to what the orders hold, and the money in
     * the ledger equal to the sold orders: payments paid out their prices, the supplier is owed 0.10 a code and the
     * platform keeps the rest.
     */
    private static void checkEveryOrder(CardKeys reopened, Map<CardKeyState, Long> stock) {
        Set<Long> held = new HashSet<>();
        long reserved = 0;
        long sold = 0;
        long soldPrice = 0;
        for (int i = 0; ; i++) {
            Order order;
            try {
                order = reopened.order("o" + i);
            } catch (UnknownOrderException end) {
                break;
            }
            assertThat(order.state()).as(order.orderId()).isIn(OrderState.RESERVED, OrderState.SOLD);
            assertThat(order.cardKeyIds()).as(order.orderId()).hasSize(order.quantity());
            CardKeyState expected = order.state() == OrderState.SOLD ? CardKeyState.SOLD : CardKeyState.RESERVED;
            for (long id : order.cardKeyIds()) {
                assertThat(held.add(id)).as("code %d in two orders", id).isTrue();
                CardKey key = reopened.cardKey(id).orElseThrow();
                assertThat(key.state()).as("code %d of %s", id, order.orderId()).isEqualTo(expected);
                assertThat(key.orderId()).contains(order.orderId());
            }
            if (order.state() == OrderState.SOLD) {
                sold += order.quantity();
                soldPrice += order.price().minorUnits();
            } else {
                reserved += order.quantity();
            }
        }
        assertThat(stock.getOrDefault(CardKeyState.SOLD, 0L)).isEqualTo(sold);
        assertThat(stock.getOrDefault(CardKeyState.RESERVED, 0L)).isEqualTo(reserved);
        assertThat(net(reopened, "payments")).isEqualTo(-soldPrice);
        assertThat(net(reopened, "supplier-payable")).isEqualTo(10 * sold);
        assertThat(net(reopened, "revenue")).isEqualTo(soldPrice - 10 * sold);
    }

    private static long net(CardKeys cardKeys, String purpose) {
        AccountId account = AccountId.of("cardkey:" + purpose + ":CNY");
        return cardKeys.ledger().account(account).isPresent()
                ? cardKeys.ledger().balance(account).netCredit()
                : 0;
    }
}
