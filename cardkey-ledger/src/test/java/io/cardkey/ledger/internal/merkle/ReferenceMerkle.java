package io.cardkey.ledger.internal.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 section 2.1 written as literally as possible (recursion over lists of leaf hashes, no caching), as the
 * reference model that {@link MerkleLog} is checked against. Slow: O(n) hashes per call.
 */
final class ReferenceMerkle {
    private ReferenceMerkle() {}

    static byte[] leafHash(byte[] data) {
        return sha256(new byte[] {0}, data);
    }

    /** MTH(D[n]) of leaf hashes. */
    static byte[] mth(List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leafHashes.get(0);
        }
        int k = largestPowerOfTwoBelow(n);
        return sha256(new byte[] {1}, mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, n)));
    }

    /** PATH(m, D[n]). */
    static List<byte[]> path(int m, List<byte[]> leafHashes) {
        int n = leafHashes.size();
        List<byte[]> result = new ArrayList<>();
        if (n == 1) {
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            result.addAll(path(m, leafHashes.subList(0, k)));
            result.add(mth(leafHashes.subList(k, n)));
        } else {
            result.addAll(path(m - k, leafHashes.subList(k, n)));
            result.add(mth(leafHashes.subList(0, k)));
        }
        return result;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
    static List<byte[]> proof(int m, List<byte[]> leafHashes) {
        return subproof(m, leafHashes, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leafHashes, boolean b) {
        int n = leafHashes.size();
        List<byte[]> result = new ArrayList<>();
        if (m == n) {
            if (!b) {
                result.add(mth(leafHashes));
            }
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, leafHashes.subList(0, k), b));
            result.add(mth(leafHashes.subList(k, n)));
        } else {
            result.addAll(subproof(m - k, leafHashes.subList(k, n), false));
            result.add(mth(leafHashes.subList(0, k)));
        }
        return result;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
