package io.cardkey.ledger.internal.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable array of 32-byte hashes stored back to back in fixed-size pages, so millions of hashes cost 32 bytes each
 * and no object per hash, growing never copies what is already stored, and the count is not limited by the largest
 * Java array. Not thread-safe: {@link MerkleLog} guards it.
 */
final class HashArray {
    static final int HASH_LENGTH = 32;
    // 4,096 hashes = 128 KiB per page: well under half of G1's smallest region (1 MiB), so pages are never
    // "humongous" objects, which would each waste most of a second region.
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_HASHES = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_HASHES - 1;

    private final List<byte[]> pages = new ArrayList<>();
    private long size;

    long size() {
        return size;
    }

    void add(byte[] hash) {
        int slot = (int) (size & PAGE_MASK);
        if (slot == 0) {
            pages.add(new byte[PAGE_HASHES * HASH_LENGTH]);
        }
        System.arraycopy(hash, 0, pages.get(pages.size() - 1), slot * HASH_LENGTH, HASH_LENGTH);
        size++;
    }

    byte[] get(long index) {
        byte[] hash = new byte[HASH_LENGTH];
        byte[] page = pages.get((int) (index >>> PAGE_SHIFT));
        System.arraycopy(page, (int) (index & PAGE_MASK) * HASH_LENGTH, hash, 0, HASH_LENGTH);
        return hash;
    }
}
