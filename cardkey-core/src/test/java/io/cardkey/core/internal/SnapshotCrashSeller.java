package io.cardkey.core.internal;

import io.cardkey.core.CardKeys;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.Money;
import io.cardkey.core.Payment;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link InventorySnapshotsBackgroundTest}: stocks {@value #CODES} codes and sells them one
 * order at a time with a small snapshot interval, so the background thread writes snapshots, until it is killed.
 */
final class SnapshotCrashSeller {
    static final int CODES = 3_000;
    static final long INTERVAL = 400;

    private SnapshotCrashSeller() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        Keyset keyset = Keyset.importUnencrypted(Files.readAllBytes(Path.of(args[1])), PlaintextAccess.grant());
        try (CardKeys cardKeys = CardKeys.builder()
                .keyset(keyset)
                .dataDirectory(dir)
                .snapshotInterval(INTERVAL)
                .build()) {
            cardKeys.putProduct(SnapshotFixture.product());
            SnapshotFixture.importCodes(cardKeys, "S1", SnapshotFixture.codes(0, CODES));
            System.out.println("STOCKED");
            System.out.flush();
            for (int i = 0; ; i++) {
                try {
                    cardKeys.reserve("o" + i, "b" + (i % 5), SnapshotFixture.SKU, 1, Duration.ofMinutes(5));
                } catch (InsufficientStockException soldOut) {
                    System.out.println("SOLD-OUT");
                    System.out.flush();
                    Thread.sleep(60_000);
                    return;
                }
                if (i % 4 != 0) {
                    cardKeys.confirm("o" + i, new Payment("p" + i, Money.ofMinor(1000, SnapshotFixture.CNY)));
                }
            }
        }
    }
}
