package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.crypto.internal.Hkdf;
import io.cardkey.crypto.internal.Prf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SealerTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final RecordBinding BINDING = RecordBinding.of("shop-1", "steam-100", "r-42");
    private static final Secret CODE = Secret.ofUtf8("7K2Q-ABCD-EFGH-JKMN-P");

    @ParameterizedTest
    @EnumSource(Suite.class)
    void seal_thenOpen_returnsPlaintext(Suite suite) {
        Sealer sealer = Sealer.of(Keyset.generate(suite));
        SealedSecret sealed = sealer.seal(CODE, BINDING);
        assertThat(sealer.open(sealed, BINDING).equalsSecret(CODE)).isTrue();
        assertThat(sealed.suite()).isEqualTo(suite);
        assertThat(sealed.keyId()).isEqualTo(sealer.keyset().primaryKeyId());
        assertThat(sealed.version()).isEqualTo(SealedSecret.VERSION);
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void seal_addsExactly34Bytes(Suite suite) {
        Sealer sealer = Sealer.of(Keyset.generate(suite));
        for (int n : new int[] {0, 1, 16, 48, 1000}) {
            assertThat(sealer.seal(Secret.copyOf(new byte[n]), BINDING).length())
                    .isEqualTo(n + 34);
        }
        assertThat(SealedSecret.OVERHEAD).isEqualTo(34);
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void seal_sameSecretTwice_usesFreshNonces(Suite suite) {
        Sealer sealer = Sealer.of(Keyset.generate(suite));
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = sealer.seal(CODE, BINDING).toBytes();
            nonces.add(HexFormat.of().formatHex(bytes, 6, 18));
        }
        assertThat(nonces).hasSize(1000);
    }

    @Test
    void seal_leavesSecretUsable() {
        Sealer sealer = Sealer.of(Keyset.generate(Suite.AES_256_GCM));
        Secret secret = Secret.ofUtf8("keep-me");
        sealer.seal(secret, BINDING);
        assertThat(secret.utf8(ACCESS)).isEqualTo("keep-me");
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void open_otherRecord_throwsAuthenticationFailed(Suite suite) {
        Sealer sealer = Sealer.of(Keyset.generate(suite));
        SealedSecret sealed = sealer.seal(CODE, BINDING);
        for (RecordBinding other : new RecordBinding[] {
            RecordBinding.of("shop-2", "steam-100", "r-42"),
            RecordBinding.of("shop-1", "steam-200", "r-42"),
            RecordBinding.of("shop-1", "steam-100", "r-43")
        }) {
            assertThatThrownBy(() -> sealer.open(sealed, other))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .satisfies(e -> assertThat(((AuthenticationFailedException) e).keyId())
                            .isEqualTo(sealed.keyId()));
        }
    }

    /** Exhaustive for one code: every bit of header, nonce, ciphertext and tag; the properties test random ones. */
    @ParameterizedTest
    @EnumSource(Suite.class)
    void open_everySingleBitFlip_isRejected_withTheTypeOfWhatItHit(Suite suite) {
        Sealer sealer = Sealer.of(Keyset.generate(suite));
        byte[] bytes = sealer.seal(CODE, BINDING).toBytes();
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            int at = bit / 8;
            Class<? extends CardKeyCryptoException> expected = at == 0
                    ? MalformedSealedSecretException.class
                    : at == 1
                            ? (flipped[1] >= 1 && flipped[1] <= Suite.values().length
                                    ? SuiteMismatchException.class
                                    : UnsupportedSuiteException.class)
                            : at < SealedSecret.HEADER_LENGTH
                                    ? UnknownKeyException.class
                                    : AuthenticationFailedException.class;
            assertThatThrownBy(() -> sealer.open(SealedSecret.fromBytes(flipped), BINDING))
                    .as("bit %d", bit)
                    .isInstanceOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void open_tamperedTag_throwsAuthenticationFailed(Suite suite) {
        Sealer sealer = Sealer.of(Keyset.generate(suite));
        byte[] bytes = sealer.seal(CODE, BINDING).toBytes();
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.open(SealedSecret.fromBytes(bytes), BINDING))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void open_otherKeyset_throwsUnknownKey() {
        SealedSecret sealed = Sealer.of(Keyset.generate(Suite.AES_256_GCM)).seal(CODE, BINDING);
        Sealer other = Sealer.of(Keyset.generate(Suite.AES_256_GCM));
        assertThatThrownBy(() -> other.open(sealed, BINDING))
                .isInstanceOfSatisfying(
                        UnknownKeyException.class, e -> assertThat(e.keyId()).isEqualTo(sealed.keyId()));
    }

    @Test
    void open_otherSuite_throwsSuiteMismatch() {
        SealedSecret sealed = Sealer.of(Keyset.generate(Suite.SM4_GCM)).seal(CODE, BINDING);
        Sealer aes = Sealer.of(Keyset.generate(Suite.AES_256_GCM));
        assertThatThrownBy(() -> aes.open(sealed, BINDING)).isInstanceOfSatisfying(SuiteMismatchException.class, e -> {
            assertThat(e.keysetSuite()).isEqualTo(Suite.AES_256_GCM);
            assertThat(e.sealedSuite()).isEqualTo(Suite.SM4_GCM);
        });
    }

    @Test
    void open_afterRotation_readsOldSeals_andRewrapMovesThemToPrimary() {
        Keyset first = Keyset.generate(Suite.AES_256_GCM);
        SealedSecret old = Sealer.of(first).seal(CODE, BINDING);
        Keyset rotated = first.rotate();
        Sealer sealer = Sealer.of(rotated);

        assertThat(sealer.open(old, BINDING).equalsSecret(CODE)).isTrue();
        SealedSecret moved = sealer.rewrap(old, BINDING);
        assertThat(moved.keyId()).isEqualTo(rotated.primaryKeyId()).isNotEqualTo(old.keyId());
        assertThat(sealer.open(moved, BINDING).equalsSecret(CODE)).isTrue();
        assertThat(sealer.seal(CODE, BINDING).keyId()).isEqualTo(rotated.primaryKeyId());

        Sealer retired = Sealer.of(rotated.retire(first.primaryKeyId()));
        assertThat(retired.open(moved, BINDING).equalsSecret(CODE)).isTrue();
        assertThatThrownBy(() -> retired.open(old, BINDING))
                .isInstanceOfSatisfying(
                        RetiredKeyException.class, e -> assertThat(e.keyId()).isEqualTo(old.keyId()));
        assertThatThrownBy(() -> retired.rewrap(old, BINDING)).isInstanceOf(RetiredKeyException.class);
    }

    @Test
    void rewrap_underPrimary_verifiesAndReturnsSame() {
        Sealer sealer = Sealer.of(Keyset.generate(Suite.AES_256_GCM_SIV));
        SealedSecret sealed = sealer.seal(CODE, BINDING);
        assertThat(sealer.rewrap(sealed, BINDING)).isSameAs(sealed);
        assertThatThrownBy(() -> sealer.rewrap(sealed, RecordBinding.of("x", "y", "z")))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void seal_destroyedSecret_throwsIllegalState() {
        Sealer sealer = Sealer.of(Keyset.generate(Suite.AES_256_GCM));
        Secret secret = Secret.ofUtf8("gone");
        secret.destroy();
        assertThatIllegalStateException().isThrownBy(() -> sealer.seal(secret, BINDING));
    }

    @Test
    void nullArguments_throwNullPointer() {
        Sealer sealer = Sealer.of(Keyset.generate(Suite.AES_256_GCM));
        SealedSecret sealed = sealer.seal(CODE, BINDING);
        assertThatNullPointerException().isThrownBy(() -> Sealer.of(null)).withMessage("keyset");
        assertThatNullPointerException()
                .isThrownBy(() -> sealer.seal(null, BINDING))
                .withMessage("secret");
        assertThatNullPointerException()
                .isThrownBy(() -> sealer.seal(CODE, null))
                .withMessage("binding");
        assertThatNullPointerException()
                .isThrownBy(() -> sealer.open(null, BINDING))
                .withMessage("sealed");
        assertThatNullPointerException()
                .isThrownBy(() -> sealer.open(sealed, null))
                .withMessage("binding");
        assertThatNullPointerException().isThrownBy(() -> sealer.rewrap(null, BINDING));
    }

    @Test
    void sealer_isThreadSafe() throws Exception {
        Sealer sealer = Sealer.of(Keyset.generate(Suite.SM4_GCM).rotate());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] futures = new Future<?>[4];
            for (int t = 0; t < futures.length; t++) {
                int thread = t;
                futures[t] = pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        Secret code = Secret.ofUtf8("code-" + thread + "-" + i);
                        RecordBinding binding = RecordBinding.of("t", "p", thread + "/" + i);
                        assertThat(sealer.open(sealer.seal(code, binding), binding)
                                        .equalsSecret(code))
                                .isTrue();
                    }
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Opens a sealed secret with the JDK's AES-GCM directly, deriving the key by HKDF and building the associated data
     * by hand: pins the layout, the key derivation and the associated data against an independent reading of the
     * documentation.
     */
    @Test
    void seal_matchesDocumentedLayoutAndDerivation() throws Exception {
        byte[] root = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        int keyId = 0x01020304;
        Keyset keyset = Keyset.importUnencrypted(plainKeyset(Suite.AES_256_GCM, keyId, root), ACCESS);
        SealedSecret sealed = Sealer.of(keyset).seal(CODE, BINDING);
        byte[] bytes = sealed.toBytes();

        byte[] info = ByteBuffer.allocate(20)
                .put("cardkey/v1/seal".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .putInt(keyId)
                .array();
        byte[] key = hkdfSha256(root, info, 32);
        byte[] aad = ByteBuffer.allocate(6 + 2 + 6 + 2 + 9 + 2 + 4)
                .put(Arrays.copyOf(bytes, 6))
                .putShort((short) 6)
                .put("shop-1".getBytes(StandardCharsets.UTF_8))
                .putShort((short) 9)
                .put("steam-100".getBytes(StandardCharsets.UTF_8))
                .putShort((short) 4)
                .put("r-42".getBytes(StandardCharsets.UTF_8))
                .array();
        assertThat(Arrays.copyOf(bytes, 6)).containsExactly(1, 1, 1, 2, 3, 4);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, bytes, 6, 12));
        cipher.updateAAD(aad);
        byte[] plain = cipher.doFinal(bytes, 18, bytes.length - 18);
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(CODE.utf8(ACCESS));
    }

    /** A sealed secret written by this version must open in every later one: a fixed known answer. */
    @Test
    void open_knownAnswer_eachSuite() {
        byte[] root = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        String[] sealedHex = {
            "0101cafebabe" + "000000000000000000000001" + KNOWN_AES_GCM,
            "0102cafebabe" + "000000000000000000000002" + KNOWN_AES_GCM_SIV,
            "0103cafebabe" + "000000000000000000000003" + KNOWN_SM4_GCM,
        };
        Suite[] suites = Suite.values();
        for (int i = 0; i < suites.length; i++) {
            Keyset keyset = Keyset.importUnencrypted(plainKeyset(suites[i], 0xcafebabe, root), ACCESS);
            SealedSecret sealed = SealedSecret.fromBytes(HexFormat.of().parseHex(sealedHex[i]));
            assertThat(Sealer.of(keyset).open(sealed, BINDING).utf8(ACCESS))
                    .as(suites[i].name())
                    .isEqualTo("CARDKEY-KAT-0001");
        }
    }

    // Ciphertext || tag of "CARDKEY-KAT-0001" under the key above, nonce 00..0n, BINDING.
    private static final String KNOWN_AES_GCM = "3d6067fe2ad66e6e2b871d8a65fa931fa11dfc570591553941d4edbc533324d0";
    private static final String KNOWN_AES_GCM_SIV = "bbfa92e6a9d8696e218205eb3fccb94c5c44e1dd39916e4ef881e1118919e8bf";
    private static final String KNOWN_SM4_GCM = "356b456577a83ae7ccd4e1abf0dce2b19c1fb7fd9b266f8c2c0603da7bb4cff8";

    static byte[] plainKeyset(Suite suite, int keyId, byte[] root) {
        return ByteBuffer.allocate(12 + 6 + 32)
                .put("CKKS".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) suite.id())
                .putInt(keyId)
                .putShort((short) 1)
                .putInt(keyId)
                .put((byte) 1)
                .put((byte) 32)
                .put(root)
                .array();
    }

    private static byte[] hkdfSha256(byte[] ikm, byte[] info, int length) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    @Test
    void hkdfHelper_agreesWithLibraryHkdf() throws Exception {
        byte[] ikm = new byte[32];
        byte[] info = {1, 2, 3};
        assertThat(hkdfSha256(ikm, info, 32))
                .isEqualTo(Hkdf.derive(Prf.Algorithm.HMAC_SHA256, new byte[0], ikm, info, 32));
    }
}
