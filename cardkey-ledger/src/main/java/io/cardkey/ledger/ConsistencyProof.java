package io.cardkey.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6962 consistency proof: the hashes that show the tree of {@link #newSize()} leaves extends the tree of
 * {@link #oldSize()} leaves unchanged, that is, the ledger between two checkpoints was only appended to.
 *
 * <p>JSON: Jackson writes and reads it as it is (see PROOFS.md for the shape); {@link #oldSize()}, {@link #newSize()} and {@link #hashesBase64()} are all a proof holds, and
 * {@link #ofBase64} reads them back.
 *
 * <p>Immutable and thread-safe. Equal when sizes and hashes are equal.
 */
@JsonPropertyOrder({"oldSize", "newSize", "hashes"})
public final class ConsistencyProof {
    private final long oldSize;
    private final long newSize;
    private final byte[][] hashes;

    private ConsistencyProof(long oldSize, long newSize, byte[][] hashes) {
        if (oldSize < 1) {
            throw new IllegalArgumentException(
                    "oldSize was " + oldSize + "; must be at least 1 (nothing is proven about an empty tree)");
        }
        if (newSize < oldSize) {
            throw new IllegalArgumentException(
                    "newSize was " + newSize + "; must be at least oldSize " + oldSize + " (a log only grows)");
        }
        this.oldSize = oldSize;
        this.newSize = newSize;
        this.hashes = hashes;
    }

    /**
     * Creates a proof from its parts.
     *
     * @param oldSize the older tree size, at least 1
     * @param newSize the newer tree size, at least {@code oldSize}
     * @param hashes the proof hashes, each 32 bytes (copied); at most 64; empty when the sizes are equal
     * @return the proof; whether it is valid is for {@link #verify} to say
     * @throws IllegalArgumentException if the shape is impossible
     */
    public static ConsistencyProof of(long oldSize, long newSize, List<byte[]> hashes) {
        return new ConsistencyProof(oldSize, newSize, ProofHashes.copyOf(hashes));
    }

    /**
     * Creates a proof from its JSON form.
     *
     * @param oldSize the older tree size, at least 1
     * @param newSize the newer tree size, at least {@code oldSize}
     * @param hashes the proof hashes, each the standard base64 of 32 bytes; at most 64
     * @return the proof
     * @throws IllegalArgumentException if the shape is impossible or a hash is not base64 of 32 bytes
     */
    @JsonCreator
    public static ConsistencyProof ofBase64(
            @JsonProperty("oldSize") long oldSize,
            @JsonProperty("newSize") long newSize,
            @JsonProperty("hashes") List<String> hashes) {
        return new ConsistencyProof(oldSize, newSize, ProofHashes.decode(hashes));
    }

    /**
     * Checks that {@code newer} extends {@code older}. Both checkpoints must have been verified first.
     *
     * @param older a trusted checkpoint of size {@link #oldSize()}
     * @param newer a trusted checkpoint of size {@link #newSize()} and the same origin
     * @return whether the proof holds; {@code false} also when sizes or origins do not match the proof
     */
    public boolean verify(Checkpoint older, Checkpoint newer) {
        Objects.requireNonNull(older, "older");
        Objects.requireNonNull(newer, "newer");
        return older.treeSize() == oldSize
                && newer.treeSize() == newSize
                && older.origin().equals(newer.origin())
                && ProofVerifier.verifyConsistency(
                        oldSize, newSize, ProofHashes.view(hashes), older.rootHash(), newer.rootHash());
    }

    /**
     * Returns the older tree size.
     *
     * @return at least 1
     */
    @JsonProperty("oldSize")
    public long oldSize() {
        return oldSize;
    }

    /**
     * Returns the newer tree size.
     *
     * @return at least {@link #oldSize()}
     */
    @JsonProperty("newSize")
    public long newSize() {
        return newSize;
    }

    /**
     * Returns the proof hashes.
     *
     * @return copies of the 32-byte hashes
     */
    @JsonIgnore
    public List<byte[]> hashes() {
        return ProofHashes.list(hashes);
    }

    /**
     * Returns the proof hashes in standard base64 (for JSON).
     *
     * @return an unmodifiable list
     */
    @JsonProperty("hashes")
    public List<String> hashesBase64() {
        return ProofHashes.base64(hashes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsistencyProof
                && ((ConsistencyProof) other).oldSize == oldSize
                && ((ConsistencyProof) other).newSize == newSize
                && Arrays.deepEquals(((ConsistencyProof) other).hashes, hashes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oldSize, newSize, Arrays.deepHashCode(hashes));
    }

    @Override
    public String toString() {
        return "ConsistencyProof[oldSize=" + oldSize + ", newSize=" + newSize + ", hashes=" + hashesBase64() + "]";
    }
}
