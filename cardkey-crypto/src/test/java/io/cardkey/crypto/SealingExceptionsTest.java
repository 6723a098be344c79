package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sealing and keyset failures: one final type each under the module's root, with messages that guide. */
class SealingExceptionsTest {
    private static final List<CardKeyCryptoException> ALL = List.of(
            new UnsupportedSuiteException(9),
            new SuiteMismatchException(Suite.AES_256_GCM, Suite.SM4_GCM),
            new MalformedSealedSecretException(MalformedSealedSecretException.Reason.TRUNCATED, "too short", 3),
            new UnknownKeyException(0x1234),
            new RetiredKeyException(0x1234),
            new AuthenticationFailedException(0x1234),
            new WrongPassphraseException(),
            new KeysetIntegrityException(KeysetIntegrityException.Reason.CHECKSUM_MISMATCH, "checksum mismatch"),
            new UnsupportedKeysetFormatException(2, 1));

    @Test
    void eachType_isFinal_andUnderTheRoot() {
        assertThat(ALL).extracting(Object::getClass).doesNotHaveDuplicates().allSatisfy(type -> {
            assertThat(Modifier.isFinal(type.getModifiers()))
                    .as(type.getSimpleName())
                    .isTrue();
            assertThat(type.getSuperclass()).isEqualTo(CardKeyCryptoException.class);
        });
    }

    @Test
    void messages_sayWhatWasWrongAndWhatToDo() {
        assertThat(new UnknownKeyException(0x1234).getMessage())
                .isEqualTo("key id 0x00001234 is not in this keyset; use the keyset the data was sealed or indexed"
                        + " under");
        assertThat(new UnsupportedKeysetFormatException(2, 1).getMessage())
                .isEqualTo("keyset format version 2 is not supported (this CardKey reads version 1); upgrade CardKey"
                        + " or use a keyset written by this version");
        assertThat(new SuiteMismatchException(Suite.AES_256_GCM, Suite.SM4_GCM).getMessage())
                .isEqualTo("sealed secret uses suite SM4_GCM but the keyset uses AES_256_GCM; open it with the keyset"
                        + " it was sealed under");
        assertThat(ALL).allSatisfy(e -> assertThat(e.getMessage()).contains(";"));
    }
}
