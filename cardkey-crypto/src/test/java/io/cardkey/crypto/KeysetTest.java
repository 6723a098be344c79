package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.crypto.KeysetIntegrityException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysetTest {
    static final PassphraseParameters FAST = PassphraseParameters.of(64, 1, 1);
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final RecordBinding BINDING = RecordBinding.of("t", "p", "r");
    private static final Secret PASSPHRASE = Secret.ofUtf8("correct horse battery staple");

    @Test
    void generate_hasOnePrimaryActiveKey() {
        Keyset keyset = Keyset.generate(Suite.SM4_GCM);
        assertThat(keyset.suite()).isEqualTo(Suite.SM4_GCM);
        assertThat(keyset.activeKeyIds()).containsExactly(keyset.primaryKeyId());
        assertThat(keyset.retiredKeyIds()).isEmpty();
        assertThat(keyset.primaryKeyId()).isNotZero();
    }

    @Test
    void rotate_addsNewPrimary_andLeavesOriginalUnchanged() {
        Keyset first = Keyset.generate(Suite.AES_256_GCM);
        Keyset second = first.rotate();
        Keyset third = second.rotate();
        assertThat(first.activeKeyIds()).hasSize(1);
        assertThat(third.activeKeyIds())
                .containsExactly(first.primaryKeyId(), second.primaryKeyId(), third.primaryKeyId());
        assertThat(new HashSet<>(third.activeKeyIds())).hasSize(3);
        assertThat(third.primaryKeyId()).isEqualTo(third.activeKeyIds().get(2));
    }

    @Test
    void retire_dropsKey_andIsIdempotent() {
        Keyset first = Keyset.generate(Suite.AES_256_GCM);
        Keyset rotated = first.rotate();
        Keyset retired = rotated.retire(first.primaryKeyId());
        assertThat(retired.activeKeyIds()).containsExactly(rotated.primaryKeyId());
        assertThat(retired.retiredKeyIds()).containsExactly(first.primaryKeyId());
        assertThat(retired.retire(first.primaryKeyId())).isSameAs(retired);
        assertThat(rotated.activeKeyIds()).hasSize(2);
    }

    @Test
    void retire_primary_throwsIllegalArgument() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> keyset.retire(keyset.primaryKeyId()))
                .withMessageContaining("is the primary key; rotate() first");
    }

    @Test
    void retire_unknown_throwsUnknownKey() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        int other = keyset.primaryKeyId() + 1;
        assertThatThrownBy(() -> keyset.retire(other))
                .isInstanceOfSatisfying(
                        UnknownKeyException.class, e -> assertThat(e.keyId()).isEqualTo(other));
    }

    @Test
    void keyIds_areUniqueAcrossManyRotations() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        for (int i = 0; i < 200; i++) {
            keyset = keyset.rotate();
        }
        assertThat(new HashSet<>(keyset.activeKeyIds())).hasSize(201).doesNotContain(0);
    }

    @Test
    void subkeys_areDistinctPerPurposeAndKey() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM).rotate();
        Set<String> keys = new HashSet<>();
        for (Keyset.Key key : keyset.keys()) {
            keys.add(HexFormat.of().formatHex(key.root));
            keys.add(HexFormat.of().formatHex(key.encryptionKey));
            keys.add(HexFormat.of().formatHex(key.indexKey));
        }
        assertThat(keys).hasSize(6);
        Keyset sm4 = Keyset.generate(Suite.SM4_GCM);
        assertThat(sm4.keys().get(0).encryptionKey).hasSize(16);
        assertThat(sm4.keys().get(0).indexKey).hasSize(32);
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void wrap_thenUnwrap_restoresKeysThatOpenOldSeals(Suite suite) {
        Keyset keyset = Keyset.generate(suite);
        SealedSecret old = Sealer.of(keyset).seal(Secret.ofUtf8("code"), BINDING);
        Keyset rotated = keyset.rotate().rotate().retire(keyset.primaryKeyId());
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        Keyset restored = Keyset.unwrap(rotated.wrap(kek), kek);
        assertThat(restored.suite()).isEqualTo(suite);
        assertThat(restored.primaryKeyId()).isEqualTo(rotated.primaryKeyId());
        assertThat(restored.activeKeyIds()).isEqualTo(rotated.activeKeyIds());
        assertThat(restored.retiredKeyIds()).containsExactly(keyset.primaryKeyId());
        assertThatThrownBy(() -> Sealer.of(restored).open(old, BINDING)).isInstanceOf(RetiredKeyException.class);

        Keyset unretired = Keyset.unwrap(keyset.rotate().wrap(kek), kek);
        assertThat(Sealer.of(unretired).open(old, BINDING).utf8(ACCESS)).isEqualTo("code");
    }

    @Test
    void wrapWithPassphrase_thenUnwrap_restoresKeyset() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM_SIV).rotate();
        SealedSecret sealed = Sealer.of(keyset).seal(Secret.ofUtf8("code"), BINDING);
        Keyset restored = Keyset.unwrapWithPassphrase(keyset.wrapWithPassphrase(PASSPHRASE, FAST), PASSPHRASE);
        assertThat(Sealer.of(restored).open(sealed, BINDING).utf8(ACCESS)).isEqualTo("code");
        assertThat(restored.exportUnencrypted(ACCESS)).isEqualTo(keyset.exportUnencrypted(ACCESS));
    }

    @Test
    void wrapWithPassphrase_storesParameters() {
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrapWithPassphrase(PASSPHRASE, FAST);
        assertThat(Arrays.copyOf(wrapped, 15)).containsExactly('C', 'K', 'W', 'K', 1, 2, 0, 0, 0, 64, 0, 0, 0, 1, 1);
    }

    @Test
    void unwrapWithPassphrase_wrongPassphrase_throwsWrongPassphrase() {
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrapWithPassphrase(PASSPHRASE, FAST);
        assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(wrapped, Secret.ofUtf8("correct horse battery stapler")))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining("passphrase does not open this keyset");
    }

    @Test
    void unwrap_editedFile_throwsIntegrity_forEveryByte() {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).rotate().wrap(kek);
        for (int i = 0; i < wrapped.length; i++) {
            byte[] edited = wrapped.clone();
            edited[i] ^= 0x40;
            assertThatThrownBy(() -> Keyset.unwrap(edited, kek))
                    .as("byte %d", i)
                    .isInstanceOfAny(KeysetIntegrityException.class, UnsupportedKeysetFormatException.class);
        }
    }

    @Test
    void unwrapWithPassphrase_editedFile_isRejected_forEveryByte() {
        byte[] wrapped = Keyset.generate(Suite.SM4_GCM).wrapWithPassphrase(PASSPHRASE, FAST);
        for (int i = 0; i < wrapped.length; i++) {
            byte[] edited = wrapped.clone();
            edited[i] ^= 0x01;
            assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(edited, PASSPHRASE))
                    .as("byte %d", i)
                    .isInstanceOfAny(KeysetIntegrityException.class, UnsupportedKeysetFormatException.class);
        }
    }

    @Test
    void unwrap_editedPayloadWithFixedChecksum_throwsIntegrity() throws Exception {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrap(kek);
        wrapped[20] ^= 1;
        fixChecksum(wrapped);
        assertThatThrownBy(() -> Keyset.unwrap(wrapped, kek))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void unwrapWithPassphrase_editedParametersWithFixedChecksum_isRejected() throws Exception {
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrapWithPassphrase(PASSPHRASE, FAST);
        wrapped[13] = 2; // iterations 1 -> 2
        fixChecksum(wrapped);
        assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(wrapped, PASSPHRASE))
                .isInstanceOf(WrongPassphraseException.class);
        wrapped[13] = 1;
        wrapped[wrapped.length - 40] ^= 1; // inside the payload
        fixChecksum(wrapped);
        assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(wrapped, PASSPHRASE))
                .isInstanceOf(KeysetIntegrityException.class);
    }

    @Test
    void unwrapWithPassphrase_hugeStoredMemory_isRefusedBeforeDerivation() throws Exception {
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrapWithPassphrase(PASSPHRASE, FAST);
        wrapped[6] = 0x7f;
        fixChecksum(wrapped);
        assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(wrapped, PASSPHRASE))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("Argon2id parameters are out of range");
    }

    @Test
    void unwrap_unknownFormatVersion_throwsUnsupportedFormat() {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrap(kek);
        wrapped[4] = 7;
        assertThatThrownBy(() -> Keyset.unwrap(wrapped, kek))
                .isInstanceOfSatisfying(
                        UnsupportedKeysetFormatException.class,
                        e -> assertThat(e.formatVersion()).isEqualTo(7));
    }

    @Test
    void rotate_fullKeyset_throwsIllegalState_countingRetiredKeys() {
        byte[] one = Keyset.generate(Suite.AES_256_GCM).exportUnencrypted(ACCESS);
        java.nio.ByteBuffer full = java.nio.ByteBuffer.allocate(one.length + 65534 * 6);
        full.put(one, 0, 10).putShort((short) 65535).put(one, 12, one.length - 12);
        int primary = java.nio.ByteBuffer.wrap(one, 6, 4).getInt();
        for (int id = 1, added = 0; added < 65534; id++) {
            if (id != primary) {
                full.putInt(id).put((byte) 2).put((byte) 0); // retired: id only
                added++;
            }
        }
        Keyset keyset = Keyset.importUnencrypted(full.array(), ACCESS);
        assertThat(keyset.retiredKeyIds()).hasSize(65534);
        assertThatIllegalStateException()
                .isThrownBy(keyset::rotate)
                .withMessageStartingWith("keyset already holds 65535 keys, active and retired")
                .withMessageEndingWith("create a new keyset and re-seal under it");
    }

    @Test
    void unwrap_kekReturningNull_throwsNullPointerNamingIt() {
        LocalKeyEncryptionKey real = LocalKeyEncryptionKey.generate();
        byte[] wrapped = Keyset.generate(Suite.AES_256_GCM).wrap(real);
        KeyEncryptionKey broken = new KeyEncryptionKey() {
            @Override
            public byte[] wrap(byte[] plaintext, byte[] associatedData) {
                return null;
            }

            @Override
            public byte[] unwrap(byte[] bytes, byte[] associatedData) {
                return null;
            }
        };
        assertThatNullPointerException()
                .isThrownBy(() -> Keyset.unwrap(wrapped, broken))
                .withMessage("kek.unwrap returned null");
        assertThatNullPointerException()
                .isThrownBy(() -> Keyset.generate(Suite.AES_256_GCM).wrap(broken))
                .withMessage("kek.wrap returned null");
    }

    @Test
    void integrityFailures_reportWhichCheckFailed() throws Exception {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        byte[] byKek = keyset.wrap(kek);
        byte[] byPassphrase = keyset.wrapWithPassphrase(PASSPHRASE, FAST);
        byte[] damaged = byKek.clone();
        damaged[12] ^= 1;
        byte[] edited = damaged.clone();
        fixChecksum(edited);
        byte[] hugeMemory = byPassphrase.clone();
        hugeMemory[6] = 0x7f;
        fixChecksum(hugeMemory);
        byte[] plain = keyset.exportUnencrypted(ACCESS);

        assertReason(() -> Keyset.unwrap("not a keyset".getBytes(StandardCharsets.US_ASCII), kek), Reason.NOT_A_KEYSET);
        assertReason(() -> Keyset.unwrap(damaged, kek), Reason.CHECKSUM_MISMATCH);
        assertReason(() -> Keyset.unwrap(edited, kek), Reason.NOT_AUTHENTIC);
        assertReason(() -> Keyset.unwrap(byKek, LocalKeyEncryptionKey.generate()), Reason.NOT_AUTHENTIC);
        assertReason(() -> Keyset.unwrap(byPassphrase, kek), Reason.WRONG_WRAPPING_METHOD);
        assertReason(() -> Keyset.unwrapWithPassphrase(byKek, PASSPHRASE), Reason.WRONG_WRAPPING_METHOD);
        assertReason(() -> Keyset.unwrapWithPassphrase(hugeMemory, PASSPHRASE), Reason.PARAMETERS_OUT_OF_RANGE);
        assertReason(() -> Keyset.importUnencrypted(Arrays.copyOf(plain, 3), ACCESS), Reason.TRUNCATED);
        assertReason(() -> Keyset.importUnencrypted(Arrays.copyOf(plain, plain.length - 1), ACCESS), Reason.TRUNCATED);
        assertReason(() -> Keyset.importUnencrypted(Arrays.copyOf(plain, plain.length + 1), ACCESS), Reason.MALFORMED);
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        KeysetIntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining("(" + reason + ")");
    }

    @Test
    void unwrap_wrongMethodOrKey_throwsIntegrity() {
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        byte[] byPassphrase = keyset.wrapWithPassphrase(PASSPHRASE, FAST);
        assertThatThrownBy(() -> Keyset.unwrap(byPassphrase, kek))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("use unwrapWithPassphrase");
        byte[] byKek = keyset.wrap(kek);
        assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(byKek, PASSPHRASE))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("use unwrap");
        assertThatThrownBy(() -> Keyset.unwrap(byKek, LocalKeyEncryptionKey.generate()))
                .isInstanceOf(KeysetIntegrityException.class);
        assertThatThrownBy(() -> Keyset.unwrap("not a keyset".getBytes(StandardCharsets.US_ASCII), kek))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("bad magic");
        assertThatThrownBy(() -> Keyset.unwrap(Arrays.copyOf(byKek, byKek.length - 1), kek))
                .isInstanceOf(KeysetIntegrityException.class);
    }

    @Test
    void unwrap_hostKms_isCalledWithHeaderAsAssociatedData_andItsFailuresPassThrough() {
        List<byte[]> seen = new java.util.ArrayList<>();
        KeyEncryptionKey recording = new KeyEncryptionKey() {
            @Override
            public byte[] wrap(byte[] plaintext, byte[] associatedData) {
                seen.add(associatedData.clone());
                return plaintext.clone();
            }

            @Override
            public byte[] unwrap(byte[] wrapped, byte[] associatedData) {
                seen.add(associatedData.clone());
                return wrapped.clone();
            }
        };
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        assertThat(Keyset.unwrap(keyset.wrap(recording), recording).primaryKeyId())
                .isEqualTo(keyset.primaryKeyId());
        assertThat(seen).allSatisfy(aad -> assertThat(aad).containsExactly('C', 'K', 'W', 'K', 1, 1));

        KeyEncryptionKey unreachable = new KeyEncryptionKey() {
            @Override
            public byte[] wrap(byte[] plaintext, byte[] associatedData) {
                throw new IllegalStateException("KMS unreachable");
            }

            @Override
            public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
                throw new IllegalStateException("KMS unreachable");
            }
        };
        byte[] wrapped = keyset.wrap(recording);
        assertThatThrownBy(() -> Keyset.unwrap(wrapped, unreachable)).hasMessage("KMS unreachable");
    }

    @Test
    void importUnencrypted_malformed_throwsIntegrity() {
        byte[] plain = Keyset.generate(Suite.AES_256_GCM).rotate().exportUnencrypted(ACCESS);
        assertThatThrownBy(() -> Keyset.importUnencrypted(Arrays.copyOf(plain, plain.length - 1), ACCESS))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Keyset.importUnencrypted(Arrays.copyOf(plain, plain.length + 1), ACCESS))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("unexpected bytes");
        byte[] badPrimary = plain.clone();
        badPrimary[6] ^= 1;
        assertThatThrownBy(() -> Keyset.importUnencrypted(badPrimary, ACCESS))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("primary key id");
        byte[] badSuite = plain.clone();
        badSuite[5] = 42;
        assertThatThrownBy(() -> Keyset.importUnencrypted(badSuite, ACCESS))
                .isInstanceOf(UnsupportedSuiteException.class);
        byte[] badVersion = plain.clone();
        badVersion[4] = 2;
        assertThatThrownBy(() -> Keyset.importUnencrypted(badVersion, ACCESS))
                .isInstanceOf(UnsupportedKeysetFormatException.class);
        byte[] duplicate = plain.clone();
        System.arraycopy(plain, 12, duplicate, 12 + 38, 4);
        assertThatThrownBy(() -> Keyset.importUnencrypted(duplicate, ACCESS))
                .isInstanceOf(KeysetIntegrityException.class)
                .hasMessageContaining("repeated");
    }

    @Test
    void nullArguments_throwNullPointer() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        assertThatNullPointerException().isThrownBy(() -> Keyset.generate(null)).withMessage("suite");
        assertThatNullPointerException().isThrownBy(() -> keyset.wrap(null)).withMessage("kek");
        assertThatNullPointerException().isThrownBy(() -> keyset.exportUnencrypted(null));
        assertThatNullPointerException().isThrownBy(() -> keyset.wrapWithPassphrase(null, FAST));
        assertThatNullPointerException().isThrownBy(() -> keyset.wrapWithPassphrase(PASSPHRASE, null));
        assertThatNullPointerException().isThrownBy(() -> Keyset.unwrap(null, LocalKeyEncryptionKey.generate()));
        assertThatNullPointerException().isThrownBy(() -> Keyset.unwrapWithPassphrase(new byte[0], null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> keyset.wrapWithPassphrase(Secret.ofUtf8(""), FAST))
                .withMessageContaining("passphrase was empty");
    }

    @Test
    void toString_showsIdsAndCounts_neverMaterial() {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        Keyset rotated = keyset.rotate().retire(keyset.primaryKeyId());
        String hexRoot = HexFormat.of().formatHex(rotated.keys().get(1).root);
        assertThat(rotated.toString())
                .isEqualTo("Keyset[suite=AES_256_GCM, primary=" + KeyIds.format(rotated.primaryKeyId())
                        + ", activeKeys=1, retiredKeys=1]")
                .doesNotContainIgnoringCase(hexRoot);
    }

    /**
     * Keyset files written by format version 1 (one AES-256-GCM key 0x0a0b0c0d, root c0..df): every later version
     * must keep reading them, and the sealed secret written with them.
     */
    @Test
    void unwrap_knownFormatVersion1Files_andOpenTheirSealedSecret() {
        Keyset byPassphrase = Keyset.unwrapWithPassphrase(
                HexFormat.of().parseHex(KAT_PASSPHRASE_FILE), Secret.ofUtf8("kat passphrase"));
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.of(Secret.copyOf(
                HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")));
        Keyset byKek = Keyset.unwrap(HexFormat.of().parseHex(KAT_KEK_FILE), kek);
        SealedSecret sealed = SealedSecret.fromBytes(HexFormat.of().parseHex(KAT_SEALED));
        for (Keyset keyset : List.of(byPassphrase, byKek)) {
            assertThat(keyset.primaryKeyId()).isEqualTo(0x0a0b0c0d);
            assertThat(keyset.keys().get(0).root)
                    .isEqualTo(HexFormat.of()
                            .parseHex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"));
            assertThat(Sealer.of(keyset)
                            .open(sealed, RecordBinding.of("t", "p", "r"))
                            .utf8(ACCESS))
                    .isEqualTo("KAT");
        }
        assertThatThrownBy(() -> Keyset.unwrapWithPassphrase(
                        HexFormat.of().parseHex(KAT_PASSPHRASE_FILE), Secret.ofUtf8("kat passphrasE")))
                .isInstanceOf(WrongPassphraseException.class);
    }

    private static final String KAT_PASSPHRASE_FILE = "434b574b0102000000400000000101dceee3246e1a1b5502deb7f2686052"
            + "7056d21802b8039819e3cda3dbf1000e180000004ed2f8e438d3e25d0ac51f042e09670d13e4753276e8ca74c91b83331c1efc"
            + "2b42365ae8d7bbc65c572821054ac288ba8e10b163587a01b7cb893bd4b3eeec44538290311e8588eb2dcb6911852a786ba5d8"
            + "c01783e1dec11e9e472540fcda74c87023a61ef52f34b9932692ac4a02";
    private static final String KAT_KEK_FILE = "434b574b01010000004e32c7d492c4e46ee01b60d92e49e050c6fdb4e6031771e768"
            + "ecd55ac1b31729885f305c532a062b5fe68a77e1bca62163ebc5c69fab9f4193d0c2e5e14e2cb6ce35e4435c48dc62ca46a5724"
            + "34ba9ed53177017b8ef95d104a310e940cf24d122913df3377fb744757a9f418be060";
    private static final String KAT_SEALED =
            "01010a0b0c0daec000acc06600d42f6f415f87c293a1ebad7741ccb958b9e3cc4f58ff408f";

    static void fixChecksum(byte[] wrapped) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(wrapped, 0, wrapped.length - 32);
        System.arraycopy(sha.digest(), 0, wrapped, wrapped.length - 32, 32);
    }
}
