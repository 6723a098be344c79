package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples in PROOFS.md are real: the note verifies with the key it names, and the proof with the note. */
class ProofsDocumentTest {
    private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    private static String block(String document, String language) {
        int start = document.indexOf("```" + language + "\n");
        assertThat(start).as("a ```%s block", language).isNotNegative();
        int from = start + language.length() + 4;
        int end = document.indexOf("```", from);
        return document.substring(from, end);
    }

    @Test
    void proofsDocument_examples_verify() throws IOException {
        String document = Files.readString(Path.of("PROOFS.md"));
        assertThat(document).contains(VKEY);
        String note = block(document, "note");
        Checkpoint checkpoint = CheckpointVerifierKey.parse(VKEY).open(note).checkpoint();
        assertThat(checkpoint.treeSize()).isEqualTo(5);

        JsonNode json = new ObjectMapper().readTree(block(document, "json").trim());
        List<String> hashes = new ArrayList<>();
        json.get("hashes").forEach(h -> hashes.add(h.asText()));
        InclusionProof proof = InclusionProof.ofBase64(
                json.get("leafIndex").asLong(), json.get("treeSize").asLong(), hashes);
        assertThat(proof.verify("record 3".getBytes(StandardCharsets.UTF_8), checkpoint))
                .isTrue();
        assertThat(proof.verify("record 4".getBytes(StandardCharsets.UTF_8), checkpoint))
                .isFalse();
    }
}
