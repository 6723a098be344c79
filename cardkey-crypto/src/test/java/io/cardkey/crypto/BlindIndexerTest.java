package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlindIndexerTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final Secret CODE = Secret.ofUtf8("ABCD1234EFGH5678K");
    private static final byte[] ROOT =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @ParameterizedTest
    @EnumSource(Suite.class)
    void index_equalCodes_indexEqually_otherCodesAndKeysetsDiffer(Suite suite) {
        Keyset keyset = Keyset.generate(suite);
        BlindIndexer indexer = BlindIndexer.of(keyset);
        BlindIndex a = indexer.index(Secret.ofUtf8("ABCD1234EFGH5678K"));
        assertThat(BlindIndexer.of(keyset).index(CODE)).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(indexer.index(Secret.ofUtf8("ABCD1234EFGH5678L"))).isNotEqualTo(a);
        assertThat(BlindIndexer.of(Keyset.generate(suite)).index(CODE)).isNotEqualTo(a);
        assertThat(a.keyId()).isEqualTo(keyset.primaryKeyId());
        assertThat(a.toBytes()).hasSize(16);
    }

    /** Recomputes the index with the JDK's HMAC and BouncyCastle's HKDF: an independent reading of the docs. */
    @Test
    void index_aesSuite_isTruncatedHmacSha256UnderHkdfIndexKey() throws Exception {
        int keyId = 0x11223344;
        Keyset keyset = Keyset.importUnencrypted(SealerTest.plainKeyset(Suite.AES_256_GCM, keyId, ROOT), ACCESS);
        byte[] indexKey = hkdf(new org.bouncycastle.crypto.digests.SHA256Digest(), info(Suite.AES_256_GCM, keyId));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(CODE.bytes(ACCESS)), 16);
        assertThat(BlindIndexer.of(keyset).index(CODE).toBytes()).isEqualTo(expected);
    }

    @Test
    void index_sm4Suite_isTruncatedHmacSm3UnderHkdfSm3IndexKey() {
        int keyId = 0x11223344;
        Keyset keyset = Keyset.importUnencrypted(SealerTest.plainKeyset(Suite.SM4_GCM, keyId, ROOT), ACCESS);
        byte[] indexKey = hkdf(new SM3Digest(), info(Suite.SM4_GCM, keyId));
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(indexKey));
        byte[] code = CODE.bytes(ACCESS);
        mac.update(code, 0, code.length);
        byte[] full = new byte[32];
        mac.doFinal(full, 0);
        assertThat(BlindIndexer.of(keyset).index(CODE).toBytes()).isEqualTo(Arrays.copyOf(full, 16));
    }

    @Test
    void rotation_indexForLookup_primaryFirst_andReindexMovesToPrimary() {
        Keyset first = Keyset.generate(Suite.AES_256_GCM);
        BlindIndex stored = BlindIndexer.of(first).index(CODE);
        Keyset rotated = first.rotate().rotate();
        BlindIndexer indexer = BlindIndexer.of(rotated);

        assertThat(indexer.isCurrent(stored)).isFalse();
        assertThat(indexer.lookupKeyIds())
                .containsExactly(rotated.primaryKeyId(), rotated.activeKeyIds().get(1), first.primaryKeyId());
        assertThat(indexer.indexForLookup(CODE))
                .extracting(BlindIndex::keyId)
                .containsExactly(rotated.primaryKeyId(), rotated.activeKeyIds().get(1), first.primaryKeyId());
        assertThat(indexer.indexForLookup(CODE)).contains(stored);
        assertThat(indexer.index(CODE, first.primaryKeyId())).isEqualTo(stored);

        BlindIndex reindexed = indexer.index(CODE);
        assertThat(indexer.isCurrent(reindexed)).isTrue();
        BlindIndexer afterRetire = BlindIndexer.of(rotated.retire(first.primaryKeyId()));
        assertThat(afterRetire.indexForLookup(CODE)).contains(reindexed).doesNotContain(stored);
        assertThatThrownBy(() -> afterRetire.index(CODE, first.primaryKeyId())).isInstanceOf(RetiredKeyException.class);
        assertThatThrownBy(() -> afterRetire.index(CODE, 0)).isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void blindIndex_of_roundTrips_andValidates() {
        BlindIndex index = BlindIndexer.of(Keyset.generate(Suite.AES_256_GCM)).index(CODE);
        BlindIndex read = BlindIndex.of(index.keyId(), index.toBytes());
        assertThat(read).isEqualTo(index);
        assertThat(read.toHex()).isEqualTo(HexFormat.of().formatHex(index.toBytes()));
        assertThat(BlindIndex.of(index.keyId() == 1 ? 2 : 1, index.toBytes())).isNotEqualTo(index);
        assertThat(read.toString()).isEqualTo("BlindIndex[keyId=" + KeyIds.format(index.keyId()) + "]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BlindIndex.of(1, new byte[15]))
                .withMessage("value was 15 bytes; a blind index has 16");
        assertThatNullPointerException().isThrownBy(() -> BlindIndex.of(1, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BlindIndex.of(0, index.toBytes()))
                .withMessage("keyId was 0x00000000; key ids are never zero");
    }

    @Test
    void nullArguments_throwNullPointer() {
        BlindIndexer indexer = BlindIndexer.of(Keyset.generate(Suite.AES_256_GCM));
        assertThatNullPointerException().isThrownBy(() -> BlindIndexer.of(null));
        assertThatNullPointerException().isThrownBy(() -> indexer.index(null)).withMessage("normalisedCode");
        assertThatNullPointerException().isThrownBy(() -> indexer.index(null, 1));
        assertThatNullPointerException().isThrownBy(() -> indexer.indexForLookup(null));
        assertThatNullPointerException().isThrownBy(() -> indexer.isCurrent(null));
    }

    private static byte[] info(Suite suite, int keyId) {
        return ByteBuffer.allocate(21)
                .put("cardkey/v1/index".getBytes(StandardCharsets.US_ASCII))
                .put((byte) suite.id())
                .putInt(keyId)
                .array();
    }

    private static byte[] hkdf(org.bouncycastle.crypto.Digest digest, byte[] info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(digest);
        generator.init(new HKDFParameters(ROOT, null, info));
        byte[] out = new byte[32];
        generator.generateBytes(out, 0, 32);
        return out;
    }
}
