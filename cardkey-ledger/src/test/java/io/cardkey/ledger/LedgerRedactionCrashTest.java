package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@code kill -9}) at random moments while it appends sales with a sensitive phone number and
 * redacts about half of them, 12 times on the same directory. A kill can land between recording a redaction and
 * erasing the value, or in the middle of the in-place rewrite. After each kill the ledger opens and {@code verify()}
 * passes; every redaction that had returned, and every redaction that was recorded at all, has erased its value; and
 * no file of the data directory holds the phone number of a redacted sale.
 */
@Tag("slow")
class LedgerRedactionCrashTest {
    @TempDir
    Path directory;

    @Test
    void killChildWhileRedacting_everyRecordedRedactionIsCompleteAndNoValueIsLeftOnDisk() throws Exception {
        Random random = new Random(20261129L);
        Path data = directory.resolve("ledger");
        int redactedSeen = 0;
        for (int round = 0; round < 12; round++) {
            Set<String> sold = ConcurrentHashMap.newKeySet();
            Set<String> redacted = ConcurrentHashMap.newKeySet();
            KilledChild.runAndKill(
                    LedgerRedactionCrashChild.class,
                    directory.resolve("child-" + round + ".err"),
                    150 + random.nextInt(600),
                    line -> {
                        if (line.startsWith("sale ")) {
                            sold.add(line.substring(5));
                        } else if (line.startsWith("redacted ")) {
                            redacted.add(line.substring(9));
                        }
                    },
                    data.toString(),
                    Integer.toString(round));
            redactedSeen += redacted.size();

            List<String> erased = new ArrayList<>();
            int thisRound = round;
            try (Ledger ledger = Ledger.open(FileLedgerStore.open(data, JournalCrashChild.OPTIONS))) {
                assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
                for (String id : sold) {
                    assertThat(ledger.transaction(id))
                            .as("round %d: acknowledged sale %s", round, id)
                            .isPresent();
                }
                for (String id : redacted) {
                    assertThat(ledger.transaction(id)
                                    .orElseThrow()
                                    .transaction()
                                    .orElseThrow()
                                    .redactedMetadataKeys())
                            .as("round %d: acknowledged redaction of %s", round, id)
                            .containsExactly("buyerPhone");
                }
                ledger.readRecords(
                        1,
                        ledger.lastSequence(),
                        r -> r.redaction().ifPresent(d -> {
                            erased.add(d.transactionId());
                            assertThat(ledger.record(d.transactionSequence())
                                            .transaction()
                                            .orElseThrow()
                                            .redactedMetadataKeys())
                                    .as("round %d: recorded redaction of %s", thisRound, d.transactionId())
                                    .contains(d.key());
                        }));
            }
            assertThat(erased).containsAll(redacted);
            byte[] files = allFiles(data);
            String text = new String(files, StandardCharsets.ISO_8859_1);
            for (String id : erased) {
                assertThat(text)
                        .as("round %d: files hold the phone of %s", round, id)
                        .doesNotContain(LedgerRedactionCrashChild.phone(id));
            }
        }
        assertThat(redactedSeen).as("acknowledged redactions over all rounds").isGreaterThan(20);
    }

    private static byte[] allFiles(Path root) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.write(Files.readAllBytes(file));
                out.write(0);
            }
        }
        return out.toByteArray();
    }
}
