package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class LocalKeyEncryptionKeyTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final byte[] AAD = {1, 2, 3};

    @Test
    void wrap_thenUnwrap_roundTrips_withFreshNonce() throws Exception {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        byte[] plain = {9, 8, 7, 6};
        byte[] wrapped = kek.wrap(plain, AAD);
        assertThat(wrapped).hasSize(12 + 4 + 16);
        assertThat(kek.wrap(plain, AAD)).isNotEqualTo(wrapped);
        assertThat(kek.unwrap(wrapped, AAD)).isEqualTo(plain);
    }

    @Test
    void unwrap_otherAssociatedDataOrKeyOrEdit_throwsGeneralSecurity() {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        byte[] wrapped = kek.wrap(new byte[] {1}, AAD);
        assertThatThrownBy(() -> kek.unwrap(wrapped, new byte[] {1, 2, 4}))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> LocalKeyEncryptionKey.generate().unwrap(wrapped, AAD))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] edited = wrapped.clone();
        edited[13] ^= 1;
        assertThatThrownBy(() -> kek.unwrap(edited, AAD)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> kek.unwrap(new byte[27], AAD))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void of_exported_restoresSameKey() throws Exception {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        LocalKeyEncryptionKey copy = LocalKeyEncryptionKey.of(kek.exportUnencrypted(ACCESS));
        assertThat(copy.unwrap(kek.wrap(new byte[] {5}, AAD), AAD)).containsExactly(5);
    }

    @Test
    void of_wrongLength_throwsIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LocalKeyEncryptionKey.of(Secret.copyOf(new byte[16])))
                .withMessage("key was 16 bytes; must be 32");
        assertThatNullPointerException().isThrownBy(() -> LocalKeyEncryptionKey.of(null));
        assertThatNullPointerException()
                .isThrownBy(() -> LocalKeyEncryptionKey.generate().exportUnencrypted(null));
        assertThatNullPointerException()
                .isThrownBy(() -> LocalKeyEncryptionKey.generate().wrap(null, AAD));
    }

    @Test
    void toString_isRedacted() {
        assertThat(LocalKeyEncryptionKey.generate().toString()).isEqualTo("LocalKeyEncryptionKey[redacted]");
    }
}
