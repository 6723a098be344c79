package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CheckpointSignerTest {
    private static final Checkpoint CHECKPOINT = Checkpoint.of("example.com/log", 5, new byte[32]);

    @Test
    void verifierKey_goReferenceKeyPair_reproducesGoVerifierKey() throws Exception {
        CheckpointSigner signer = CheckpointSigner.of("PeterNeumann", NoteFixtures.goKeyPair());
        assertThat(signer.verifierKey().encoded()).isEqualTo(NoteFixtures.GO_VKEY);
        assertThat(signer.keyName()).isEqualTo("PeterNeumann");
    }

    @Test
    void sign_producesSignedNoteWithOneSignatureLine() throws Exception {
        CheckpointSigner signer = CheckpointSigner.of("PeterNeumann", NoteFixtures.goKeyPair());
        SignedCheckpoint signed = signer.sign(CHECKPOINT);

        String[] parts = signed.note().split("\n\n", -1);
        assertThat(parts).hasSize(2);
        assertThat(parts[0] + "\n").isEqualTo(CHECKPOINT.body());
        assertThat(parts[1]).startsWith("\u2014 PeterNeumann ").endsWith("\n");
        byte[] blob = Base64.getDecoder()
                .decode(parts[1].substring("\u2014 PeterNeumann ".length()).trim());
        assertThat(blob).hasSize(4 + 64);
        assertThat(HexFormat.of().formatHex(blob, 0, 4)).isEqualTo("c74f20a3");
        assertThat(signed.checkpoint()).isEqualTo(CHECKPOINT);
        assertThat(signed.keyName()).isEqualTo("PeterNeumann");
        // Ed25519 is deterministic: the same checkpoint signs to the same note.
        assertThat(signer.sign(CHECKPOINT)).isEqualTo(signed).hasSameHashCodeAs(signed);
    }

    @Test
    void sign_thenOpen_roundTrips() {
        CheckpointSigner signer = CheckpointSigner.generate("shop.example.com/ledger");
        SignedCheckpoint signed = signer.sign(CHECKPOINT);
        SignedCheckpoint opened = signer.verifierKey().open(signed.note());
        assertThat(opened.checkpoint()).isEqualTo(CHECKPOINT);
        assertThat(opened).isEqualTo(signed);
        assertThat(ProofVerifier.openCheckpoint(
                        signed.note(), signer.verifierKey().encoded()))
                .hasValueSatisfying(v -> {
                    assertThat(v.origin()).isEqualTo("example.com/log");
                    assertThat(v.treeSize()).isEqualTo(5);
                    assertThat(v.rootHash()).isEqualTo(new byte[32]);
                });
    }

    @Test
    void toString_showsNameAndHashButNoKeyMaterial() throws Exception {
        KeyPair pair = NoteFixtures.goKeyPair();
        CheckpointSigner signer = CheckpointSigner.of("PeterNeumann", pair);
        assertThat(signer.toString()).isEqualTo("CheckpointSigner[keyName=PeterNeumann, keyHash=c74f20a3]");
        assertThat(signer.toString()).doesNotContain(NoteFixtures.GO_SKEY_MATERIAL.substring(4, 20));
    }

    @Test
    void of_keysFromDifferentPairs_throws() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair one = generator.generateKeyPair();
        KeyPair two = generator.generateKeyPair();
        assertThatThrownBy(() -> CheckpointSigner.of("k", new KeyPair(one.getPublic(), two.getPrivate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not belong together");
    }

    @Test
    void of_notEd25519_throwsNamingAlgorithm() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThatThrownBy(() -> CheckpointSigner.of("k", ec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyPair.getPrivate() was a EC key; must be an Ed25519 key (KeyPairGenerator \"Ed25519\")");
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThatThrownBy(() -> CheckpointSigner.of("k", ed448)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generate_badKeyName_throwsNamingRule() {
        assertThatThrownBy(() -> CheckpointSigner.generate("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name was \"a b\"; a key name must not contain white space or '+'");
        assertThatThrownBy(() -> CheckpointSigner.generate("a+b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointSigner.generate(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name was empty; must be a non-empty key name");
        assertThatThrownBy(() -> CheckpointSigner.generate(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CheckpointSigner.generate("k").sign(null)).isInstanceOf(NullPointerException.class);
    }
}
