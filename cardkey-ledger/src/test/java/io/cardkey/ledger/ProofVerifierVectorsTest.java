package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@link ProofVerifier} over every RFC 6962 test vector of transparency-dev/merkle (copied into
 * {@code src/test/resources/merkle}, see SOURCE.md there): it must accept exactly the cases with {@code wantErr:
 * false}. Sizes and indices in the files are uint64; they are read as the long with the same 64 bits, so the vectors'
 * "index - 1" of 0 arrives as -1.
 */
class ProofVerifierVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> inclusionVectors() {
        return vectors("inclusion").stream();
    }

    static Stream<Path> consistencyVectors() {
        return vectors("consistency").stream();
    }

    @Test
    void vectors_allFilesPresent_98InclusionAnd98Consistency() {
        assertThat(vectors("inclusion")).hasSize(98);
        assertThat(vectors("consistency")).hasSize(98);
        assertThat(vectors("inclusion").stream().filter(p -> !wantErr(p))).hasSize(6);
        assertThat(vectors("consistency").stream().filter(p -> !wantErr(p))).hasSize(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void verifyInclusion_vector_acceptsExactlyWhenWantErrIsFalse(Path file) throws IOException {
        JsonNode v = JSON.readTree(file.toFile());
        boolean accepted = ProofVerifier.verifyInclusion(
                uint64(v.get("leafIdx")),
                uint64(v.get("treeSize")),
                bytes(v.get("leafHash")),
                hashes(v.get("proof")),
                bytes(v.get("root")));
        assertThat(accepted)
                .as(v.get("desc").asText())
                .isEqualTo(!v.get("wantErr").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyVectors")
    void verifyConsistency_vector_acceptsExactlyWhenWantErrIsFalse(Path file) throws IOException {
        JsonNode v = JSON.readTree(file.toFile());
        boolean accepted = ProofVerifier.verifyConsistency(
                uint64(v.get("size1")),
                uint64(v.get("size2")),
                hashes(v.get("proof")),
                bytes(v.get("root1")),
                bytes(v.get("root2")));
        assertThat(accepted)
                .as(v.get("desc").asText())
                .isEqualTo(!v.get("wantErr").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void inclusionProofVerify_happyVector_agreesWithProofVerifier(Path file) throws IOException {
        JsonNode v = JSON.readTree(file.toFile());
        long index = uint64(v.get("leafIdx"));
        long size = uint64(v.get("treeSize"));
        List<byte[]> proof = hashes(v.get("proof"));
        byte[] root = bytes(v.get("root"));
        byte[] leafHash = bytes(v.get("leafHash"));
        boolean wellShaped = index >= 0
                && index < size
                && root.length == 32
                && proof.size() <= 64
                && proof.stream().allMatch(h -> h.length == 32);
        if (wellShaped) {
            InclusionProof typed = InclusionProof.of(index, size, proof);
            assertThat(typed.verifyLeafHash(leafHash, Checkpoint.of("vectors", size, root)))
                    .isEqualTo(ProofVerifier.verifyInclusion(index, size, leafHash, proof, root));
        }
    }

    private static boolean wantErr(Path file) {
        try {
            return JSON.readTree(file.toFile()).get("wantErr").asBoolean();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long uint64(JsonNode node) {
        return new BigInteger(node.asText()).longValue();
    }

    private static byte[] bytes(JsonNode node) {
        return Base64.getDecoder().decode(node.asText());
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(node -> hashes.add(bytes(node)));
        return hashes;
    }

    private static List<Path> vectors(String kind) {
        try {
            Path root = Path.of(ProofVerifierVectorsTest.class
                    .getResource("/merkle/" + kind)
                    .toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(p -> p.toString().endsWith(".json"))
                        .sorted()
                        .collect(Collectors.toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
