package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardkey.ledger.internal.merkle.MerkleLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyProofTest {
    private static final MerkleLog LOG = new MerkleLog();

    static {
        for (int i = 0; i < 13; i++) {
            LOG.append(new byte[] {'r', (byte) i});
        }
    }

    private static Checkpoint checkpoint(String origin, long size) {
        return Checkpoint.of(origin, size, LOG.root(size));
    }

    @Test
    void verify_proofFromTree_trueForItsCheckpointsOnly() {
        ConsistencyProof proof = ConsistencyProof.of(5, 13, LOG.consistencyProof(5, 13));
        assertThat(proof.verify(checkpoint("log", 5), checkpoint("log", 13))).isTrue();
        assertThat(proof.verify(checkpoint("log", 6), checkpoint("log", 13))).isFalse();
        assertThat(proof.verify(checkpoint("log", 5), checkpoint("log", 12))).isFalse();
        assertThat(proof.verify(checkpoint("log", 5), checkpoint("other", 13)))
                .as("other origin")
                .isFalse();
        assertThat(proof.verify(checkpoint("log", 13), checkpoint("log", 5))).isFalse();
    }

    @Test
    void verify_equalSizes_needsEqualCheckpoints() {
        ConsistencyProof proof = ConsistencyProof.of(13, 13, List.of());
        assertThat(proof.verify(checkpoint("log", 13), checkpoint("log", 13))).isTrue();
        assertThat(proof.verify(checkpoint("log", 13), Checkpoint.of("log", 13, new byte[32])))
                .isFalse();
    }

    @Test
    void ofBase64_jsonForm_roundTrips() {
        ConsistencyProof proof = ConsistencyProof.of(5, 13, LOG.consistencyProof(5, 13));
        ConsistencyProof parsed = ConsistencyProof.ofBase64(proof.oldSize(), proof.newSize(), proof.hashesBase64());
        assertThat(parsed).isEqualTo(proof).hasSameHashCodeAs(proof);
        assertThat(parsed.hashes()).hasSameSizeAs(proof.hashesBase64());
        assertThat(parsed.toString()).contains("oldSize=5", "newSize=13");
        assertThat(parsed).isNotEqualTo(ConsistencyProof.of(5, 12, LOG.consistencyProof(5, 12)));
    }

    @Test
    void jackson_writesDocumentedShapeAndReadsItBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ConsistencyProof proof = ConsistencyProof.of(5, 13, LOG.consistencyProof(5, 13));
        String text = json.writeValueAsString(proof);
        assertThat(text).startsWith("{\"oldSize\":5,\"newSize\":13,\"hashes\":[\"");
        assertThat(json.readValue(text, ConsistencyProof.class)).isEqualTo(proof);
        assertThatThrownBy(() -> json.readValue("{\"oldSize\":0,\"newSize\":1,\"hashes\":[]}", ConsistencyProof.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void of_impossibleShape_throwsNamingRule() {
        assertThatThrownBy(() -> ConsistencyProof.of(0, 3, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldSize was 0; must be at least 1 (nothing is proven about an empty tree)");
        assertThatThrownBy(() -> ConsistencyProof.of(4, 3, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newSize was 3; must be at least oldSize 4 (a log only grows)");
        assertThatThrownBy(() -> ConsistencyProof.of(1, 3, List.of(new byte[33])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashes[0] length was 33; must be 32 (SHA-256)");
        assertThatThrownBy(
                        () -> ConsistencyProof.of(1, 3, List.of(new byte[32])).verify(null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
