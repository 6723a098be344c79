package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            CountDownLatch ready = new CountDownLatch(1);
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            LedgerCrashChild.class.getName(),
                            data.toString(),
                            Integer.toString(round))
                    .redirectError(directory.resolve("child-" + round + ".err").toFile())
                    .start();
            Thread reader = new Thread(() -> readAcks(child, acknowledged, ready));
            reader.start();
            assertThat(ready.await(60, TimeUnit.SECONDS))
                    .as("child %d started", round)
                    .isTrue();
            Thread.sleep(100 + random.nextInt(500));
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join();
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

    private static void readAcks(Process child, Map<String, Ack> acknowledged, CountDownLatch ready) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("ready")) {
                    ready.countDown();
                } else if (line.startsWith("ack ")) {
                    String[] parts = line.split(" ");
                    if (parts.length == 4) {
                        acknowledged.put(parts[1], new Ack(Integer.parseInt(parts[2]), parts[3].equals("applied")));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the child was killed mid-line; what was read before counts
        }
    }
}
