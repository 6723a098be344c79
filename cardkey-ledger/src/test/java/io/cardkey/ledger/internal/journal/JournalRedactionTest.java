package io.cardkey.ledger.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.JournalCorruptedException;
import io.cardkey.ledger.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-place rewrite behind {@code FileLedgerStore.redact} on the {@link SimulatedFileSystem}: a crash at any file
 * operation of a rewrite, with any outcome of the unsynced writes, leaves a journal that opens and holds the record in
 * its old or its new form (the new one if the rewrite had returned), never a damaged batch; the intent file never holds
 * the erased bytes.
 */
class JournalRedactionTest {
    private static final Path DIR = Path.of("/sim/journal");
    private static final Journal.Config CONFIG = new Journal.Config(8192, 1 << 20);
    private static final String SECRET = "SECRET-VALUE-0123456789";

    /** Record {@code seq} as appended: record 7 (in the middle of the second batch) holds the secret. */
    private static byte[] original(long seq) {
        String text = seq == 7 ? "record 7 holds " + SECRET + " until erased" : "record " + seq + " plain";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] erased() {
        byte[] r = original(7);
        Arrays.fill(r, 15, 15 + SECRET.length(), (byte) 0);
        return r;
    }

    private static Journal filled(SimulatedFileSystem fs) {
        Journal journal = Journal.open(fs, DIR, CONFIG, false);
        for (long first = 1; first <= 15; first += 5) {
            List<byte[]> batch = new ArrayList<>();
            for (long s = first; s < first + 5; s++) {
                batch.add(original(s));
            }
            journal.append(first, batch);
            journal.commitPending();
        }
        return journal;
    }

    private static List<byte[]> readAll(Journal journal) {
        List<byte[]> out = new ArrayList<>();
        journal.read(1, journal.lastSequence(), (s, r) -> out.add(r));
        return out;
    }

    @Test
    void redact_crashAtEveryOperation_opensWithOldOrNewFormAndNewIfAcknowledged() throws IOException {
        int completedAt = -1;
        for (int crashAt = 1; completedAt < 0 || crashAt <= completedAt + 1; crashAt++) {
            for (int seed = 0; seed < 12; seed++) {
                SimulatedFileSystem fs = new SimulatedFileSystem(new Random(seed * 1000L + crashAt));
                Journal journal = filled(fs);
                fs.crashAfter(crashAt);
                boolean acknowledged;
                try {
                    journal.redact(7, erased());
                    acknowledged = true;
                } catch (LedgerException e) {
                    acknowledged = false;
                }
                if (acknowledged && completedAt < 0) {
                    completedAt = crashAt;
                }
                SimulatedFileSystem rebooted = fs.crash();
                Journal reopened = Journal.open(rebooted, DIR, CONFIG, false);
                List<byte[]> records = readAll(reopened);
                String where = "crash at operation " + crashAt + ", seed " + seed;
                assertThat(records).as(where).hasSize(15);
                for (int i = 0; i < 15; i++) {
                    long seq = i + 1;
                    if (seq != 7) {
                        assertThat(records.get(i)).as(where).isEqualTo(original(seq));
                    }
                }
                if (acknowledged) {
                    assertThat(records.get(6)).as(where).isEqualTo(erased());
                } else {
                    assertThat(records.get(6)).as(where).isIn(original(7), erased());
                }
                assertThat(rebooted.list(DIR)).as(where).doesNotContain(Format.REDACT_INTENT_NAME);
                reopened.close();
            }
        }
        assertThat(completedAt).as("operations of one rewrite").isBetween(5, 20);
    }

    @Test
    void redact_intentFile_holdsOnlyTheNewBytes() throws IOException {
        // Crash right after the intent file is durable (create, truncate, write, force, sync directory: 5 operations).
        SimulatedFileSystem fs = new SimulatedFileSystem(new Random(3));
        Journal journal = filled(fs);
        fs.crashAfter(6);
        assertThatThrownBy(() -> journal.redact(7, erased())).isInstanceOf(LedgerException.class);
        SimulatedFileSystem rebooted = fs.crash();

        byte[] intent = readFile(rebooted, DIR.resolve(Format.REDACT_INTENT_NAME));
        assertThat(intent).isNotEmpty();
        assertThat(new String(intent, StandardCharsets.ISO_8859_1)).doesNotContain("SECRET");

        Journal reopened = Journal.open(rebooted, DIR, CONFIG, false);
        assertThat(readAll(reopened).get(6)).isEqualTo(erased());
        reopened.close();
    }

    @Test
    void open_intentFileOfNewerVersion_refusesToGuess() throws IOException {
        SimulatedFileSystem fs = new SimulatedFileSystem(new Random(4));
        Journal journal = filled(fs);
        fs.crashAfter(6);
        assertThatThrownBy(() -> journal.redact(7, erased())).isInstanceOf(LedgerException.class);
        SimulatedFileSystem rebooted = fs.crash();
        Path path = DIR.resolve(Format.REDACT_INTENT_NAME);
        ByteBuffer intent = ByteBuffer.wrap(readFile(rebooted, path));
        intent.putInt(8, 9);
        intent.putInt(intent.capacity() - 4, Format.crc(intent.array(), 0, intent.capacity() - 4));
        try (FileIo.Handle handle = rebooted.open(path, false)) {
            handle.write(intent, 0);
            handle.force();
        }
        assertThatThrownBy(() -> Journal.open(rebooted, DIR, CONFIG, false))
                .isInstanceOf(io.cardkey.ledger.JournalFormatException.class);
    }

    @Test
    void redact_damagedBatch_throwsCorruptedAndWritesNothing() throws IOException {
        SimulatedFileSystem fs = new SimulatedFileSystem(new Random(5));
        Journal journal = filled(fs);
        Path segment = DIR.resolve(Format.segmentName(1));
        byte[] bytes = readFile(fs, segment);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("record 8 plain");
        try (FileIo.Handle handle = fs.open(segment, false)) {
            handle.write(ByteBuffer.wrap(new byte[] {'R'}), at);
            handle.force();
        }
        // The rewrite reads the batch back from the file and must refuse to rewrite a batch that fails its checksum.
        assertThatThrownBy(() -> journal.redact(7, erased()))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("checksum");
        assertThat(fs.list(DIR)).doesNotContain(Format.REDACT_INTENT_NAME);
        journal.close();
    }

    private static byte[] readFile(FileIo fs, Path path) throws IOException {
        try (FileIo.Handle handle = fs.open(path, false)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) handle.size());
            while (buffer.hasRemaining() && handle.read(buffer, buffer.position()) >= 0) {
                // read it whole
            }
            return buffer.array();
        }
    }
}
