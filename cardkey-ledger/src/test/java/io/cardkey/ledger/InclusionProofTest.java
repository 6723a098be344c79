package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardkey.ledger.internal.merkle.MerkleLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InclusionProofTest {
    private static final MerkleLog LOG = new MerkleLog();

    static {
        for (int i = 0; i < 11; i++) {
            LOG.append(leaf(i));
        }
    }

    private static byte[] leaf(int i) {
        return new byte[] {'r', (byte) i};
    }

    private static Checkpoint checkpoint(long size) {
        return Checkpoint.of("log", size, LOG.root(size));
    }

    @Test
    void verify_proofFromTree_trueForItsLeafOnly() {
        InclusionProof proof = InclusionProof.of(6, 11, LOG.inclusionProof(6, 11));
        assertThat(proof.verify(leaf(6), checkpoint(11))).isTrue();
        assertThat(proof.verifyLeafHash(LOG.leafHash(6), checkpoint(11))).isTrue();
        assertThat(proof.verify(leaf(5), checkpoint(11))).isFalse();
        assertThat(proof.verify(leaf(6), checkpoint(10)))
                .as("checkpoint of another size")
                .isFalse();
        assertThat(proof.verify(leaf(6), Checkpoint.of("log", 11, new byte[32])))
                .isFalse();
    }

    @Test
    void ofBase64_jsonForm_roundTrips() {
        InclusionProof proof = InclusionProof.of(6, 11, LOG.inclusionProof(6, 11));
        InclusionProof parsed = InclusionProof.ofBase64(proof.leafIndex(), proof.treeSize(), proof.hashesBase64());
        assertThat(parsed).isEqualTo(proof).hasSameHashCodeAs(proof);
        assertThat(parsed.hashes()).hasSize(4);
        assertThat(parsed.toString())
                .contains("leafIndex=6", "treeSize=11", proof.hashesBase64().get(0));
        assertThat(parsed)
                .isNotEqualTo(
                        InclusionProof.of(6, 11, LOG.inclusionProof(6, 10 + 1).subList(0, 3)));
    }

    @Test
    void jackson_writesDocumentedShapeAndReadsItBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        InclusionProof proof = InclusionProof.of(6, 11, LOG.inclusionProof(6, 11));
        String text = json.writeValueAsString(proof);
        assertThat(text).startsWith("{\"leafIndex\":6,\"treeSize\":11,\"hashes\":[\"");
        assertThat(json.readValue(text, InclusionProof.class)).isEqualTo(proof);
        assertThatThrownBy(
                        () -> json.readValue("{\"leafIndex\":11,\"treeSize\":11,\"hashes\":[]}", InclusionProof.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashes_areCopies() {
        List<byte[]> hashes = LOG.inclusionProof(2, 11);
        InclusionProof proof = InclusionProof.of(2, 11, hashes);
        hashes.get(0)[0] ^= 1;
        proof.hashes().get(1)[0] ^= 1;
        assertThat(proof.verify(leaf(2), checkpoint(11))).isTrue();
    }

    @Test
    void of_impossibleShape_throwsNamingRule() {
        assertThatThrownBy(() -> InclusionProof.of(3, 3, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafIndex was 3; must be between 0 and treeSize - 1 = 2");
        assertThatThrownBy(() -> InclusionProof.of(-1, 3, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InclusionProof.of(0, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treeSize was 0; must be at least 1");
        assertThatThrownBy(() -> InclusionProof.of(0, 2, List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashes[0] length was 31; must be 32 (SHA-256)");
        assertThatThrownBy(() -> InclusionProof.of(0, 2, Collections.nCopies(65, new byte[32])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashes had 65 entries; must be at most 64");
        assertThatThrownBy(() -> InclusionProof.ofBase64(0, 2, List.of("not base64!")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashes[0] was \"not base64!\"; must be base64");
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> InclusionProof.of(0, 2, withNull)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> InclusionProof.of(0, 2, null)).isInstanceOf(NullPointerException.class);
    }
}
