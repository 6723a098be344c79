package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    @Test
    void copyOf_copiesIn_andBytesCopiesOut() {
        byte[] input = "ABCD-1234".getBytes(StandardCharsets.UTF_8);
        Secret secret = Secret.copyOf(input);
        input[0] = 'Z';
        byte[] out = secret.bytes(ACCESS);
        out[1] = 'Z';
        assertThat(secret.utf8(ACCESS)).isEqualTo("ABCD-1234");
        assertThat(secret.length()).isEqualTo(9);
    }

    @Test
    void toString_neverShowsContent() {
        Secret secret = Secret.ofUtf8("TOP-SECRET-CODE");
        assertThat(secret.toString()).isEqualTo("Secret[redacted]").doesNotContain("TOP");
    }

    @Test
    void equalsSecret_comparesContent_equalsIsIdentity() {
        Secret a = Secret.ofUtf8("same");
        Secret b = Secret.ofUtf8("same");
        assertThat(a.equalsSecret(b)).isTrue();
        assertThat(a.equalsSecret(Secret.ofUtf8("other"))).isFalse();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void destroy_wipesAndRefusesReads() {
        Secret secret = Secret.ofUtf8("wipe me");
        secret.destroy();
        assertThat(secret.isDestroyed()).isTrue();
        assertThat(secret.toString()).isEqualTo("Secret[destroyed]");
        assertThatThrownBy(() -> secret.bytes(ACCESS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed");
        assertThatThrownBy(() -> secret.equalsSecret(Secret.ofUtf8("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ofUtf8_loneSurrogate_throwsWithoutTheText() {
        assertThat(Secret.ofUtf8("k\uD83D\uDE00y").length()).isEqualTo(6);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Secret.ofUtf8("secret\uD83D"))
                .withMessage("text has a lone surrogate at index 6; a secret's text must be valid Unicode so that it"
                        + " encodes to UTF-8 exactly");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Secret.ofUtf8("\uDE00secret"))
                .withMessageStartingWith("text has a lone surrogate at index 0;");
    }

    @Test
    void utf8_ofBytesThatAreNotUtf8_throwsInsteadOfReplacing() {
        Secret latin1 = Secret.copyOf(new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThatIllegalStateException()
                .isThrownBy(() -> latin1.utf8(ACCESS))
                .withMessage("secret of 4 bytes is not valid UTF-8; read it with bytes(PlaintextAccess)");
        assertThat(Secret.copyOf("café".getBytes(StandardCharsets.UTF_8)).utf8(ACCESS))
                .isEqualTo("café");
    }

    @Test
    void nulls_areRefused() {
        assertThatNullPointerException().isThrownBy(() -> Secret.copyOf(null)).withMessage("bytes");
        assertThatNullPointerException().isThrownBy(() -> Secret.ofUtf8(null)).withMessage("text");
        assertThatNullPointerException()
                .isThrownBy(() -> Secret.ofUtf8("x").bytes(null))
                .withMessage("access");
    }
}
