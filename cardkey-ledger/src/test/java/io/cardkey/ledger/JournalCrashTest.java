package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
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
            KilledChild.runAndKill(
                    JournalCrashChild.class,
                    directory.resolve("child-" + round + ".err"),
                    50 + random.nextInt(400),
                    line -> readAck(line, acknowledged),
                    journal.toString(),
                    Long.toString(round));

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

    private static void readAck(String line, AtomicLong acknowledged) {
        if (line.startsWith("ack ")) {
            acknowledged.accumulateAndGet(Long.parseLong(line.substring(4).trim()), Math::max);
        }
    }
}
