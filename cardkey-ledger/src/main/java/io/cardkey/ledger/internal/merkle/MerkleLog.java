package io.cardkey.ledger.internal.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * An appendable RFC 6962 Merkle tree that answers root, inclusion-proof and consistency-proof questions for every size
 * it has had.
 *
 * <p>Design: the leaf hashes are kept (32 bytes each, paged, no object per leaf). Complete-subtree nodes of height 4
 * and above are cached as they complete, which costs about 4 more bytes per leaf; nodes of height 1 to 3 are recomputed
 * from at most 8 leaves when needed. Any tree head or proof then takes O(log n) hashes: the RFC's recursive
 * definitions (MTH, PATH, SUBPROOF) split a range into complete subtrees, which are cached, plus at most one incomplete
 * right edge per proof. Appending costs about two hashes per leaf amortised.
 *
 * <p>Thread-safe: every method is synchronized, which keeps one digest instance reusable.
 */
public final class MerkleLog {
    private static final int HASH_LENGTH = HashArray.HASH_LENGTH;
    private static final int CACHED_FROM_HEIGHT = 4;

    private final HashArray leaves = new HashArray();
    private final List<HashArray> cachedLevels = new ArrayList<>(); // index = height - CACHED_FROM_HEIGHT
    private final MessageDigest sha256;

    /** Creates an empty tree. */
    public MerkleLog() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * Returns the number of leaves.
     *
     * @return the tree size
     */
    public synchronized long size() {
        return leaves.size();
    }

    /**
     * Appends a leaf given its data; the leaf hash is SHA-256(0x00 || data).
     *
     * @param leafData the leaf's bytes
     */
    public synchronized void append(byte[] leafData) {
        append(leafData, leafData.length);
    }

    /**
     * Appends a leaf whose data are the first {@code length} bytes of {@code bytes}.
     *
     * @param bytes holds the leaf's bytes at its start
     * @param length how many bytes are the leaf's, 0 to {@code bytes.length}
     */
    public synchronized void append(byte[] bytes, int length) {
        sha256.update((byte) 0x00);
        sha256.update(bytes, 0, length);
        appendLeafHashLocked(sha256.digest());
    }

    /**
     * Appends a leaf given its RFC 6962 leaf hash.
     *
     * @param leafHash 32 bytes
     * @throws IllegalArgumentException if the hash is not 32 bytes
     */
    public synchronized void appendLeafHash(byte[] leafHash) {
        if (leafHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "leafHash length was " + leafHash.length + "; must be " + HASH_LENGTH + " (SHA-256)");
        }
        appendLeafHashLocked(leafHash.clone());
    }

    private void appendLeafHashLocked(byte[] leafHash) {
        leaves.add(leafHash);
        long count = leaves.size();
        // Each height whose block of 2^h leaves has just completed gets its new node cached.
        for (int height = CACHED_FROM_HEIGHT; height < 63 && (count & ((1L << height) - 1)) == 0; height++) {
            long index = (count >>> height) - 1;
            byte[] value = hashChildren(node(height - 1, 2 * index), node(height - 1, 2 * index + 1));
            int level = height - CACHED_FROM_HEIGHT;
            if (level == cachedLevels.size()) {
                cachedLevels.add(new HashArray());
            }
            cachedLevels.get(level).add(value);
        }
    }

    /**
     * Returns the leaf hash at {@code index}.
     *
     * @param index from 0, below {@link #size()}
     * @return a new 32-byte array
     */
    public synchronized byte[] leafHash(long index) {
        checkRange("index", index, 0, leaves.size() - 1);
        return leaves.get(index);
    }

    /**
     * Returns the root hash (RFC 6962 MTH) of the first {@code treeSize} leaves; for 0 leaves, SHA-256 of nothing.
     *
     * @param treeSize between 0 and {@link #size()}
     * @return a new 32-byte array
     */
    public synchronized byte[] root(long treeSize) {
        checkRange("treeSize", treeSize, 0, leaves.size());
        return treeSize == 0 ? sha256.digest() : mth(0, treeSize);
    }

    /**
     * Returns the RFC 6962 audit path (PATH) of leaf {@code leafIndex} in the tree of the first {@code treeSize}
     * leaves, ordered from the leaf towards the root.
     *
     * @param leafIndex from 0, below {@code treeSize}
     * @param treeSize between 1 and {@link #size()}
     * @return the proof hashes, each a new 32-byte array
     */
    public synchronized List<byte[]> inclusionProof(long leafIndex, long treeSize) {
        checkRange("treeSize", treeSize, 1, leaves.size());
        checkRange("leafIndex", leafIndex, 0, treeSize - 1);
        List<byte[]> proof = new ArrayList<>();
        path(leafIndex, 0, treeSize, proof);
        return proof;
    }

    /**
     * Returns the RFC 6962 consistency proof (PROOF) from the tree of the first {@code oldSize} leaves to the tree of
     * the first {@code newSize} leaves.
     *
     * @param oldSize between 1 and {@code newSize}
     * @param newSize at most {@link #size()}
     * @return the proof hashes, each a new 32-byte array; empty if the sizes are equal
     */
    public synchronized List<byte[]> consistencyProof(long oldSize, long newSize) {
        checkRange("newSize", newSize, 1, leaves.size());
        checkRange("oldSize", oldSize, 1, newSize);
        List<byte[]> proof = new ArrayList<>();
        subproof(oldSize, 0, newSize, true, proof);
        return proof;
    }

    /** PATH(m, D[start:end]) with m relative to start. */
    private void path(long m, long start, long end, List<byte[]> proof) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m < k) {
            path(m, start, start + k, proof);
            proof.add(mth(start + k, end));
        } else {
            path(m - k, start + k, end, proof);
            proof.add(mth(start, start + k));
        }
    }

    /** SUBPROOF(m, D[start:end], completeSubtree) with m relative to start. */
    private void subproof(long m, long start, long end, boolean startsAtOldRoot, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!startsAtOldRoot) {
                proof.add(mth(start, end));
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(m, start, start + k, startsAtOldRoot, proof);
            proof.add(mth(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, proof);
            proof.add(mth(start, start + k));
        }
    }

    /**
     * MTH(D[start:end]) for a non-empty range that the RFC's recursion produces: its largest power-of-two prefix
     * starts at a multiple of its own size, so it is a cached or cheaply recomputed complete subtree.
     */
    private byte[] mth(long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1) {
            int height = Long.numberOfTrailingZeros(n);
            return node(height, start >>> height);
        }
        long k = Long.highestOneBit(n - 1);
        return hashChildren(mth(start, start + k), mth(start + k, end));
    }

    /** The root of the complete subtree of height {@code height} that is the {@code index}-th on its level. */
    private byte[] node(int height, long index) {
        if (height == 0) {
            return leaves.get(index);
        }
        if (height >= CACHED_FROM_HEIGHT) {
            return cachedLevels.get(height - CACHED_FROM_HEIGHT).get(index);
        }
        return hashChildren(node(height - 1, 2 * index), node(height - 1, 2 * index + 1));
    }

    private byte[] hashChildren(byte[] left, byte[] right) {
        sha256.update((byte) 0x01);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " was " + value + "; must be between " + min + " and " + max);
        }
    }
}
