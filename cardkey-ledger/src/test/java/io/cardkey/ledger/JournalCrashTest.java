package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends to the journal ({@code kill -9}, via {@link Process#destroyForcibly()}) at random
 * moments, 25 times, and after each kill opens the journal and checks that every acknowledged append is present, that
 * it ends on a batch boundary and that every record is the one written.
 */
@Tag("slow")
class JournalCrashTest {
    @TempDir
    Path directory;

    @Test
    void killChildWhileAppending_acknowledgedAppendsSurviveAndNoBatchIsHalfThere() throws Exception {
        Random random = new Random(20261129);
        Path journal = directory.resolve("journal");
        long roundsWithAcks = 0;
        for (int round = 0; round < 25; round++) {
            AtomicLong acknowledged = new AtomicLong();
            CountDownLatch ready = new CountDownLatch(1);
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            JournalCrashChild.class.getName(),
                            journal.toString(),
                            Long.toString(round))
                    .redirectError(directory.resolve("child-" + round + ".err").toFile())
                    .start();
            Thread reader = new Thread(() -> readAcks(child, acknowledged, ready));
            reader.start();
            try {
                assertThat(ready.await(60, TimeUnit.SECONDS))
                        .as("child %d started", round)
                        .isTrue();
                Thread.sleep(50 + random.nextInt(400));
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no flush
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join();

            long acked = acknowledged.get();
            roundsWithAcks += acked > 0 ? 1 : 0;
            try (FileLedgerStore store = FileLedgerStore.open(journal, JournalCrashChild.OPTIONS)) {
                long last = store.lastSequence();
                int r = round;
                assertThat(last)
                        .as("round %d: last sequence vs acknowledged", r)
                        .isGreaterThanOrEqualTo(acked);
                assertThat(last).as("round %d: something was appended", r).isPositive();
                long[] next = {1};
                store.read(1, last, (sequence, record) -> {
                    assertThat(sequence).isEqualTo(next[0]++);
                    ByteBuffer b = ByteBuffer.wrap(record);
                    assertThat(b.getLong(0)).isEqualTo(sequence);
                    assertThat(record)
                            .isEqualTo(JournalCrashChild.record(
                                    sequence, b.getLong(8), b.getLong(16), record.length - 24));
                    assertThat(sequence).isBetween(b.getLong(8), b.getLong(16));
                    if (sequence == last) {
                        assertThat(b.getLong(16))
                                .as("round %d: last batch is whole", r)
                                .isEqualTo(last);
                    }
                });
                assertThat(next[0]).isEqualTo(last + 1);
            }
        }
        assertThat(roundsWithAcks).as("rounds with acknowledged appends").isGreaterThanOrEqualTo(5);
    }

    private static void readAcks(Process child, AtomicLong acknowledged, CountDownLatch ready) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ready")) {
                    ready.countDown();
                } else if (line.startsWith("ack ")) {
                    long sequence = Long.parseLong(line.substring(4).trim());
                    acknowledged.accumulateAndGet(sequence, Math::max);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the child was killed mid-line; what was read before counts
        }
    }
}
