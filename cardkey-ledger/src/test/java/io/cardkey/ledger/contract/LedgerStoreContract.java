package io.cardkey.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LedgerStore} passes: subclass it, implement {@link #newStore()} (and {@link #reopen} for a
 * durable store), and the whole suite runs against the implementation. Shipped in this module's test-jar so that
 * stores in other modules (PostgreSQL) run the same tests.
 */
public abstract class LedgerStoreContract {
    private final List<LedgerStore> opened = new ArrayList<>();

    /** For subclasses. */
    protected LedgerStoreContract() {}

    /** Creates a fresh, empty store. Stores are closed after each test. */
    protected abstract LedgerStore newStore() throws Exception;

    /**
     * Closes {@code store} and returns a new store over the same data. Stores that keep nothing across close leave
     * this default, which skips the durability tests.
     */
    protected LedgerStore reopen(LedgerStore store) throws Exception {
        Assumptions.abort("this store keeps nothing across close");
        return store;
    }

    private LedgerStore store() throws Exception {
        LedgerStore store = newStore();
        opened.add(store);
        return store;
    }

    private LedgerStore reopened(LedgerStore store) throws Exception {
        LedgerStore again = reopen(store);
        opened.add(again);
        return again;
    }

    @AfterEach
    void closeStores() {
        for (LedgerStore store : opened) {
            store.close();
        }
    }

    /** The record stored at {@code sequence} by these tests: recognisable and of varying length. */
    protected static byte[] record(long sequence) {
        String text = "record " + sequence + " " + "x".repeat((int) (sequence % 37));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> records(long first, int count) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(first + i));
        }
        return records;
    }

    private static void appendRecords(LedgerStore store, int batches, int perBatch) {
        CompletableFuture<Void> last = null;
        for (int b = 0; b < batches; b++) {
            long first = store.lastSequence() + 1;
            last = store.append(first, records(first, perBatch));
        }
        if (last != null) {
            last.join();
        }
    }

    private static List<byte[]> readAll(LedgerStore store, long from, long to) {
        List<byte[]> out = new ArrayList<>();
        long[] expected = {from};
        store.read(from, to, (sequence, record) -> {
            assertThat(sequence).isEqualTo(expected[0]++);
            out.add(record);
        });
        assertThat(expected[0]).isEqualTo(to + 1);
        return out;
    }

    private static void assertRecords(LedgerStore store, long from, long to) {
        List<byte[]> read = readAll(store, from, to);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i)).as("record %d", from + i).isEqualTo(record(from + i));
        }
    }

    // ------------------------------------------------------------------ empty store

    @Test
    void newStore_isEmpty() throws Exception {
        LedgerStore store = store();

        assertThat(store.lastSequence()).isZero();
        assertThat(store.latestSnapshot()).isEmpty();
    }

    // ------------------------------------------------------------------ append and read

    @Test
    void append_oneBatch_readReturnsItsRecordsInOrder() throws Exception {
        LedgerStore store = store();

        store.append(1, records(1, 3)).get(10, TimeUnit.SECONDS);

        assertThat(store.lastSequence()).isEqualTo(3);
        assertRecords(store, 1, 3);
    }

    @Test
    void append_manyBatches_sequencesContinueAcrossBatches() throws Exception {
        LedgerStore store = store();

        appendRecords(store, 300, 7);

        assertThat(store.lastSequence()).isEqualTo(2100);
        assertRecords(store, 1, 2100);
    }

    @Test
    void append_withoutWaiting_recordsAreReadableAtOnce() throws Exception {
        LedgerStore store = store();

        CompletableFuture<Void> first = store.append(1, records(1, 2));
        CompletableFuture<Void> second = store.append(3, records(3, 2));

        assertThat(store.lastSequence()).isEqualTo(4);
        assertRecords(store, 1, 4);
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        assertRecords(store, 1, 4);
    }

    @Test
    void append_emptyAndLargeRecords_roundTrip() throws Exception {
        LedgerStore store = store();
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        Arrays.fill(large, (byte) 0x5A);
        large[0] = 1;
        large[large.length - 1] = 2;

        store.append(1, List.of(new byte[0], large, new byte[] {0})).get(10, TimeUnit.SECONDS);

        List<byte[]> read = readAll(store, 1, 3);
        assertThat(read.get(0)).isEmpty();
        assertThat(read.get(1)).isEqualTo(large);
        assertThat(read.get(2)).containsExactly(0);
    }

    @Test
    void append_callerChangesArrayAfterwards_storeKeepsItsOwnCopy() throws Exception {
        LedgerStore store = store();
        byte[] record = record(1);

        CompletableFuture<Void> done = store.append(1, List.of(record));
        record[0] ^= 0x7F;
        done.get(10, TimeUnit.SECONDS);

        assertRecords(store, 1, 1);
    }

    @Test
    void read_subRange_returnsExactlyThatRange() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 50, 10);

        assertRecords(store, 137, 263);
        assertRecords(store, 500, 500);
        assertRecords(store, 1, 1);
    }

    // ------------------------------------------------------------------ bad arguments

    @Test
    void append_firstSequenceNotNext_throwsIllegalArgumentAndChangesNothing() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 2);

        for (long wrong : new long[] {0, 1, 2, 4, -1, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> store.append(wrong, records(wrong, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(wrong));
        }

        assertThat(store.lastSequence()).isEqualTo(2);
        store.append(3, records(3, 1)).get(10, TimeUnit.SECONDS);
        assertRecords(store, 1, 3);
    }

    @Test
    void append_emptyBatch_throwsIllegalArgument() throws Exception {
        LedgerStore store = store();

        assertThatThrownBy(() -> store.append(1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.lastSequence()).isZero();
    }

    @Test
    void append_nullRecords_throwsNullPointerAndChangesNothing() throws Exception {
        LedgerStore store = store();
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(record(1));
        withNull.add(null);

        assertThatThrownBy(() -> store.append(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.append(1, withNull)).isInstanceOf(NullPointerException.class);

        assertThat(store.lastSequence()).isZero();
        store.append(1, records(1, 1)).get(10, TimeUnit.SECONDS);
        assertRecords(store, 1, 1);
    }

    @Test
    void read_rangeOutsideStore_throwsIllegalArgument() throws Exception {
        LedgerStore store = store();
        assertThatThrownBy(() -> store.read(1, 1, (s, r) -> {})).isInstanceOf(IllegalArgumentException.class);
        appendRecords(store, 1, 5);

        assertThatThrownBy(() -> store.read(0, 3, (s, r) -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(2, 6, (s, r) -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(4, 3, (s, r) -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(-5, 3, (s, r) -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_nullConsumer_throwsNullPointer() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 1);

        assertThatThrownBy(() -> store.read(1, 1, null)).isInstanceOf(NullPointerException.class);
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void saveSnapshot_latestSnapshotReturnsIt() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 3, 3);

        store.saveSnapshot(6, new byte[] {1, 2, 3});

        Optional<LedgerStore.Snapshot> snapshot = store.latestSnapshot();
        assertThat(snapshot).isPresent();
        assertThat(snapshot.get().sequence()).isEqualTo(6);
        assertThat(snapshot.get().state()).containsExactly(1, 2, 3);
    }

    @Test
    void saveSnapshot_newerOne_replacesOlder() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 3, 3);
        store.saveSnapshot(3, new byte[] {3});

        store.saveSnapshot(9, new byte[] {9, 9});

        assertThat(store.latestSnapshot().orElseThrow().sequence()).isEqualTo(9);
        assertThat(store.latestSnapshot().orElseThrow().state()).containsExactly(9, 9);
    }

    @Test
    void saveSnapshot_emptyState_roundTrips() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 1);

        store.saveSnapshot(1, new byte[0]);

        assertThat(store.latestSnapshot().orElseThrow().state()).isEmpty();
    }

    @Test
    void saveSnapshot_sequenceBeyondStoreOrNegative_throwsIllegalArgumentAndKeepsOld() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 2);
        store.saveSnapshot(2, new byte[] {2});

        assertThatThrownBy(() -> store.saveSnapshot(3, new byte[] {3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveSnapshot(-1, new byte[] {3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveSnapshot(1, null)).isInstanceOf(NullPointerException.class);

        assertThat(store.latestSnapshot().orElseThrow().sequence()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ redact

    /** {@link #record} with every byte after the first five replaced by '#': same length, recognisably redacted. */
    protected static byte[] redacted(long sequence) {
        byte[] r = record(sequence);
        Arrays.fill(r, Math.min(5, r.length), r.length, (byte) '#');
        return r;
    }

    @Test
    void redact_sameLength_readReturnsTheNewBytesOnly() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 10, 7);

        store.redact(33, redacted(33));
        store.redact(1, redacted(1));

        List<byte[]> read = readAll(store, 1, 70);
        for (int i = 0; i < read.size(); i++) {
            long seq = i + 1;
            assertThat(read.get(i)).as("record %d", seq).isEqualTo(seq == 1 || seq == 33 ? redacted(seq) : record(seq));
        }
    }

    @Test
    void redact_appendNotYetAwaited_waitsAndApplies() throws Exception {
        LedgerStore store = store();
        store.append(1, records(1, 5));

        store.redact(3, redacted(3));

        assertThat(readAll(store, 3, 3).get(0)).isEqualTo(redacted(3));
        assertThat(readAll(store, 4, 4).get(0)).isEqualTo(record(4));
    }

    @Test
    void redact_sameBytesAgain_changesNothing() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 3);

        store.redact(2, redacted(2));
        store.redact(2, redacted(2));

        assertThat(readAll(store, 2, 2).get(0)).isEqualTo(redacted(2));
        assertRecords(store, 3, 3);
    }

    @Test
    void redact_otherLength_throwsIllegalArgumentAndKeepsTheRecord() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 3);
        byte[] longer = Arrays.copyOf(redacted(2), record(2).length + 1);

        assertThatThrownBy(() -> store.redact(2, longer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
        assertThatThrownBy(() -> store.redact(2, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertRecords(store, 1, 3);
    }

    @Test
    void redact_outsideStoreOrNull_throwsAndChangesNothing() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 3);

        for (long wrong : new long[] {0, -1, 4, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> store.redact(wrong, redacted(2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(wrong));
        }
        assertThatThrownBy(() -> store.redact(2, null)).isInstanceOf(NullPointerException.class);
        assertRecords(store, 1, 3);
    }

    @Test
    void redact_thenReopen_keepsTheNewBytes() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 20, 5);
        store.redact(57, redacted(57));

        LedgerStore again = reopened(store);

        assertThat(readAll(again, 57, 57).get(0)).isEqualTo(redacted(57));
        assertRecords(again, 1, 56);
        assertRecords(again, 58, 100);
    }

    @Test
    void redact_whileOthersRead_readersSeeOldOrNewNeverDamage() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 4, 50);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch(2);
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        List<byte[]> read = readAll(store, 1, 200);
                        for (int i = 0; i < read.size(); i++) {
                            long seq = i + 1;
                            byte[] got = read.get(i);
                            if (!Arrays.equals(got, record(seq)) && !Arrays.equals(got, redacted(seq))) {
                                throw new AssertionError("record " + seq + " is neither form");
                            }
                        }
                    }
                } catch (Throwable t) {
                    problems.add(t);
                } finally {
                    finished.countDown();
                }
            });
            reader.start();
        }
        for (long seq = 2; seq <= 200; seq += 3) {
            store.redact(seq, redacted(seq));
        }
        done.set(true);
        assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();

        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------ close

    @Test
    void close_twice_isHarmless() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 1);

        store.close();
        store.close();
    }

    @Test
    void close_thenAppendOrRead_throwsLedgerClosed() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 1, 1);
        store.close();

        assertThatThrownBy(() -> store.append(2, records(2, 1))).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(() -> store.read(1, 1, (s, r) -> {})).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(() -> store.redact(1, redacted(1))).isInstanceOf(LedgerClosedException.class);
    }

    // ------------------------------------------------------------------ durability

    @Test
    void reopen_keepsEveryRecordAndTheSnapshot() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 40, 5);
        store.saveSnapshot(150, new byte[] {15, 0});

        LedgerStore again = reopened(store);

        assertThat(again.lastSequence()).isEqualTo(200);
        assertRecords(again, 1, 200);
        assertThat(again.latestSnapshot().orElseThrow().sequence()).isEqualTo(150);
        assertThat(again.latestSnapshot().orElseThrow().state()).containsExactly(15, 0);
    }

    @Test
    void reopen_afterAppendsNotAwaited_closeMadeThemDurable() throws Exception {
        LedgerStore store = store();
        for (long first = 1; first <= 500; first += 5) {
            store.append(first, records(first, 5));
        }

        LedgerStore again = reopened(store);

        assertThat(again.lastSequence()).isEqualTo(500);
        assertRecords(again, 1, 500);
    }

    @Test
    void reopen_thenAppend_continuesTheSequence() throws Exception {
        LedgerStore store = store();
        appendRecords(store, 2, 2);
        LedgerStore again = reopened(store);

        again.append(5, records(5, 3)).get(10, TimeUnit.SECONDS);

        assertRecords(again, 1, 7);
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void read_concurrentWithAppends_seesContiguousCorrectRecords() throws Exception {
        LedgerStore store = store();
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
        int readers = 3;
        CountDownLatch finished = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
            int id = r;
            Thread reader = new Thread(() -> {
                try {
                    long reads = 0;
                    while (!done.get() || reads == 0) {
                        long last = store.lastSequence();
                        if (last > 0) {
                            long from = 1 + (last * id) / readers;
                            assertRecords(store, from, last);
                            reads++;
                        }
                    }
                } catch (Throwable t) {
                    problems.add(t);
                } finally {
                    finished.countDown();
                }
            });
            reader.start();
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int b = 0; b < 2000; b++) {
            long first = store.lastSequence() + 1;
            futures.add(store.append(first, records(first, 1 + b % 4)));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        done.set(true);
        assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();

        assertThat(problems).isEmpty();
        assertRecords(store, 1, store.lastSequence());
    }
}
