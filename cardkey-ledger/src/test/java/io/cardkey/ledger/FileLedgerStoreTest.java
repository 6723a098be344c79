package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the file journal beyond the store contract: locking, versions, recovery, options. */
class FileLedgerStoreTest {
    @TempDir
    Path directory;

    private static final FileLedgerStore.Options SMALL =
            FileLedgerStore.options().segmentSize(4096).maxGroupBytes(4096).build();

    private static byte[] record(long sequence) {
        byte[] record = new byte[40];
        new Random(sequence).nextBytes(record);
        return record;
    }

    private void fill(int batches) {
        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            for (int i = 0; i < batches; i++) {
                long first = store.lastSequence() + 1;
                store.append(first, List.of(record(first), record(first + 1))).join();
            }
        }
    }

    private void assertIntact(LedgerStore store) {
        long last = store.lastSequence();
        long[] next = {1};
        store.read(1, last, (sequence, record) -> {
            assertThat(sequence).isEqualTo(next[0]++);
            assertThat(record).isEqualTo(record(sequence));
        });
    }

    @Test
    void open_whileOpenElsewhere_throwsJournalLockedNamingTheHolder() {
        try (FileLedgerStore first = FileLedgerStore.open(directory)) {
            assertThatThrownBy(() -> FileLedgerStore.open(directory))
                    .asInstanceOf(type(JournalLockedException.class))
                    .satisfies(e -> {
                        assertThat(e.directory()).isEqualTo(directory);
                        assertThat(e.holder())
                                .contains("pid " + ProcessHandle.current().pid());
                        assertThat(e.getMessage()).contains("locked by pid");
                    });
            assertThat(first.lastSequence()).isZero();
        }
    }

    @Test
    void open_afterClose_lockIsReleased() {
        FileLedgerStore.open(directory).close();

        try (FileLedgerStore again = FileLedgerStore.open(directory)) {
            assertThat(again.lastSequence()).isZero();
        }
    }

    @Test
    void open_createsMissingDirectories() {
        Path nested = directory.resolve("a/b/c");

        try (FileLedgerStore store = FileLedgerStore.open(nested)) {
            store.append(1, List.of(record(1))).join();
        }

        assertThat(nested.resolve("journal-00000000000000000001.seg")).exists();
    }

    @Test
    void append_manyBatches_rollsSegmentsAndReadsAcrossThem() throws IOException {
        fill(300);

        assertThat(JournalFiles.segments(directory)).hasSizeGreaterThan(5);
        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            assertThat(store.lastSequence()).isEqualTo(600);
            assertIntact(store);
        }
    }

    @Test
    void append_batchLargerThanASegment_getsASegmentOfItsOwn() throws IOException {
        byte[] big = new byte[10_000];
        Arrays.fill(big, (byte) 7);
        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            store.append(1, List.of(record(1))).join();
            store.append(2, List.of(big)).join();
            store.append(3, List.of(record(3))).join();
        }

        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            List<byte[]> read = new ArrayList<>();
            store.read(1, 3, (s, r) -> read.add(r));
            assertThat(read.get(1)).isEqualTo(big);
            assertThat(read.get(2)).isEqualTo(record(3));
        }
        assertThat(JournalFiles.segments(directory)).hasSize(3);
    }

    @Test
    void open_newerSegmentVersion_throwsJournalFormat() throws IOException {
        fill(1);
        Path segment = JournalFiles.segments(directory).get(0);
        patchInt(segment, 8, 2);

        assertThatThrownBy(() -> FileLedgerStore.open(directory))
                .asInstanceOf(type(JournalFormatException.class))
                .satisfies(e -> {
                    assertThat(e.file()).isEqualTo(segment);
                    assertThat(e.foundVersion()).isEqualTo(2);
                    assertThat(e.supportedVersion()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("version 2").contains("newer CardKey");
                });
    }

    @Test
    void open_newerSnapshotVersion_throwsJournalFormat() throws IOException {
        try (FileLedgerStore store = FileLedgerStore.open(directory)) {
            store.append(1, List.of(record(1))).join();
            store.saveSnapshot(1, new byte[] {1});
        }
        patchInt(directory.resolve("snapshot.dat"), 8, 9);

        assertThatThrownBy(() -> FileLedgerStore.open(directory))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void open_afterFailedOpen_lockWasReleased() throws IOException {
        fill(1);
        Path segment = JournalFiles.segments(directory).get(0);
        patchInt(segment, 8, 2);
        assertThatThrownBy(() -> FileLedgerStore.open(directory)).isInstanceOf(JournalFormatException.class);
        patchInt(segment, 8, 1);

        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            assertThat(store.lastSequence()).isEqualTo(2);
        }
    }

    @Test
    void open_tailCutInsideLastBatch_dropsThatBatchWhole() throws IOException {
        fill(5);
        Path tail = last(JournalFiles.segments(directory));
        JournalFiles.Batch lastBatch = last(JournalFiles.batches(tail));
        truncate(tail, lastBatch.offset() + lastBatch.length() / 2);

        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            assertThat(store.lastSequence()).isEqualTo(lastBatch.firstSequence() - 1);
            assertIntact(store);
            store.append(store.lastSequence() + 1, List.of(record(store.lastSequence() + 1)))
                    .join();
        }
        assertThat(Files.size(tail)).isEqualTo(lastBatch.offset() + 28 + 4 + 40);
    }

    @Test
    void open_zeroFilledTail_isCutOff() throws IOException {
        fill(5);
        Path tail = last(JournalFiles.segments(directory));
        long size = Files.size(tail);
        append(tail, new byte[700]);

        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            assertThat(store.lastSequence()).isEqualTo(10);
            assertIntact(store);
        }
        assertThat(Files.size(tail)).isEqualTo(size);
    }

    @Test
    void open_nonZeroGarbageAfterTheLastBatch_throwsJournalCorrupted() throws IOException {
        fill(5);
        Path tail = last(JournalFiles.segments(directory));
        long size = Files.size(tail);
        byte[] garbage = new byte[100];
        new Random(3).nextBytes(garbage);
        append(tail, garbage);

        assertThatThrownBy(() -> FileLedgerStore.open(directory, SMALL))
                .asInstanceOf(type(JournalCorruptedException.class))
                .satisfies(e -> {
                    assertThat(e.segment()).isEqualTo(tail);
                    assertThat(e.offset()).isEqualTo(size);
                    assertThat(e.getMessage()).contains(tail.toString()).contains("offset " + size);
                });
    }

    @Test
    void open_segmentWithTornHeaderAtTheEnd_isRemoved() throws IOException {
        fill(5);
        Path torn = directory.resolve("journal-00000000000000000011.seg");
        Files.write(torn, new byte[10]);

        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            assertThat(store.lastSequence()).isEqualTo(10);
            store.append(11, List.of(record(11))).join();
            assertIntact(store);
        }
    }

    @Test
    void open_lastSegmentWithZeroedHeaderButData_throwsJournalCorrupted() throws IOException {
        fill(300);
        Path tail = last(JournalFiles.segments(directory));
        byte[] bytes = Files.readAllBytes(tail);
        Arrays.fill(bytes, 0, 32, (byte) 0);
        Files.write(tail, bytes);

        assertThatThrownBy(() -> FileLedgerStore.open(directory, SMALL))
                .asInstanceOf(type(JournalCorruptedException.class))
                .satisfies(e -> {
                    assertThat(e.segment()).isEqualTo(tail);
                    assertThat(e.offset()).isZero();
                });
    }

    @Test
    void open_firstSegmentMissing_throwsJournalCorrupted() throws IOException {
        fill(300);
        Files.delete(JournalFiles.segments(directory).get(0));

        assertThatThrownBy(() -> FileLedgerStore.open(directory, SMALL))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("segments before it are missing");
    }

    @Test
    void open_leftoverSnapshotTempFile_isIgnoredAndRemoved() throws IOException {
        fill(1);
        Files.write(directory.resolve("snapshot.dat.tmp"), new byte[] {1, 2, 3});

        try (FileLedgerStore store = FileLedgerStore.open(directory, SMALL)) {
            assertThat(store.latestSnapshot()).isEmpty();
        }
        assertThat(directory.resolve("snapshot.dat.tmp")).doesNotExist();
    }

    @Test
    void open_damagedSnapshot_throwsJournalCorruptedNamingIt() throws IOException {
        try (FileLedgerStore store = FileLedgerStore.open(directory)) {
            store.append(1, List.of(record(1))).join();
            store.saveSnapshot(1, new byte[] {1, 2, 3, 4});
        }
        Path snapshot = directory.resolve("snapshot.dat");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[29] ^= 0x10;
        Files.write(snapshot, bytes);

        assertThatThrownBy(() -> FileLedgerStore.open(directory))
                .asInstanceOf(type(JournalCorruptedException.class))
                .satisfies(e -> assertThat(e.segment()).isEqualTo(snapshot));
    }

    @Test
    void saveSnapshot_ofRecordsNotYetDurable_waitsForThem() {
        try (FileLedgerStore store = FileLedgerStore.open(directory)) {
            for (long s = 1; s <= 100; s++) {
                store.append(s, List.of(record(s)));
            }

            store.saveSnapshot(100, new byte[] {100});

            assertThat(store.latestSnapshot().orElseThrow().sequence()).isEqualTo(100);
        }
    }

    @Test
    void saveSnapshotAndClose_fromInsideAnAppendCallback_doNotDeadlock() throws Exception {
        FileLedgerStore store = FileLedgerStore.open(directory);
        store.append(1, List.of(record(1)));

        store.append(2, List.of(record(2)))
                .thenRun(() -> {
                    store.append(3, List.of(record(3)));
                    store.saveSnapshot(3, new byte[] {3});
                    store.close();
                })
                .get(30, TimeUnit.SECONDS);

        try (FileLedgerStore again = FileLedgerStore.open(directory)) {
            assertThat(again.lastSequence()).isEqualTo(3);
            assertThat(again.latestSnapshot().orElseThrow().sequence()).isEqualTo(3);
        }
    }

    @Test
    void append_futureCannotBeCompletedByTheCaller() {
        try (FileLedgerStore store = FileLedgerStore.open(directory)) {
            var future = store.append(1, List.of(record(1)));

            assertThatThrownBy(() -> future.complete(null)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> future.cancel(true)).isInstanceOf(UnsupportedOperationException.class);
            future.join();
        }
    }

    @Test
    void lastSequence_afterClose_throwsLedgerClosed() {
        FileLedgerStore store = FileLedgerStore.open(directory);
        store.close();

        assertThatThrownBy(store::lastSequence)
                .isInstanceOf(LedgerClosedException.class)
                .hasMessageContaining(directory.toString());
        assertThatThrownBy(() -> store.saveSnapshot(0, new byte[0])).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(store::latestSnapshot).isInstanceOf(LedgerClosedException.class);
    }

    @Test
    void open_nullArguments_throwNullPointer() {
        assertThatThrownBy(() -> FileLedgerStore.open(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FileLedgerStore.open(directory, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void options_outOfRange_throwIllegalArgumentNamingTheRule() {
        assertThatThrownBy(() -> FileLedgerStore.options().segmentSize(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segmentSize was 100; must be between 4096 and 1073741824 bytes");
        assertThatThrownBy(() -> FileLedgerStore.options().segmentSize((1L << 30) + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileLedgerStore.options().maxGroupBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxGroupBytes was 0; must be between 4096 and 268435456 bytes");
    }

    @Test
    void options_defaultsAndBuilder_holdTheirValues() {
        FileLedgerStore.Options options =
                FileLedgerStore.options().segmentSize(8192).maxGroupBytes(65536).build();

        assertThat(options.segmentSize()).isEqualTo(8192);
        assertThat(options.maxGroupBytes()).isEqualTo(65536);
        assertThat(FileLedgerStore.Options.defaults().segmentSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(FileLedgerStore.Options.defaults().maxGroupBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(options.toString()).contains("8192").contains("65536");
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static void patchInt(Path file, long offset, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).putInt(0, value), offset);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }
}
