package io.cardkey.core;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.stream.Collectors;

/**
 * The child process of {@link CardKeysCrashTest}: sells from a data directory as fast as it can and prints each
 * acknowledged sale, until it is killed.
 */
final class CrashSeller {
    private CrashSeller() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Keyset keyset = Keyset.importUnencrypted(Files.readAllBytes(Path.of(args[1])), PlaintextAccess.grant());
        Currency cny = Currency.getInstance("CNY");
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(keyset).dataDirectory(dir).build()) {
            for (int i = 0; ; i++) {
                String id = "o" + i;
                int quantity = 1 + i % 3;
                try {
                    cardKeys.reserve(id, "b" + (i % 7), CardKeysCrashTest.SKU, quantity, Duration.ofMinutes(5));
                } catch (InsufficientStockException soldOut) {
                    System.out.println("SOLD-OUT");
                    System.out.flush();
                    return;
                }
                Order sold = cardKeys.confirm(id, new Payment("p" + i, Money.ofMinor(100L * quantity, cny)))
                        .order();
                System.out.println("ACK " + id + " "
                        + sold.cardKeyIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
                System.out.flush();
            }
        }
    }
}
