package io.cardkey.ledger.internal.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.ProofVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Known answers from RFC 6962 test data (the eight leaves and roots used by certificate-transparency and
 * transparency-dev/merkle), and agreement with the literal {@link ReferenceMerkle} for every size across several cache
 * levels.
 */
class MerkleLogTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
    };
    private static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    private static MerkleLog rfcTree() {
        MerkleLog log = new MerkleLog();
        for (String leaf : LEAVES) {
            log.append(HEX.parseHex(leaf));
        }
        return log;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).collect(Collectors.toList());
    }

    @Test
    void root_rfcLeaves_matchesKnownRootForEverySize() {
        MerkleLog log = rfcTree();
        for (int size = 1; size <= 8; size++) {
            assertThat(HEX.formatHex(log.root(size))).as("size %d", size).isEqualTo(ROOTS[size - 1]);
        }
    }

    @Test
    void root_emptyTree_isSha256OfNothing() {
        assertThat(HEX.formatHex(new MerkleLog().root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void inclusionProof_rfcLeaves_matchesKnownPaths() {
        MerkleLog log = rfcTree();
        assertThat(hex(log.inclusionProof(0, 8)))
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(log.inclusionProof(5, 8)))
                .containsExactly(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(log.inclusionProof(2, 3)))
                .containsExactly("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(log.inclusionProof(1, 5)))
                .containsExactly(
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(log.inclusionProof(0, 1)).isEmpty();
    }

    @Test
    void consistencyProof_rfcLeaves_matchesKnownProofs() {
        MerkleLog log = rfcTree();
        assertThat(log.consistencyProof(1, 1)).isEmpty();
        assertThat(hex(log.consistencyProof(1, 8)))
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(log.consistencyProof(6, 8)))
                .containsExactly(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(log.consistencyProof(2, 5)))
                .containsExactly(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(hex(log.consistencyProof(6, 7)))
                .containsExactly(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void rootAndProofs_everySizeUpTo140_equalReferenceAndVerify() {
        MerkleLog log = new MerkleLog();
        List<byte[]> leafHashes = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            byte[] data = ("record " + i).getBytes(StandardCharsets.UTF_8);
            log.append(data);
            leafHashes.add(ReferenceMerkle.leafHash(data));
        }
        for (int size = 1; size <= 140; size++) {
            List<byte[]> prefix = leafHashes.subList(0, size);
            byte[] root = log.root(size);
            assertThat(root).as("root %d", size).isEqualTo(ReferenceMerkle.mth(prefix));
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = log.inclusionProof(index, size);
                assertThat(proof)
                        .as("PATH(%d, %d)", index, size)
                        .containsExactlyElementsOf(ReferenceMerkle.path(index, prefix));
                assertThat(ProofVerifier.verifyInclusion(index, size, leafHashes.get(index), proof, root))
                        .isTrue();
            }
            for (int old = 1; old <= size; old++) {
                List<byte[]> proof = log.consistencyProof(old, size);
                assertThat(proof)
                        .as("PROOF(%d, %d)", old, size)
                        .containsExactlyElementsOf(ReferenceMerkle.proof(old, prefix));
                assertThat(ProofVerifier.verifyConsistency(old, size, proof, log.root(old), root))
                        .isTrue();
            }
        }
    }

    @Test
    void root_afterManyLeaves_equalsReferenceAtUnevenSizes() {
        MerkleLog log = new MerkleLog();
        List<byte[]> leafHashes = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            byte[] hash = ReferenceMerkle.leafHash(new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16)});
            log.appendLeafHash(hash);
            leafHashes.add(hash);
        }
        // Crosses many page boundaries of the leaf array (4,096 hashes) and exercises cached levels up to height 16.
        for (int size : new int[] {32_767, 32_768, 32_769, 65_536, 69_999, 70_000}) {
            assertThat(log.root(size)).as("root %d", size).isEqualTo(ReferenceMerkle.mth(leafHashes.subList(0, size)));
        }
        assertThat(log.leafHash(40_000)).isEqualTo(leafHashes.get(40_000));
    }

    @Test
    void inclusionProof_indexOrSizeOutOfRange_throwsNamingArgument() {
        MerkleLog log = rfcTree();
        assertThatThrownBy(() -> log.inclusionProof(8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafIndex was 8; must be between 0 and 7");
        assertThatThrownBy(() -> log.inclusionProof(0, 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treeSize was 9; must be between 1 and 8");
        assertThatThrownBy(() -> log.inclusionProof(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consistencyProof_badSizes_throwNamingArgument() {
        MerkleLog log = rfcTree();
        assertThatThrownBy(() -> log.consistencyProof(0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldSize was 0; must be between 1 and 3");
        assertThatThrownBy(() -> log.consistencyProof(4, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldSize was 4; must be between 1 and 3");
        assertThatThrownBy(() -> log.consistencyProof(1, 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newSize was 9; must be between 1 and 8");
    }

    @Test
    void rootAndLeafHash_outOfRange_throw() {
        MerkleLog log = rfcTree();
        assertThatThrownBy(() -> log.root(9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.root(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.leafHash(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.appendLeafHash(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafHash length was 31; must be 32 (SHA-256)");
        assertThat(log.size()).isEqualTo(8);
    }
}
