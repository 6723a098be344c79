package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PassphraseParametersTest {
    @Test
    void recommended_isRfc9106SecondOptionWithOneLane() {
        PassphraseParameters p = PassphraseParameters.recommended();
        assertThat(p.memoryKiB()).isEqualTo(65536);
        assertThat(p.iterations()).isEqualTo(3);
        assertThat(p.parallelism()).isEqualTo(1);
        assertThat(p.toString())
                .isEqualTo("PassphraseParameters[Argon2id, memoryKiB=65536, iterations=3, parallelism=1]");
    }

    @Test
    void of_outOfRange_throwsNamingTheArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PassphraseParameters.of(15, 1, 2))
                .withMessage("memoryKiB was 15; must be between 16 (8 per lane) and 1048576");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PassphraseParameters.of(64, 0, 1))
                .withMessage("iterations was 0; must be between 1 and 64");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PassphraseParameters.of(64, 1, 17))
                .withMessage("parallelism was 17; must be between 1 and 16");
        assertThatIllegalArgumentException().isThrownBy(() -> PassphraseParameters.of(1 << 21, 1, 1));
    }

    @Test
    void valueSemantics() {
        assertThat(PassphraseParameters.of(64, 2, 1))
                .isEqualTo(PassphraseParameters.of(64, 2, 1))
                .hasSameHashCodeAs(PassphraseParameters.of(64, 2, 1))
                .isNotEqualTo(PassphraseParameters.of(64, 3, 1));
    }

    @Test
    void recommended_wrapsAndUnwraps() {
        Secret passphrase = Secret.ofUtf8("a long passphrase");
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        byte[] wrapped = keyset.wrapWithPassphrase(passphrase, PassphraseParameters.recommended());
        assertThat(Keyset.unwrapWithPassphrase(wrapped, passphrase).primaryKeyId())
                .isEqualTo(keyset.primaryKeyId());
    }
}
