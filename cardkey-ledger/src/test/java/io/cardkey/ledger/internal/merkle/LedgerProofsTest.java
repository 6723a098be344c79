package io.cardkey.ledger.internal.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.Checkpoint;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.ProofVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LedgerProofsTest {

    /** Just enough of a store: records in a list; counts reads so laziness can be checked. */
    private static final class ListStore implements LedgerStore {
        final List<byte[]> records = new ArrayList<>();
        long recordsRead;

        void add(String text) {
            records.add(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public long lastSequence() {
            return records.size();
        }

        @Override
        public CompletableFuture<Void> append(long firstSequence, List<byte[]> batch) {
            records.addAll(batch);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
            for (long s = fromSequence; s <= toSequence; s++) {
                recordsRead++;
                consumer.accept(s, records.get((int) (s - 1)));
            }
        }

        @Override
        public void redact(long sequence, byte[] record) {
            throw new UnsupportedOperationException("not used by LedgerProofs");
        }

        @Override
        public void saveSnapshot(long sequence, byte[] state) {
            throw new UnsupportedOperationException("not used by LedgerProofs");
        }

        @Override
        public Optional<Snapshot> latestSnapshot() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }

    private static ListStore store(int records) {
        ListStore store = new ListStore();
        for (int i = 1; i <= records; i++) {
            store.add("record " + i);
        }
        return store;
    }

    @Test
    void proofs_fromHeads_verify() {
        ListStore store = store(10);
        LedgerProofs proofs = new LedgerProofs(store, bytes -> bytes.length);
        Checkpoint at6 = proofs.head("log", 6);
        store.add("record 11");
        Checkpoint at11 = proofs.head("log", 11);

        assertThat(proofs.proveInclusion(3, at6, 11).verify(store.records.get(2), at6))
                .isTrue();
        assertThat(proofs.proveInclusion(11, at11, 11).verify(store.records.get(10), at11))
                .isTrue();
        assertThat(proofs.proveInclusion(11, at11, 11).leafIndex()).isEqualTo(10);
        assertThat(proofs.proveConsistency(at6, at11, 11).verify(at6, at11)).isTrue();
        assertThat(proofs.proveConsistency(at11, at11, 11).verify(at11, at11)).isTrue();
    }

    @Test
    void tree_isBuiltLazilyAndIncrementally() {
        ListStore store = store(100);
        LedgerProofs proofs = new LedgerProofs(store, bytes -> bytes.length);
        assertThat(store.recordsRead).isZero();
        proofs.head("log", 40);
        assertThat(store.recordsRead).isEqualTo(40);
        proofs.head("log", 100);
        proofs.head("log", 70);
        assertThat(store.recordsRead).isEqualTo(100);
    }

    @Test
    void head_emptyLedger_isRootOfEmptyTree() {
        assertThat(new LedgerProofs(store(0), bytes -> bytes.length)
                        .head("log", 0)
                        .rootHashBase64())
                .isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    @Test
    void proveInclusion_checkpointOfAnotherLedger_throwsMismatch() {
        LedgerProofs proofs = new LedgerProofs(store(10), bytes -> bytes.length);
        Checkpoint foreign = new LedgerProofs(store(12), bytes -> bytes.length).head("log", 12);
        assertThatThrownBy(() -> proofs.proveInclusion(1, foreign, 10))
                .isInstanceOfSatisfying(
                        ProofVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProofVerificationException.Reason.CHECKPOINT_MISMATCH))
                .hasMessageContaining("covers 12 records but this ledger has 10");
        ListStore other = store(10);
        other.records.set(4, "record five".getBytes(StandardCharsets.UTF_8));
        Checkpoint altered = new LedgerProofs(other, bytes -> bytes.length).head("log", 10);
        assertThatThrownBy(() -> proofs.proveInclusion(1, altered, 10))
                .isInstanceOf(ProofVerificationException.class)
                .hasMessageContaining("does not match this ledger");
    }

    @Test
    void proveInclusion_sequenceOutsideCheckpoint_throwsIllegalArgument() {
        LedgerProofs proofs = new LedgerProofs(store(10), bytes -> bytes.length);
        Checkpoint at5 = proofs.head("log", 5);
        assertThatThrownBy(() -> proofs.proveInclusion(6, at5, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sequence was 6; must be between 1 and the checkpoint's tree size 5");
        assertThatThrownBy(() -> proofs.proveInclusion(0, at5, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proveConsistency_badPair_throws() {
        LedgerProofs proofs = new LedgerProofs(store(10), bytes -> bytes.length);
        Checkpoint at5 = proofs.head("log", 5);
        Checkpoint at8 = proofs.head("log", 8);
        assertThatThrownBy(() -> proofs.proveConsistency(at8, at5, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("older tree size was 8; must be at most the newer tree size 5");
        assertThatThrownBy(() -> proofs.proveConsistency(proofs.head("log", 0), at5, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.proveConsistency(proofs.head("other", 5), at8, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("origin");
        Checkpoint forged = Checkpoint.of("log", 8, new byte[32]);
        assertThatThrownBy(() -> proofs.proveConsistency(at5, forged, 10))
                .isInstanceOf(ProofVerificationException.class);
    }

    @Test
    void verifyCheckpoint_recordAlteredAfterTreeWasCached_detected() {
        ListStore store = store(10);
        LedgerProofs proofs = new LedgerProofs(store, bytes -> bytes.length);
        Checkpoint at10 = proofs.head("log", 10);
        proofs.verifyCheckpoint(at10, 10);

        store.records.set(6, "record 7, altered".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> proofs.verifyCheckpoint(at10, 10))
                .isInstanceOfSatisfying(
                        ProofVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProofVerificationException.Reason.CHECKPOINT_MISMATCH));
        assertThatThrownBy(() -> proofs.verifyCheckpoint(at10, 9))
                .isInstanceOf(ProofVerificationException.class)
                .hasMessageContaining("records were lost");
    }
}
