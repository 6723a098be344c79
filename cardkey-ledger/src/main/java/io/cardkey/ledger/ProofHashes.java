package io.cardkey.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** Copies, checks and encodes the hash lists of {@link InclusionProof} and {@link ConsistencyProof}. */
final class ProofHashes {
    /** No valid proof in a tree of at most 2^63 leaves is longer. */
    static final int MAX_HASHES = 64;

    private ProofHashes() {}

    static byte[][] copyOf(List<byte[]> hashes) {
        Objects.requireNonNull(hashes, "hashes");
        if (hashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException(
                    "hashes had " + hashes.size() + " entries; must be at most " + MAX_HASHES);
        }
        byte[][] copy = new byte[hashes.size()][];
        for (int i = 0; i < copy.length; i++) {
            byte[] hash = Objects.requireNonNull(hashes.get(i), "hashes[" + i + "]");
            if (hash.length != ProofVerifier.HASH_LENGTH) {
                throw new IllegalArgumentException("hashes[" + i + "] length was " + hash.length + "; must be "
                        + ProofVerifier.HASH_LENGTH + " (SHA-256)");
            }
            copy[i] = hash.clone();
        }
        return copy;
    }

    static byte[][] decode(List<String> base64) {
        Objects.requireNonNull(base64, "hashes");
        List<byte[]> decoded = new ArrayList<>(base64.size());
        for (int i = 0; i < base64.size(); i++) {
            String text = Objects.requireNonNull(base64.get(i), "hashes[" + i + "]");
            try {
                decoded.add(Base64.getDecoder().decode(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hashes[" + i + "] was \"" + text + "\"; must be base64", e);
            }
        }
        return copyOf(decoded);
    }

    static List<byte[]> list(byte[][] hashes) {
        List<byte[]> list = new ArrayList<>(hashes.length);
        for (byte[] hash : hashes) {
            list.add(hash.clone());
        }
        return list;
    }

    static List<String> base64(byte[][] hashes) {
        List<String> list = new ArrayList<>(hashes.length);
        for (byte[] hash : hashes) {
            list.add(Base64.getEncoder().encodeToString(hash));
        }
        return List.copyOf(list);
    }

    /** The proof as the verifier reads it, without copying: the verifier never modifies or keeps it. */
    static List<byte[]> view(byte[][] hashes) {
        return Arrays.asList(hashes);
    }
}
