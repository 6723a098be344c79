package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class CheckpointVerifierKeyTest {
    private static final CheckpointSigner SIGNER = CheckpointSigner.generate("shop.example.com/ledger");
    private static final Checkpoint CHECKPOINT = Checkpoint.of("shop.example.com/ledger", 42, new byte[32]);

    private static ProofVerificationException rejected(CheckpointVerifierKey key, String note) {
        return (ProofVerificationException) catchThrowable(() -> key.open(note));
    }

    private static void assertRejected(String note) {
        ProofVerificationException e = rejected(SIGNER.verifierKey(), note);
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(ProofVerificationException.Reason.NOTE_REJECTED);
        assertThat(e)
                .hasMessageContaining(
                        "shop.example.com/ledger+" + SIGNER.verifierKey().keyHashHex());
    }

    private static String signatureLine(String note) {
        return note.substring(note.indexOf("\n\n") + 2);
    }

    @Test
    void parse_goReferenceKey_roundTrips() {
        CheckpointVerifierKey key = CheckpointVerifierKey.parse(NoteFixtures.GO_VKEY);
        assertThat(key.name()).isEqualTo("PeterNeumann");
        assertThat(key.keyHashHex()).isEqualTo("c74f20a3");
        assertThat(key.encoded()).isEqualTo(NoteFixtures.GO_VKEY).isEqualTo(key.toString());
        assertThat(key.rawPublicKey()).hasSize(32);
        assertThat(CheckpointVerifierKey.of("PeterNeumann", key.publicKey()))
                .isEqualTo(key)
                .hasSameHashCodeAs(key);
    }

    @Test
    void parse_upperCaseKeyHash_isAccepted() {
        assertThat(CheckpointVerifierKey.parse(NoteFixtures.GO_VKEY.replace("c74f20a3", "C74F20A3"))
                        .encoded())
                .isEqualTo(NoteFixtures.GO_VKEY);
    }

    @Test
    void parse_malformed_throwsNamingProblem() {
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("PeterNeumann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vkey \"PeterNeumann\" is not <name>+<key hash>+<base64 key>");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse(NoteFixtures.GO_VKEY.replace("c74f20a3", "c74f20a4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vkey key hash was \"c74f20a4\"; name and key give c74f20a3");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse(NoteFixtures.GO_VKEY.replace("c74f20a3", "c74f20a30")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointVerifierKey.parse(NoteFixtures.GO_VKEY.replace("PeterNeumann", "Peter")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name and key give");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("Peter Neumann+c74f20a3+AAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("+c74f20a3+AAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("PeterNeumann+c74f20a3+!!!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not base64");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("PeterNeumann+c74f20a3+AB=="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not canonical");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("PeterNeumann+c74f20a3+AA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not canonical");
        String ed448Type = Base64.getEncoder().encodeToString(new byte[] {2, 1, 2, 3});
        assertThatThrownBy(() -> CheckpointVerifierKey.parse("PeterNeumann+c74f20a3+" + ed448Type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vkey key is 4 bytes of type 2; must be 33 bytes of type 1 (Ed25519)");
        assertThatThrownBy(() -> CheckpointVerifierKey.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void open_signedBySigner_returnsCheckpoint() {
        SignedCheckpoint signed = SIGNER.sign(CHECKPOINT);
        assertThat(SIGNER.verifierKey().open(signed.note()).checkpoint()).isEqualTo(CHECKPOINT);
    }

    @Test
    void open_tamperedBody_rejected() {
        String note = SIGNER.sign(CHECKPOINT).note();
        assertRejected(note.replace("\n42\n", "\n43\n"));
        assertRejected(note.replace("shop.example.com/ledger\n42", "shop.example.com/ledgeR\n42"));
        assertRejected(note.replace("AAAAAAAA", "AAAAAAAB"));
    }

    @Test
    void open_tamperedSignature_rejected() {
        String note = SIGNER.sign(CHECKPOINT).note();
        String line = signatureLine(note);
        String blob = line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
        for (int i = 0; i < blob.length() - 1; i++) {
            char replacement = blob.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = blob.substring(0, i) + replacement + blob.substring(i + 1);
            assertRejected(note.replace(blob, tampered));
        }
    }

    @Test
    void open_noteSignedByAnotherKey_rejected() {
        CheckpointSigner other = CheckpointSigner.generate("shop.example.com/ledger");
        assertRejected(other.sign(CHECKPOINT).note());
        CheckpointSigner otherName = CheckpointSigner.generate("elsewhere");
        assertRejected(otherName.sign(CHECKPOINT).note());
    }

    @Test
    void open_extraSignatureByUnknownKeyFirst_stillAccepted() {
        String ours = SIGNER.sign(CHECKPOINT).note();
        String theirs =
                CheckpointSigner.generate("witness.example").sign(CHECKPOINT).note();
        String both = CHECKPOINT.body() + "\n" + signatureLine(theirs) + signatureLine(ours);
        assertThat(SIGNER.verifierKey().open(both).checkpoint()).isEqualTo(CHECKPOINT);
    }

    @Test
    void open_firstSignatureByOurKeyBad_rejectedEvenIfALaterOneIsGood() {
        String ours = signatureLine(SIGNER.sign(CHECKPOINT).note());
        String wrong = signatureLine(SIGNER.sign(Checkpoint.of("shop.example.com/ledger", 41, new byte[32]))
                .note());
        assertRejected(CHECKPOINT.body() + "\n" + wrong + ours);
    }

    @Test
    void open_malformedNotes_rejected() {
        String note = SIGNER.sign(CHECKPOINT).note();
        String body = CHECKPOINT.body();
        String line = signatureLine(note);
        assertRejected(body); // no signatures
        assertRejected(body + "\n"); // blank line, no signature lines
        assertRejected(note.substring(0, note.length() - 1)); // signature line without final newline
        assertRejected(note.replace("\u2014 ", "-- ")); // not an em dash
        assertRejected(note.replace("\n\n", "\n")); // no blank line
        assertRejected(note.replace("\n", "\r\n")); // CR is a control character
        assertRejected(body + "\n" + line + "garbage\n"); // malformed extra line
        assertRejected(body + "\n" + line.repeat(101)); // more than 100 signatures
        assertRejected("");
    }

    @Test
    void open_bodyNotACheckpoint_rejectedEvenIfSigned() throws Exception {
        CheckpointSigner peter = CheckpointSigner.of("PeterNeumann", NoteFixtures.goKeyPair());
        // The Go reference note verifies as a note, but its text is not a checkpoint body.
        assertThat(ProofVerifier.openNote(NoteFixtures.GO_NOTE, NoteFixtures.GO_VKEY))
                .contains(NoteFixtures.GO_TEXT);
        assertThatThrownBy(() -> peter.verifierKey().open(NoteFixtures.GO_NOTE))
                .isInstanceOf(ProofVerificationException.class);
    }

    @Test
    void open_nonCanonicalCheckpointBodies_rejected() throws Exception {
        // Sign arbitrary texts with the raw JDK signer to check the body rules independently of Checkpoint.body().
        java.security.KeyPair pair = NoteFixtures.goKeyPair();
        String root = Base64.getEncoder().encodeToString(new byte[32]);
        for (String body : new String[] {
            "o\n042\n" + root + "\n", // leading zero
            "o\n-1\n" + root + "\n", // negative
            "o\n+1\n" + root + "\n", // sign
            "o\n99999999999999999999\n" + root + "\n", // beyond long
            "o\n1\n" + root + "\nextension line\n", // extension lines are not used by CardKey
            "o\n1\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n", // short root
            "\n1\n" + root + "\n", // empty origin (and blank line)
            "o\n1\n", // no root
        }) {
            java.security.Signature ed25519 = java.security.Signature.getInstance("Ed25519");
            ed25519.initSign(pair.getPrivate());
            ed25519.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] signature = ed25519.sign();
            byte[] blob = new byte[68];
            System.arraycopy(new byte[] {(byte) 0xc7, 0x4f, 0x20, (byte) 0xa3}, 0, blob, 0, 4);
            System.arraycopy(signature, 0, blob, 4, 64);
            String note = body + "\n\u2014 PeterNeumann " + Base64.getEncoder().encodeToString(blob) + "\n";
            assertThat(ProofVerifier.openCheckpoint(note, NoteFixtures.GO_VKEY))
                    .as(body)
                    .isEmpty();
        }
    }
}
