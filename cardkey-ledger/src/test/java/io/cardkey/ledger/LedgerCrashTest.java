package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Currency;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@code kill -9}, via {@link Process#destroyForcibly()}) at random moments while eight threads
 * append through the {@link Ledger} on the file journal, 20 times on the same directory. After each kill the ledger
 * opens, {@code verify()} passes (every hash recomputed, every balance and constraint), every append that had returned
 * is there, and every batch is either wholly there or wholly absent.
 */
@Tag("slow")
class LedgerCrashTest {
    static final Currency CNY = Currency.getInstance("CNY");

    @TempDir
    Path directory;

    @Test
    void killChildWhileAppending_ledgerVerifiesAndKeepsEveryAcknowledgedBatchWhole() throws Exception {
        Random random = new Random(20261129);
        Path data = directory.resolve("ledger");
        int roundsWithAcks = 0;
        for (int round = 0; round < 20; round++) {
            Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
            KilledChild.runAndKill(
                    LedgerCrashChild.class,
                    directory.resolve("child-" + round + ".err"),
                    100 + random.nextInt(500),
                    line -> readAck(line, acknowledged),
                    data.toString(),
                    Integer.toString(round));
            roundsWithAcks += acknowledged.isEmpty() ? 0 : 1;

            try (Ledger ledger = Ledger.open(FileLedgerStore.open(data, JournalCrashChild.OPTIONS))) {
                VerificationResult verified = ledger.verify();
                assertThat(verified.records()).isEqualTo(ledger.lastSequence());
                for (Map.Entry<String, Ack> batch : acknowledged.entrySet()) {
                    assertBatchWhole(ledger, batch.getKey(), batch.getValue(), round);
                }
                Balance wallet = ledger.balance(LedgerCrashChild.WALLET);
                assertThat(wallet.debitsPosted())
                        .as("round %d: the constrained wallet never went negative", round)
                        .isLessThanOrEqualTo(wallet.creditsPosted());
            }
        }
        assertThat(roundsWithAcks).as("rounds with acknowledged appends").isGreaterThan(10);
    }

    /** What the child printed once an append returned. */
    private record Ack(int size, boolean applied) {}

    /**
     * An acknowledged batch that was applied is wholly there; one that was rejected left nothing applied (at most its
     * offending transaction recorded as the rejection).
     */
    private static void assertBatchWhole(Ledger ledger, String batch, Ack ack, int round) {
        int size = ack.size();
        int applied = 0;
        int rejected = 0;
        for (int i = 0; i < size; i++) {
            var record = ledger.transaction(batch + "-" + i);
            if (record.isPresent()) {
                if (record.get().rejection().isPresent()) {
                    rejected++;
                } else {
                    applied++;
                }
            }
        }
        String description = String.format(
                "round %d: batch %s of %d has %d applied, %d rejected", round, batch, size, applied, rejected);
        if (ack.applied()) {
            assertThat(applied).as(description).isEqualTo(size);
        } else {
            assertThat(applied).as(description).isZero();
            assertThat(rejected).as(description).isLessThanOrEqualTo(1);
        }
    }

    private static void readAck(String line, Map<String, Ack> acknowledged) {
        String[] parts = line.split(" ");
        if (parts.length == 4 && parts[0].equals("ack")) {
            acknowledged.put(parts[1], new Ack(Integer.parseInt(parts[2]), parts[3].equals("applied")));
        }
    }
}
