package io.cardkey.crypto;

import io.cardkey.crypto.internal.Aead;
import io.cardkey.crypto.internal.Prf;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The cipher suite of a keyset: the AEAD that seals secrets, the HMAC behind the blind index, and the hash behind key
 * derivation. The suite is recorded in the keyset and in every sealed secret's header.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * All suites use a 96-bit random nonce and a 128-bit tag. {@link #AES_256_GCM} is the default and the fastest on
 * CPUs with AES instructions. {@link #AES_256_GCM_SIV} stays safe (it only reveals equal plaintexts) if a nonce ever
 * repeats. {@link #SM4_GCM} is for deployments that must use Chinese commercial cryptography (SM4, SM3); its key is
 * 128 bits because SM4's is.
 */
public enum Suite {
    /** AES-256-GCM through the JDK provider; blind index HMAC-SHA256; key derivation HKDF-SHA256. The default. */
    AES_256_GCM(1, 32, Prf.Algorithm.HMAC_SHA256),
    /** AES-256-GCM-SIV (RFC 8452) through BouncyCastle; blind index HMAC-SHA256; key derivation HKDF-SHA256. */
    AES_256_GCM_SIV(2, 32, Prf.Algorithm.HMAC_SHA256),
    /** SM4-GCM (RFC 8998) through BouncyCastle; blind index HMAC-SM3; key derivation HKDF-SM3. */
    SM4_GCM(3, 16, Prf.Algorithm.HMAC_SM3);

    private final int id;
    private final int encryptionKeyLength;
    private final Prf.Algorithm prf;

    Suite(int id, int encryptionKeyLength, Prf.Algorithm prf) {
        this.id = id;
        this.encryptionKeyLength = encryptionKeyLength;
        this.prf = prf;
    }

    /**
     * Returns the suite new keysets use when none is named: {@link #AES_256_GCM}.
     *
     * @return the default suite
     */
    public static Suite defaultSuite() {
        return AES_256_GCM;
    }

    /**
     * Returns the stable numeric id written into sealed secrets and keysets.
     *
     * @return the id, 1 to 255
     */
    public int id() {
        return id;
    }

    /**
     * Returns the suite with the given id.
     *
     * @param id the id found in stored data
     * @return the suite
     * @throws UnsupportedSuiteException if no suite has that id
     */
    public static Suite fromId(int id) {
        switch (id) {
            case 1:
                return AES_256_GCM;
            case 2:
                return AES_256_GCM_SIV;
            case 3:
                return SM4_GCM;
            default:
                throw new UnsupportedSuiteException(id);
        }
    }

    static String knownIds() {
        return Arrays.stream(values()).map(s -> s.id + "=" + s.name()).collect(Collectors.joining(", "));
    }

    int encryptionKeyLength() {
        return encryptionKeyLength;
    }

    Prf.Algorithm prf() {
        return prf;
    }

    Aead newAead(byte[] key) {
        switch (this) {
            case AES_256_GCM:
                return Aead.aesGcm(key);
            case AES_256_GCM_SIV:
                return Aead.aesGcmSiv(key);
            case SM4_GCM:
                return Aead.sm4Gcm(key);
            default:
                throw new AssertionError(this);
        }
    }
}
