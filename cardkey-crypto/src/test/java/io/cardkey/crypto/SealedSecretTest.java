package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SealedSecretTest {
    private static final RecordBinding BINDING = RecordBinding.of("t", "p", "r");

    @Test
    void fromBytes_truncated_throwsMalformed() {
        byte[] bytes = Sealer.of(Keyset.generate(Suite.AES_256_GCM))
                .seal(Secret.copyOf(new byte[0]), BINDING)
                .toBytes();
        assertThat(SealedSecret.fromBytes(bytes).length()).isEqualTo(34);
        for (int n = 0; n < 34; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            int length = n;
            assertThatThrownBy(() -> SealedSecret.fromBytes(cut))
                    .isInstanceOfSatisfying(MalformedSealedSecretException.class, e -> {
                        assertThat(e.length()).isEqualTo(length);
                        assertThat(e.reason()).isEqualTo(MalformedSealedSecretException.Reason.TRUNCATED);
                    })
                    .hasMessageContaining("TRUNCATED");
        }
    }

    @Test
    void fromBytes_unknownVersion_throwsMalformed() {
        byte[] bytes = new byte[40];
        bytes[0] = 2;
        bytes[1] = 1;
        assertThatThrownBy(() -> SealedSecret.fromBytes(bytes))
                .isInstanceOfSatisfying(
                        MalformedSealedSecretException.class,
                        e -> assertThat(e.reason()).isEqualTo(MalformedSealedSecretException.Reason.UNKNOWN_VERSION))
                .hasMessageContaining("format version 2 is unknown");
    }

    @Test
    void fromBytes_unknownSuite_throwsUnsupportedSuite() {
        byte[] bytes = new byte[40];
        bytes[0] = 1;
        bytes[1] = 9;
        assertThatThrownBy(() -> SealedSecret.fromBytes(bytes))
                .isInstanceOfSatisfying(
                        UnsupportedSuiteException.class,
                        e -> assertThat(e.suiteId()).isEqualTo(9))
                .hasMessageContaining("suite id 9 is not supported");
    }

    @Test
    void fromBytes_null_throwsNullPointer() {
        assertThatNullPointerException()
                .isThrownBy(() -> SealedSecret.fromBytes(null))
                .withMessage("bytes");
    }

    @Test
    void fromBytes_copiesIn_andToBytesCopiesOut() {
        SealedSecret sealed = Sealer.of(Keyset.generate(Suite.AES_256_GCM)).seal(Secret.ofUtf8("abc"), BINDING);
        byte[] bytes = sealed.toBytes();
        SealedSecret parsed = SealedSecret.fromBytes(bytes);
        bytes[20] ^= 1;
        assertThat(parsed).isEqualTo(sealed).hasSameHashCodeAs(sealed);
        parsed.toBytes()[20] ^= 1;
        assertThat(parsed).isEqualTo(sealed);
    }

    @Test
    void toString_showsHeaderOnly() {
        byte[] bytes = new byte[40];
        bytes[0] = 1;
        bytes[1] = 3;
        bytes[5] = 0x2a;
        assertThat(SealedSecret.fromBytes(bytes).toString())
                .isEqualTo("SealedSecret[v1, SM4_GCM, keyId=0x0000002a, 40 bytes]");
    }
}
