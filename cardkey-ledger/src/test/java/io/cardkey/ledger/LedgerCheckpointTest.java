package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.contract.MutableClock;
import io.cardkey.ledger.internal.InMemoryLedgerStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and proofs of a real {@link Ledger}: leaves are the records' canonical bytes in sequence order. */
class LedgerCheckpointTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId CASH = AccountId.of("platform:cash");
    private static final AccountId WALLET = AccountId.of("distributor:1:wallet");
    private static final CheckpointSigner SIGNER = CheckpointSigner.generate("shop.example.com/ledger");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    private Ledger ledger(LedgerStore store) {
        return Ledger.builder().clock(clock).open(store);
    }

    private static void fill(Ledger ledger, int from, int to) {
        if (from == 1) {
            ledger.openAccount(Account.of(CASH, CNY));
            ledger.openAccount(Account.of(WALLET, CNY));
        }
        for (int i = from; i <= to; i++) {
            ledger.append(Transaction.builder("tx-" + i, "transfer")
                    .posting(CASH, WALLET, i)
                    .metadata("orderId", "order-" + i)
                    .build());
        }
    }

    @Test
    void checkpoint_everyRecordProvesInclusionWithItsCanonicalBytes() {
        try (Ledger ledger = ledger(new InMemoryLedgerStore())) {
            fill(ledger, 1, 20);
            SignedCheckpoint signed = ledger.checkpoint(SIGNER);
            Checkpoint checkpoint = SIGNER.verifierKey().open(signed.note()).checkpoint();
            assertThat(checkpoint.treeSize()).isEqualTo(ledger.lastSequence()).isEqualTo(22);
            assertThat(checkpoint.origin()).isEqualTo("shop.example.com/ledger");

            for (long s = 1; s <= checkpoint.treeSize(); s++) {
                InclusionProof proof = ledger.proveInclusion(s, checkpoint);
                assertThat(proof.leafIndex()).isEqualTo(s - 1);
                assertThat(proof.verify(ledger.record(s).canonicalBytes(), checkpoint))
                        .as("record %d", s)
                        .isTrue();
                long other = s == 1 ? 2 : s - 1;
                assertThat(proof.verify(ledger.record(other).canonicalBytes(), checkpoint))
                        .isFalse();
            }
        }
    }

    @Test
    void thirdParty_withOnlyNoteKeyRecordAndProofJson_verifies() {
        try (Ledger ledger = ledger(new InMemoryLedgerStore())) {
            fill(ledger, 1, 9);
            String note = ledger.checkpoint(SIGNER).note();
            String vkey = SIGNER.verifierKey().encoded();
            InclusionProof proof =
                    ledger.proveInclusion(5, SIGNER.verifierKey().open(note).checkpoint());
            byte[] record = ledger.record(5).canonicalBytes();

            // What an auditor does with ProofVerifier alone, from the JSON form of the proof.
            ProofVerifier.VerifiedCheckpoint head =
                    ProofVerifier.openCheckpoint(note, vkey).orElseThrow();
            List<byte[]> hashes = InclusionProof.ofBase64(proof.leafIndex(), proof.treeSize(), proof.hashesBase64())
                    .hashes();
            assertThat(ProofVerifier.verifyInclusion(
                            proof.leafIndex(),
                            head.treeSize(),
                            ProofVerifier.leafHash(record),
                            hashes,
                            head.rootHash()))
                    .isTrue();
        }
    }

    @Test
    void proveConsistency_laterCheckpointExtendsEarlier_alsoAfterReopen(@TempDir Path dir) {
        Checkpoint early;
        Checkpoint late;
        try (Ledger ledger = ledger(FileLedgerStore.open(dir))) {
            fill(ledger, 1, 7);
            early = ledger.checkpoint(SIGNER).checkpoint();
            fill(ledger, 8, 30);
            late = ledger.checkpoint(SIGNER).checkpoint();
            ConsistencyProof proof = ledger.proveConsistency(early, late);
            assertThat(proof.verify(early, late)).isTrue();
            assertThat(ledger.proveConsistency(late, late).verify(late, late)).isTrue();
        }
        try (Ledger reopened = ledger(FileLedgerStore.open(dir))) {
            fill(reopened, 31, 35);
            Checkpoint latest = reopened.checkpoint(SIGNER).checkpoint();
            assertThat(reopened.proveConsistency(early, latest).verify(early, latest))
                    .isTrue();
            assertThat(reopened.proveInclusion(3, early)
                            .verify(reopened.record(3).canonicalBytes(), early))
                    .isTrue();
            reopened.verifyCheckpoint(early);
            reopened.verifyCheckpoint(latest);
        }
    }

    @Test
    void checkpoints_takenWhileThreadsAppend_areConsistentWithEachOther(@TempDir Path dir) throws Exception {
        try (Ledger ledger = ledger(FileLedgerStore.open(dir))) {
            fill(ledger, 1, 1);
            ExecutorService appenders = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(appenders.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        ledger.append(Transaction.of("t" + thread + "-" + i, "transfer", CASH, WALLET, 1 + i));
                    }
                }));
            }
            List<Checkpoint> checkpoints = new ArrayList<>();
            while (!done.stream().allMatch(Future::isDone)) {
                checkpoints.add(ledger.checkpoint(SIGNER).checkpoint());
            }
            for (Future<?> f : done) {
                f.get();
            }
            appenders.shutdown();
            checkpoints.add(ledger.checkpoint(SIGNER).checkpoint());
            assertThat(checkpoints.get(checkpoints.size() - 1).treeSize()).isEqualTo(3 + 4 * 150);
            for (int i = 1; i < checkpoints.size(); i++) {
                Checkpoint older = checkpoints.get(i - 1);
                Checkpoint newer = checkpoints.get(i);
                assertThat(ledger.proveConsistency(older, newer).verify(older, newer))
                        .isTrue();
                ledger.verifyCheckpoint(newer);
            }
        }
    }

    @Test
    void checkpoint_emptyLedger_isRootOfEmptyTree() {
        try (Ledger ledger = ledger(new InMemoryLedgerStore())) {
            Checkpoint empty = ledger.checkpoint(SIGNER).checkpoint();
            assertThat(empty.treeSize()).isZero();
            assertThat(empty.rootHashBase64()).isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
            assertThatThrownBy(() -> ledger.proveInclusion(1, empty)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void verifyCheckpoint_historyRewrittenWithConsistentChain_passesVerifyButNotCheckpoint() {
        Checkpoint published;
        try (Ledger original = ledger(new InMemoryLedgerStore())) {
            fill(original, 1, 12);
            published = original.checkpoint(SIGNER).checkpoint();
        }
        // Whoever controls the store rewrites record 8 and re-hashes every record after it: the chain is whole again.
        MutableClock sameClock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        try (Ledger rewritten = Ledger.builder().clock(sameClock).open(new InMemoryLedgerStore())) {
            fill(rewritten, 1, 5);
            rewritten.append(Transaction.builder("tx-6", "transfer")
                    .posting(CASH, WALLET, 600)
                    .metadata("orderId", "order-6")
                    .build());
            fill(rewritten, 7, 12);
            assertThat(rewritten.verify().records()).isEqualTo(published.treeSize());
            assertThatThrownBy(() -> rewritten.verifyCheckpoint(published))
                    .isInstanceOfSatisfying(
                            ProofVerificationException.class,
                            e -> assertThat(e.reason())
                                    .isEqualTo(ProofVerificationException.Reason.CHECKPOINT_MISMATCH))
                    .hasMessageContaining("does not match this ledger");
            assertThatThrownBy(() -> rewritten.proveInclusion(1, published))
                    .isInstanceOf(ProofVerificationException.class);
        }
    }

    @Test
    void verifyCheckpoint_storeChangedUnderAnOpenLedger_throwsMismatch() {
        TamperableStore store = new TamperableStore();
        try (Ledger ledger = ledger(store)) {
            fill(ledger, 1, 12);
            Checkpoint checkpoint = ledger.checkpoint(SIGNER).checkpoint();
            store.swap(4, 5);
            assertThatThrownBy(() -> ledger.verifyCheckpoint(checkpoint))
                    .isInstanceOfSatisfying(
                            ProofVerificationException.class,
                            e -> assertThat(e.reason())
                                    .isEqualTo(ProofVerificationException.Reason.CHECKPOINT_MISMATCH));
            assertThatThrownBy(ledger::verify).isInstanceOf(LedgerVerificationException.class);
        }
    }

    @Test
    void proveInclusion_checkpointOfAnotherLedger_throwsMismatch() {
        try (Ledger mine = ledger(new InMemoryLedgerStore());
                Ledger theirs = ledger(new InMemoryLedgerStore())) {
            fill(mine, 1, 5);
            fill(theirs, 1, 6);
            Checkpoint foreign = theirs.checkpoint(SIGNER).checkpoint();
            assertThatThrownBy(() -> mine.proveInclusion(1, foreign))
                    .isInstanceOf(ProofVerificationException.class)
                    .hasMessageContaining("covers 8 records but this ledger has 7");
            Checkpoint forged = Checkpoint.of(foreign.origin(), 7, foreign.rootHash());
            assertThatThrownBy(() -> mine.proveInclusion(1, forged))
                    .isInstanceOfSatisfying(
                            ProofVerificationException.class,
                            e -> assertThat(e.reason())
                                    .isEqualTo(ProofVerificationException.Reason.CHECKPOINT_MISMATCH));
        }
    }

    @Test
    void checkpointAndProofs_closedLedger_throwLedgerClosed() {
        Ledger ledger = ledger(new InMemoryLedgerStore());
        fill(ledger, 1, 3);
        Checkpoint checkpoint = ledger.checkpoint(SIGNER).checkpoint();
        ledger.close();
        assertThatThrownBy(() -> ledger.checkpoint(SIGNER)).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(() -> ledger.proveInclusion(1, checkpoint)).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(() -> ledger.proveConsistency(checkpoint, checkpoint))
                .isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(() -> ledger.verifyCheckpoint(checkpoint)).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(() -> ledger.checkpoint(null)).isInstanceOf(NullPointerException.class);
    }
}
