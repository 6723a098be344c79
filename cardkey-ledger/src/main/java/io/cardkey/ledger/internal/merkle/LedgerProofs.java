package io.cardkey.ledger.internal.merkle;

import io.cardkey.ledger.Checkpoint;
import io.cardkey.ledger.ConsistencyProof;
import io.cardkey.ledger.InclusionProof;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.ProofVerificationException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The Merkle side of a ledger: checkpoints and proofs over the records of a {@link LedgerStore}, whose leaves are the
 * records' canonical bytes (the start of what the store holds, which may go on with sealed sensitive values) in
 * sequence order, so leaf index = sequence - 1.
 *
 * <p>Design: the tree is built lazily. The first checkpoint or proof reads the records it needs from the store, later
 * ones only the records appended since; opening a ledger therefore costs nothing here. Checkpoints are not stored by
 * the ledger: the host publishes and keeps the signed notes, and {@link #verifyCheckpoint} checks one against the
 * records as they are now, rebuilding the tree from the store rather than trusting the cached one.
 *
 * <p>Thread-safe: the methods are synchronized.
 */
public final class LedgerProofs {
    private final LedgerStore store;
    private final ToIntFunction<byte[]> canonicalLength;
    private final MerkleLog tree = new MerkleLog();

    /**
     * Creates the proofs over {@code store}.
     *
     * @param store the ledger's store
     * @param canonicalLength gives the length of the canonical bytes at the start of a stored record
     */
    public LedgerProofs(LedgerStore store, ToIntFunction<byte[]> canonicalLength) {
        this.store = Objects.requireNonNull(store, "store");
        this.canonicalLength = Objects.requireNonNull(canonicalLength, "canonicalLength");
    }

    /**
     * Returns the tree head over records 1 to {@code size}.
     *
     * @param origin the checkpoint origin
     * @param size the number of records, at most the ledger's last sequence number
     * @return the unsigned checkpoint
     */
    public synchronized Checkpoint head(String origin, long size) {
        catchUp(size);
        return Checkpoint.of(origin, size, tree.root(size));
    }

    /**
     * Proves that record {@code sequence} is in the tree that {@code checkpoint} signs.
     *
     * @param sequence from 1 to the checkpoint's tree size
     * @param checkpoint a checkpoint of this ledger
     * @param lastSequence the ledger's last sequence number
     * @return the proof, for leaf index {@code sequence - 1}
     * @throws IllegalArgumentException if {@code sequence} is not in the checkpoint
     * @throws ProofVerificationException if the checkpoint is not a head of this ledger
     */
    public synchronized InclusionProof proveInclusion(long sequence, Checkpoint checkpoint, long lastSequence) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (sequence < 1 || sequence > checkpoint.treeSize()) {
            throw new IllegalArgumentException("sequence was " + sequence + "; must be between 1 and the checkpoint's "
                    + "tree size " + checkpoint.treeSize());
        }
        requireHeadOfThisLedger(checkpoint, lastSequence);
        long size = checkpoint.treeSize();
        return InclusionProof.of(sequence - 1, size, tree.inclusionProof(sequence - 1, size));
    }

    /**
     * Proves that {@code newer} extends {@code older}: the ledger was only appended to in between.
     *
     * @param older a checkpoint of this ledger of at least one record
     * @param newer a checkpoint of this ledger at least as large, with the same origin
     * @param lastSequence the ledger's last sequence number
     * @return the proof
     * @throws IllegalArgumentException if {@code older} is empty, larger than {@code newer}, or of another origin
     * @throws ProofVerificationException if either checkpoint is not a head of this ledger
     */
    public synchronized ConsistencyProof proveConsistency(Checkpoint older, Checkpoint newer, long lastSequence) {
        Objects.requireNonNull(older, "older");
        Objects.requireNonNull(newer, "newer");
        if (older.treeSize() < 1) {
            throw new IllegalArgumentException(
                    "older tree size was 0; must be at least 1 (nothing is proven about an " + "empty ledger)");
        }
        if (older.treeSize() > newer.treeSize()) {
            throw new IllegalArgumentException("older tree size was " + older.treeSize() + "; must be at most the "
                    + "newer tree size " + newer.treeSize());
        }
        if (!older.origin().equals(newer.origin())) {
            throw new IllegalArgumentException("older origin was \"" + older.origin() + "\"; must equal the newer "
                    + "origin \"" + newer.origin() + "\"");
        }
        requireHeadOfThisLedger(older, lastSequence);
        requireHeadOfThisLedger(newer, lastSequence);
        return ConsistencyProof.of(
                older.treeSize(), newer.treeSize(), tree.consistencyProof(older.treeSize(), newer.treeSize()));
    }

    /**
     * Checks that {@code checkpoint} is a head of the records as the store holds them now: recomputes the root of
     * records 1 to its tree size from the store (not from the cached tree) and compares.
     *
     * @param checkpoint a checkpoint the host kept
     * @param lastSequence the ledger's last sequence number
     * @throws ProofVerificationException if the ledger is shorter than the checkpoint or its root differs
     */
    public void verifyCheckpoint(Checkpoint checkpoint, long lastSequence) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        requireSizeWithin(checkpoint, lastSequence);
        MerkleLog fresh = new MerkleLog();
        if (checkpoint.treeSize() > 0) {
            store.read(
                    1, checkpoint.treeSize(), (seq, bytes) -> fresh.append(bytes, canonicalLength.applyAsInt(bytes)));
        }
        requireRoot(checkpoint, fresh.root(checkpoint.treeSize()));
    }

    private void requireHeadOfThisLedger(Checkpoint checkpoint, long lastSequence) {
        requireSizeWithin(checkpoint, lastSequence);
        catchUp(checkpoint.treeSize());
        requireRoot(checkpoint, tree.root(checkpoint.treeSize()));
    }

    private static void requireSizeWithin(Checkpoint checkpoint, long lastSequence) {
        if (checkpoint.treeSize() > lastSequence) {
            throw new ProofVerificationException(
                    ProofVerificationException.Reason.CHECKPOINT_MISMATCH,
                    "checkpoint " + checkpoint + " covers " + checkpoint.treeSize() + " records but this ledger has "
                            + lastSequence + "; it is a head of another ledger, or records were lost");
        }
    }

    private static void requireRoot(Checkpoint checkpoint, byte[] root) {
        if (!MessageDigest.isEqual(root, checkpoint.rootHash())) {
            throw new ProofVerificationException(
                    ProofVerificationException.Reason.CHECKPOINT_MISMATCH,
                    "checkpoint " + checkpoint + " does not match this ledger, whose first " + checkpoint.treeSize()
                            + " records give root " + Base64.getEncoder().encodeToString(root)
                            + "; one of the two was altered, or it is a head of another ledger");
        }
    }

    private void catchUp(long size) {
        long have = tree.size();
        if (size > have) {
            store.read(have + 1, size, (seq, bytes) -> tree.append(bytes, canonicalLength.applyAsInt(bytes)));
        }
    }
}
