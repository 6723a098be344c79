package io.cardkey.ledger.internal.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.ProofVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For random trees, every proof the tree produces verifies against its roots, and flipping any single bit of the
 * proof, a root or the leaf makes verification fail.
 */
class MerkleLogPropertiesTest {

    /** A tree of {@code size} distinct leaves and a position in it. */
    record Case(int size, int index, int oldSize, long bitSeed) {}

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers()
                .between(1, 300)
                .flatMap(size -> Combinators.combine(
                                Arbitraries.integers().between(0, size - 1),
                                Arbitraries.integers().between(1, size),
                                Arbitraries.longs())
                        .as((index, oldSize, seed) -> new Case(size, index, oldSize, seed)));
    }

    private static byte[] leaf(int i) {
        return ("leaf " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static MerkleLog tree(int size, int extra) {
        MerkleLog log = new MerkleLog();
        for (int i = 0; i < size + extra; i++) {
            log.append(leaf(i));
        }
        return log;
    }

    @Property(tries = 300)
    void inclusionProof_anyTree_verifiesAndEverySingleBitFlipFails(
            @ForAll("cases") Case c, @ForAll @IntRange(min = 0, max = 20) int extraLeaves) {
        // Extra leaves appended later must not change proofs for the older size.
        MerkleLog log = tree(c.size(), extraLeaves);
        byte[] root = log.root(c.size());
        List<byte[]> proof = log.inclusionProof(c.index(), c.size());
        byte[] leafHash = ProofVerifier.leafHash(leaf(c.index()));
        assertThat(ProofVerifier.verifyInclusion(c.index(), c.size(), leafHash, proof, root))
                .isTrue();

        int proofBits = proof.size() * 256;
        int bit = Math.floorMod(c.bitSeed(), proofBits + 256 + 8 * leaf(c.index()).length);
        if (bit < proofBits) {
            List<byte[]> bad = flip(proof, bit);
            assertThat(ProofVerifier.verifyInclusion(c.index(), c.size(), leafHash, bad, root))
                    .isFalse();
        } else if (bit < proofBits + 256) {
            assertThat(ProofVerifier.verifyInclusion(c.index(), c.size(), leafHash, proof, flip(root, bit - proofBits)))
                    .isFalse();
        } else {
            byte[] badLeaf = flip(leaf(c.index()), bit - proofBits - 256);
            assertThat(ProofVerifier.verifyInclusion(c.index(), c.size(), ProofVerifier.leafHash(badLeaf), proof, root))
                    .isFalse();
        }
        // Another leaf's position never verifies with this proof (all leaves are distinct).
        int otherIndex = (c.index() + 1 + Math.floorMod(c.bitSeed(), Math.max(1, c.size() - 1))) % c.size();
        if (otherIndex != c.index()) {
            assertThat(ProofVerifier.verifyInclusion(otherIndex, c.size(), leafHash, proof, root))
                    .isFalse();
        }
    }

    @Property(tries = 300)
    void consistencyProof_anyTwoSizes_verifiesAndEverySingleBitFlipFails(
            @ForAll("cases") Case c, @ForAll @IntRange(min = 0, max = 20) int extraLeaves) {
        MerkleLog log = tree(c.size(), extraLeaves);
        int oldSize = c.oldSize();
        byte[] oldRoot = log.root(oldSize);
        byte[] newRoot = log.root(c.size());
        List<byte[]> proof = log.consistencyProof(oldSize, c.size());
        assertThat(ProofVerifier.verifyConsistency(oldSize, c.size(), proof, oldRoot, newRoot))
                .isTrue();

        int proofBits = proof.size() * 256;
        int bit = Math.floorMod(c.bitSeed(), proofBits + 512);
        if (bit < proofBits) {
            assertThat(ProofVerifier.verifyConsistency(oldSize, c.size(), flip(proof, bit), oldRoot, newRoot))
                    .isFalse();
        } else if (bit < proofBits + 256) {
            assertThat(ProofVerifier.verifyConsistency(
                            oldSize, c.size(), proof, flip(oldRoot, bit - proofBits), newRoot))
                    .isFalse();
        } else {
            assertThat(ProofVerifier.verifyConsistency(
                            oldSize, c.size(), proof, oldRoot, flip(newRoot, bit - proofBits - 256)))
                    .isFalse();
        }
        if (oldSize < c.size()) {
            // A root of any other older size does not verify either.
            int otherOld = oldSize == 1 ? 2 : oldSize - 1;
            assertThat(ProofVerifier.verifyConsistency(otherOld, c.size(), proof, log.root(otherOld), newRoot))
                    .isFalse();
        }
    }

    private static List<byte[]> flip(List<byte[]> proof, int bit) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.set(bit / 256, flip(proof.get(bit / 256), bit % 256));
        return copy;
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
