package io.cardkey.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6962 inclusion proof (audit path): the hashes that lead from leaf {@link #leafIndex()} to the root of the tree
 * of {@link #treeSize()} leaves. For a CardKey ledger the leaf index of the record with sequence number {@code s} is
 * {@code s - 1}, and the leaf data is that record's canonical bytes.
 *
 * <p>JSON: Jackson writes and reads it as it is (see PROOFS.md for the shape); {@link #leafIndex()}, {@link #treeSize()} and {@link #hashesBase64()} are all a proof holds, and
 * {@link #ofBase64} reads them back.
 *
 * <p>Immutable and thread-safe. Equal when index, size and hashes are equal.
 */
@JsonPropertyOrder({"leafIndex", "treeSize", "hashes"})
public final class InclusionProof {
    private final long leafIndex;
    private final long treeSize;
    private final byte[][] hashes;

    private InclusionProof(long leafIndex, long treeSize, byte[][] hashes) {
        if (treeSize < 1) {
            throw new IllegalArgumentException("treeSize was " + treeSize + "; must be at least 1");
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "leafIndex was " + leafIndex + "; must be between 0 and treeSize - 1 = " + (treeSize - 1));
        }
        this.leafIndex = leafIndex;
        this.treeSize = treeSize;
        this.hashes = hashes;
    }

    /**
     * Creates a proof from its parts, e.g. as received from a ledger's host.
     *
     * @param leafIndex the leaf's position, from 0, below {@code treeSize}
     * @param treeSize the tree size, at least 1
     * @param hashes the audit path, leaf to root, each 32 bytes (copied); at most 64
     * @return the proof; whether it is valid is for {@link #verify} to say
     * @throws IllegalArgumentException if the shape is impossible
     */
    public static InclusionProof of(long leafIndex, long treeSize, List<byte[]> hashes) {
        return new InclusionProof(leafIndex, treeSize, ProofHashes.copyOf(hashes));
    }

    /**
     * Creates a proof from its JSON form.
     *
     * @param leafIndex the leaf's position, from 0, below {@code treeSize}
     * @param treeSize the tree size, at least 1
     * @param hashes the audit path, leaf to root, each the standard base64 of 32 bytes; at most 64
     * @return the proof
     * @throws IllegalArgumentException if the shape is impossible or a hash is not base64 of 32 bytes
     */
    @JsonCreator
    public static InclusionProof ofBase64(
            @JsonProperty("leafIndex") long leafIndex,
            @JsonProperty("treeSize") long treeSize,
            @JsonProperty("hashes") List<String> hashes) {
        return new InclusionProof(leafIndex, treeSize, ProofHashes.decode(hashes));
    }

    /**
     * Checks that {@code leafData} is leaf {@link #leafIndex()} of the tree that {@code checkpoint} signs. The
     * checkpoint must have been verified first (it is, if it came from {@link CheckpointVerifierKey#open}).
     *
     * @param leafData the leaf's bytes (for a ledger, the record's canonical bytes)
     * @param checkpoint a trusted checkpoint of size {@link #treeSize()}
     * @return whether the proof holds; {@code false} also when the checkpoint has another size
     */
    public boolean verify(byte[] leafData, Checkpoint checkpoint) {
        Objects.requireNonNull(leafData, "leafData");
        return verifyLeafHash(ProofVerifier.leafHash(leafData), checkpoint);
    }

    /**
     * Like {@link #verify} for a caller who has the RFC 6962 leaf hash rather than the leaf data.
     *
     * @param leafHash SHA-256(0x00 || leaf data)
     * @param checkpoint a trusted checkpoint of size {@link #treeSize()}
     * @return whether the proof holds
     */
    public boolean verifyLeafHash(byte[] leafHash, Checkpoint checkpoint) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(checkpoint, "checkpoint");
        return checkpoint.treeSize() == treeSize
                && ProofVerifier.verifyInclusion(
                        leafIndex, treeSize, leafHash, ProofHashes.view(hashes), checkpoint.rootHash());
    }

    /**
     * Returns the leaf's position, from 0.
     *
     * @return the leaf index
     */
    @JsonProperty("leafIndex")
    public long leafIndex() {
        return leafIndex;
    }

    /**
     * Returns the size of the tree the proof is for.
     *
     * @return the tree size, at least 1
     */
    @JsonProperty("treeSize")
    public long treeSize() {
        return treeSize;
    }

    /**
     * Returns the audit path, leaf to root.
     *
     * @return copies of the 32-byte hashes
     */
    @JsonIgnore
    public List<byte[]> hashes() {
        return ProofHashes.list(hashes);
    }

    /**
     * Returns the audit path, leaf to root, in standard base64 (for JSON).
     *
     * @return an unmodifiable list
     */
    @JsonProperty("hashes")
    public List<String> hashesBase64() {
        return ProofHashes.base64(hashes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InclusionProof
                && ((InclusionProof) other).leafIndex == leafIndex
                && ((InclusionProof) other).treeSize == treeSize
                && Arrays.deepEquals(((InclusionProof) other).hashes, hashes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leafIndex, treeSize, Arrays.deepHashCode(hashes));
    }

    @Override
    public String toString() {
        return "InclusionProof[leafIndex=" + leafIndex + ", treeSize=" + treeSize + ", hashes=" + hashesBase64() + "]";
    }
}
