package io.cardkey.ledger;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A Merkle tree head: the origin (name) of a log, a tree size and the RFC 6962 root hash of the first {@code treeSize}
 * leaves. For a CardKey ledger the leaves are the canonical bytes of its records in sequence order, so a checkpoint of
 * size {@code n} commits to records 1 to {@code n}.
 *
 * <p>{@link #body()} is the C2SP {@code tlog-checkpoint} note text; {@link CheckpointSigner#sign} wraps it in a signed
 * note and {@link CheckpointVerifierKey#open} turns a verified note back into a checkpoint. There is deliberately no
 * way to parse a checkpoint without checking its signature.
 *
 * <p>Immutable and thread-safe. Two checkpoints are equal when origin, size and root hash are equal.
 */
public final class Checkpoint {
    private final String origin;
    private final long treeSize;
    private final byte[] rootHash;

    private Checkpoint(String origin, long treeSize, byte[] rootHash) {
        this.origin = origin;
        this.treeSize = treeSize;
        this.rootHash = rootHash;
    }

    /**
     * Creates a checkpoint.
     *
     * @param origin the log's name, e.g. {@code "shop.example.com/ledger"}: non-empty, one line, no control
     *     characters
     * @param treeSize the number of leaves, at least 0
     * @param rootHash the 32-byte RFC 6962 root hash of those leaves (copied)
     * @return the checkpoint
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public static Checkpoint of(String origin, long treeSize, byte[] rootHash) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        requireValidOrigin(origin);
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize was " + treeSize + "; must be at least 0");
        }
        if (rootHash.length != ProofVerifier.HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "rootHash length was " + rootHash.length + "; must be " + ProofVerifier.HASH_LENGTH + " (SHA-256)");
        }
        return new Checkpoint(origin, treeSize, rootHash.clone());
    }

    static Checkpoint of(ProofVerifier.VerifiedCheckpoint verified) {
        return of(verified.origin(), verified.treeSize(), verified.rootHash());
    }

    private static void requireValidOrigin(String origin) {
        if (origin.isEmpty()) {
            throw new IllegalArgumentException("origin was empty; must name the log");
        }
        for (int i = 0; i < origin.length(); i++) {
            char c = origin.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("origin holds control character U+" + String.format("%04X", (int) c)
                        + " at index " + i + "; must be one line of text");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < origin.length()
                        && Character.isLowSurrogate(origin.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException(
                            "origin holds an unpaired surrogate at index " + i + "; must be valid Unicode");
                }
                i++;
            }
        }
    }

    /**
     * Returns the origin line: the name of the log.
     *
     * @return the origin
     */
    public String origin() {
        return origin;
    }

    /**
     * Returns the number of leaves (ledger records) this checkpoint covers.
     *
     * @return the tree size, at least 0
     */
    public long treeSize() {
        return treeSize;
    }

    /**
     * Returns the RFC 6962 root hash.
     *
     * @return a copy of the 32-byte root hash
     */
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /**
     * Returns the root hash in standard base64, as it appears in the note body.
     *
     * @return 44 characters of base64
     */
    public String rootHashBase64() {
        return Base64.getEncoder().encodeToString(rootHash);
    }

    /**
     * Returns the C2SP {@code tlog-checkpoint} note text: origin, decimal tree size and base64 root hash, each on a line
     * ending in a newline (no extension lines). This is exactly the text a signature covers.
     *
     * @return the body
     */
    public String body() {
        return origin + "\n" + treeSize + "\n" + rootHashBase64() + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint
                && ((Checkpoint) other).treeSize == treeSize
                && ((Checkpoint) other).origin.equals(origin)
                && Arrays.equals(((Checkpoint) other).rootHash, rootHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash));
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", treeSize=" + treeSize + ", rootHash=" + rootHashBase64() + "]";
    }
}
