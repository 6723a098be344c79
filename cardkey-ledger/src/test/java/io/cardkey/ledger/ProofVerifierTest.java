package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.internal.merkle.MerkleLog;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofVerifierTest {
    private static final byte[] HASH = new byte[32];

    /** Every type ProofVerifier's class files name must be a JDK type or ProofVerifier itself (or a nested type). */
    @Test
    void proofVerifier_dependsOnlyOnTheJdk() throws IOException {
        Path classes = Path.of(URI.create(ProofVerifier.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString()));
        Path dir = classes.resolve("io/cardkey/ledger");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("ProofVerifier(\\$.*)?\\.class"))
                    .collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        Set<String> referenced = new TreeSet<>();
        Pattern typeName = Pattern.compile("(?:[a-z][a-z0-9_]*/)+[A-Za-z0-9_$]+");
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (String utf8 : constantPoolStrings(in)) {
                    Matcher m = typeName.matcher(utf8);
                    while (m.find()) {
                        referenced.add(m.group());
                    }
                }
            }
        }
        assertThat(referenced)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches("java/.*|io/cardkey/ledger/ProofVerifier(\\$.*)?"));
    }

    /** An auditor can copy the source file alone into another package and compile it with nothing on the class path. */
    @Test
    void proofVerifierSource_compilesAloneInAnotherPackage(@TempDir Path temp)
            throws IOException, InterruptedException {
        String source = Files.readString(Path.of("src/main/java/io/cardkey/ledger/ProofVerifier.java"));
        Path copy = temp.resolve("org/auditor/ProofVerifier.java");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, source.replace("package io.cardkey.ledger;", "package org.auditor;"));
        // The JDK's javac as a separate process: the test itself runs without the java.compiler module.
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process process = new ProcessBuilder(
                        javac.toString(),
                        "-Xlint:all",
                        "-Werror",
                        "-implicit:none",
                        "-sourcepath",
                        "",
                        "-classpath",
                        "",
                        "-d",
                        temp.resolve("out").toString(),
                        copy.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(temp.resolve("out/org/auditor/ProofVerifier.class")).exists();
    }

    /** The UTF-8 entries of a class file's constant pool: every class, field and method descriptor it names. */
    private static List<String> constantPoolStrings(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    strings.add(in.readUTF());
                    break;
                case 7:
                case 8:
                case 16:
                case 19:
                case 20:
                    in.skipBytes(2);
                    break;
                case 15:
                    in.skipBytes(3);
                    break;
                case 3:
                case 4:
                case 9:
                case 10:
                case 11:
                case 12:
                case 17:
                case 18:
                    in.skipBytes(4);
                    break;
                case 5:
                case 6:
                    in.skipBytes(8);
                    i++;
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return strings;
    }

    @Test
    void leafHash_emptyLeaf_isRfc6962KnownAnswer() {
        assertThat(HexFormat.of().formatHex(ProofVerifier.leafHash(new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void openNote_goReferenceNote_returnsText() {
        assertThat(ProofVerifier.openNote(NoteFixtures.GO_NOTE, NoteFixtures.GO_VKEY))
                .contains(NoteFixtures.GO_TEXT);
        assertThat(ProofVerifier.openNote(
                        NoteFixtures.GO_NOTE.replace("cryptography", "cryptographY"), NoteFixtures.GO_VKEY))
                .isEmpty();
        assertThat(ProofVerifier.openNote(NoteFixtures.GO_NOTE, NoteFixtures.GO_VKEY.replace("c74f20a3", "c74f20a4")))
                .isEmpty();
        assertThat(ProofVerifier.openNote(NoteFixtures.GO_NOTE, "not a key")).isEmpty();
        assertThat(ProofVerifier.openNote(NoteFixtures.GO_NOTE + "\ud800", NoteFixtures.GO_VKEY))
                .isEmpty();
    }

    @Test
    void verifyInclusion_malformedInputs_returnFalse() {
        MerkleLog log = new MerkleLog();
        for (int i = 0; i < 5; i++) {
            log.append(new byte[] {(byte) i});
        }
        byte[] leaf = log.leafHash(2);
        List<byte[]> proof = log.inclusionProof(2, 5);
        byte[] root = log.root(5);
        assertThat(ProofVerifier.verifyInclusion(2, 5, leaf, proof, root)).isTrue();

        assertThat(ProofVerifier.verifyInclusion(5, 5, leaf, proof, root))
                .as("index = size")
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(-1, 5, leaf, proof, root))
                .as("negative index")
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(0, 0, leaf, List.of(), root))
                .as("size 0")
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(2, 5, Arrays.copyOf(leaf, 31), proof, root))
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(2, 5, leaf, proof, Arrays.copyOf(root, 33)))
                .isFalse();
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(HASH);
        assertThat(ProofVerifier.verifyInclusion(2, 5, leaf, longer, root))
                .as("too long")
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(2, 5, leaf, proof.subList(0, 2), root))
                .as("too short")
                .isFalse();
        List<byte[]> withNull = new ArrayList<>(proof);
        withNull.set(0, null);
        assertThat(ProofVerifier.verifyInclusion(2, 5, leaf, withNull, root)).isFalse();
        List<byte[]> shortHash = new ArrayList<>(proof);
        shortHash.set(1, Arrays.copyOf(proof.get(1), 16));
        assertThat(ProofVerifier.verifyInclusion(2, 5, leaf, shortHash, root)).isFalse();
        assertThat(ProofVerifier.verifyInclusion(2, Long.MAX_VALUE, leaf, proof, root))
                .isFalse();
    }

    @Test
    void verifyConsistency_malformedInputs_returnFalse() {
        MerkleLog log = new MerkleLog();
        for (int i = 0; i < 7; i++) {
            log.append(new byte[] {(byte) i});
        }
        List<byte[]> proof = log.consistencyProof(3, 7);
        byte[] oldRoot = log.root(3);
        byte[] newRoot = log.root(7);
        assertThat(ProofVerifier.verifyConsistency(3, 7, proof, oldRoot, newRoot))
                .isTrue();

        assertThat(ProofVerifier.verifyConsistency(7, 3, proof, newRoot, oldRoot))
                .as("old > new")
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 7, proof, oldRoot, newRoot))
                .as("old 0")
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 0, List.of(), oldRoot, oldRoot))
                .as("both 0")
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(-3, 7, proof, oldRoot, newRoot))
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(3, 7, List.of(), oldRoot, newRoot))
                .as("empty")
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(3, 3, List.of(), oldRoot, oldRoot))
                .as("equal")
                .isTrue();
        assertThat(ProofVerifier.verifyConsistency(3, 3, proof, oldRoot, oldRoot))
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(3, 7, proof, Arrays.copyOf(oldRoot, 31), newRoot))
                .isFalse();
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(HASH);
        assertThat(ProofVerifier.verifyConsistency(3, 7, longer, oldRoot, newRoot))
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(3, Long.MAX_VALUE, proof, oldRoot, newRoot))
                .isFalse();
    }

    @Test
    void nullArguments_throwNullPointerException() {
        assertThatThrownBy(() -> ProofVerifier.leafHash(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, null, List.of(), HASH))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, HASH, null, HASH))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, List.of(), null, HASH))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProofVerifier.openCheckpoint(null, NoteFixtures.GO_VKEY))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProofVerifier.openNote(NoteFixtures.GO_NOTE, null))
                .isInstanceOf(NullPointerException.class);
    }
}
