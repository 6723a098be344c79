package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Signed checkpoints round-trip, and any one-character change to a signed note makes it fail to open. */
class SignedCheckpointPropertiesTest {
    private static final CheckpointSigner SIGNER = CheckpointSigner.generate("shop.example.com/ledger");
    private static final CheckpointSigner OTHER = CheckpointSigner.generate("shop.example.com/ledger");
    private static final Checkpoint GENUINE = Checkpoint.of("o", 1, new byte[32]);
    private static final String GENUINE_NOTE = SIGNER.sign(GENUINE).note();

    @Provide
    Arbitrary<String> origins() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .withChars(' ', 'é', '卡', '密', '—')
                .ofMinLength(1)
                .ofMaxLength(40);
    }

    @Property(tries = 100)
    void signThenOpen_anyCheckpoint_returnsSameCheckpoint(
            @ForAll("origins") String origin,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long size,
            @ForAll @Size(32) byte[] root) {
        Checkpoint checkpoint = Checkpoint.of(origin, size, root);
        SignedCheckpoint signed = SIGNER.sign(checkpoint);
        assertThat(SIGNER.verifierKey().open(signed.note()).checkpoint()).isEqualTo(checkpoint);
        assertThatThrownBy(() -> OTHER.verifierKey().open(signed.note()))
                .isInstanceOf(ProofVerificationException.class);
    }

    @Property(tries = 250)
    void open_anyOneCharacterChanged_rejected(
            @ForAll("origins") String origin,
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long size,
            @ForAll @Size(32) byte[] root,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long position,
            @ForAll("replacements") char replacement) {
        String note = SIGNER.sign(Checkpoint.of(origin, size, root)).note();
        int at = (int) (position % note.length());
        if (note.charAt(at) == replacement) {
            replacement = replacement == 'A' ? 'B' : 'A';
        }
        String tampered = note.substring(0, at) + replacement + note.substring(at + 1);
        assertThatThrownBy(() -> SIGNER.verifierKey().open(tampered)).isInstanceOf(ProofVerificationException.class);
    }

    @Property(tries = 200)
    void parsers_arbitraryText_returnEmptyOrThrowOnlyTheDocumentedException(
            @ForAll("noteLike") String text, @ForAll("noteLike") String key) {
        // The one genuine note among the pieces may come out whole; nothing else may open.
        if (text.equals(GENUINE_NOTE)) {
            assertThat(SIGNER.verifierKey().open(text).checkpoint()).isEqualTo(GENUINE);
        } else {
            assertThat(ProofVerifier.openNote(text, SIGNER.verifierKey().encoded()))
                    .isEmpty();
            assertThatThrownBy(() -> SIGNER.verifierKey().open(text)).isInstanceOf(ProofVerificationException.class);
        }
        assertThat(ProofVerifier.openCheckpoint(text, key)).isEmpty();
        try {
            CheckpointVerifierKey.parse(key);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("vkey");
        }
    }

    /** Text built from the pieces of notes and keys, so the parsers get past their first checks. */
    @Provide
    Arbitrary<String> noteLike() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(
                        "\n", "\n\n", "\u2014 ", " ", "+", "=", "shop.example.com/ledger", "c74f20a3", "0", "42"),
                Arbitraries.strings().withCharRange('+', 'z').ofMaxLength(12),
                Arbitraries.of(GENUINE_NOTE));
        return piece.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.chars().range(' ', '~').with('\n', '—', '0', '=', '+', '/');
    }
}
