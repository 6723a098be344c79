package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a closed journal on purpose (flip a byte, cut a file, swap records) and checks that opening it, or reading
 * it, reports the damage with the file and the offset of the damaged batch. Each case runs over many seeds; a failure
 * names the seed.
 */
class JournalCorruptionTest {
    private static final FileLedgerStore.Options SMALL =
            FileLedgerStore.options().segmentSize(4096).maxGroupBytes(4096).build();

    @TempDir
    Path root;

    /** Builds a journal of ~7 segments: mostly one-record batches, some of several records. */
    private Path build(long seed) {
        Path directory = root.resolve("j" + seed);
        Random random = new Random(seed);
        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            for (int i = 0; i < 400; i++) {
                long first = store.lastSequence() + 1;
                int count = random.nextInt(8) == 0 ? 2 + random.nextInt(4) : 1;
                List<byte[]> batch = new ArrayList<>();
                for (int r = 0; r < count; r++) {
                    byte[] record = new byte[20 + random.nextInt(40)];
                    random.nextBytes(record);
                    batch.add(record);
                }
                store.append(first, batch); // close makes them durable; many share one fsync
            }
        }
        return directory;
    }

    /** Opens and reads everything; returns what was thrown, or null. */
    private static Throwable openAndReadAll(Path directory) {
        return catchThrowable(() -> {
            try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
                JournalFiles.readEverything(store);
            }
        });
    }

    @Test
    void flipRandomByte_detectedWithSegmentAndOffset() throws IOException {
        for (long seed = 0; seed < 40; seed++) {
            Path directory = build(seed);
            Random random = new Random(seed ^ 0x5DEECE66DL);
            List<Path> segments = JournalFiles.segments(directory);
            Path segment = segments.get(random.nextInt(segments.size()));
            List<JournalFiles.Batch> batches = JournalFiles.batches(segment);
            byte[] bytes = Files.readAllBytes(segment);
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 + random.nextInt(255));
            Files.write(segment, bytes);

            Throwable thrown = openAndReadAll(directory);

            String where = "seed " + seed + ", byte " + at + " of " + segment.getFileName();
            if (at >= 8 && at < 12 && thrown instanceof JournalFormatException format) {
                assertThat(format.file()).as(where).isEqualTo(segment); // the version field now reads as newer
                continue;
            }
            assertThat(thrown).as(where).isInstanceOf(JournalCorruptedException.class);
            JournalCorruptedException e = (JournalCorruptedException) thrown;
            assertThat(e.segment()).as(where).isEqualTo(segment);
            assertThat(e.offset()).as(where).isLessThanOrEqualTo(at).isGreaterThan(at - 4096L);
            if (at >= 32) {
                long batchStart = batchContaining(batches, at);
                assertThat(e.offset()).as(where).isEqualTo(batchStart);
            }
        }
    }

    @Test
    void truncateSegmentBeforeTheLast_detectedByReadWithSegmentAndOffset() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            Path directory = build(seed);
            Random random = new Random(seed);
            List<Path> segments = JournalFiles.segments(directory);
            Path segment = segments.get(random.nextInt(segments.size() - 1));
            long cut = random.nextInt((int) Files.size(segment));
            truncate(segment, cut);

            Throwable thrown = openAndReadAll(directory);

            String where = "seed " + seed + ", cut " + segment.getFileName() + " at " + cut;
            assertThat(thrown).as(where).isInstanceOf(JournalCorruptedException.class);
            JournalCorruptedException e = (JournalCorruptedException) thrown;
            assertThat(e.segment()).as(where).isEqualTo(segment);
            assertThat(e.offset()).as(where).isLessThanOrEqualTo(cut);
        }
    }

    /**
     * A cut inside the last segment looks exactly like a crash before the last fsync, so the journal opens with the
     * whole batches that remain (documented limit): what is left is intact and ends on a batch boundary.
     */
    @Test
    void truncateLastSegment_opensWithTheWholeBatchesBeforeTheCut() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            Path directory = build(seed);
            List<byte[]> before = new ArrayList<>();
            try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
                store.read(1, store.lastSequence(), (s, r) -> before.add(r));
            }
            Random random = new Random(seed);
            List<Path> segments = JournalFiles.segments(directory);
            Path tail = segments.get(segments.size() - 1);
            List<JournalFiles.Batch> batches = JournalFiles.batches(tail);
            long cut = 32 + random.nextInt((int) Files.size(tail) - 32);
            truncate(tail, cut);
            long expectedLast = batches.stream()
                            .filter(b -> b.offset() + b.length() <= cut)
                            .mapToLong(b -> b.firstSequence() + b.count())
                            .max()
                            .orElse(batches.get(0).firstSequence())
                    - 1;

            try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
                assertThat(store.lastSequence()).as("seed %d", seed).isEqualTo(expectedLast);
                store.read(1, store.lastSequence(), (s, r) -> assertThat(r).isEqualTo(before.get((int) s - 1)));
            }
        }
    }

    @Test
    void swapTwoBatches_detectedWithSegmentAndOffset() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            Path directory = build(seed);
            Random random = new Random(seed);
            List<Path> segments = JournalFiles.segments(directory);
            Path segment = segments.get(random.nextInt(segments.size()));
            List<JournalFiles.Batch> batches = JournalFiles.batches(segment);
            int a = random.nextInt(batches.size() - 1);
            int b = a + 1 + random.nextInt(batches.size() - a - 1);
            JournalFiles.Batch first = batches.get(a);
            JournalFiles.Batch second = batches.get(b);
            byte[] bytes = Files.readAllBytes(segment);
            byte[] swapped = new byte[bytes.length];
            // Rebuild the region first..second with the two batches exchanged, whatever their lengths.
            int p = 0;
            System.arraycopy(bytes, 0, swapped, 0, (int) first.offset());
            p += (int) first.offset();
            System.arraycopy(bytes, (int) second.offset(), swapped, p, second.length());
            p += second.length();
            int middle = (int) (second.offset() - first.offset() - first.length());
            System.arraycopy(bytes, (int) (first.offset() + first.length()), swapped, p, middle);
            p += middle;
            System.arraycopy(bytes, (int) first.offset(), swapped, p, first.length());
            p += first.length();
            int rest = bytes.length - (int) (second.offset() + second.length());
            System.arraycopy(bytes, (int) (second.offset() + second.length()), swapped, p, rest);
            Files.write(segment, swapped);

            Throwable thrown = openAndReadAll(directory);

            String where = "seed " + seed + ", swapped batches at " + first.offset() + " and " + second.offset();
            assertThat(thrown).as(where).isInstanceOf(JournalCorruptedException.class);
            JournalCorruptedException e = (JournalCorruptedException) thrown;
            assertThat(e.segment()).as(where).isEqualTo(segment);
            assertThat(e.offset()).as(where).isEqualTo(first.offset());
            assertThat(e.getMessage()).as(where).contains("expected " + first.firstSequence());
        }
    }

    @Test
    void swapTwoRecordsInsideABatch_detectedAsChecksumMismatch() throws IOException {
        Path directory = root.resolve("inside");
        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            store.append(1, List.of(new byte[] {1, 1, 1}, new byte[] {2, 2, 2})).join();
            store.append(3, List.of(new byte[] {3, 3, 3})).join();
        }
        Path segment = JournalFiles.segments(directory).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int firstRecord = 32 + 28 + 4;
        int secondRecord = firstRecord + 3 + 4;
        for (int i = 0; i < 3; i++) {
            byte t = bytes[firstRecord + i];
            bytes[firstRecord + i] = bytes[secondRecord + i];
            bytes[secondRecord + i] = t;
        }
        Files.write(segment, bytes);

        Throwable thrown = openAndReadAll(directory);

        assertThat(thrown)
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("offset 32")
                .hasMessageContaining("checksum mismatch");
    }

    private static long batchContaining(List<JournalFiles.Batch> batches, int at) {
        long start = 32;
        for (JournalFiles.Batch b : batches) {
            if (b.offset() > at) {
                break;
            }
            start = b.offset();
        }
        return start;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
