package io.cardkey.crypto.internal;

/**
 * One AEAD key of one algorithm with a 12-byte nonce and a 16-byte tag; not thread-safe (keep one per thread).
 *
 * <p>Both the library and the Wycheproof tests call these methods, so the vectors exercise the code that seals.
 */
public abstract class Aead {
    /** Nonce length in bytes. */
    public static final int NONCE_LENGTH = 12;
    /** Tag length in bytes. */
    public static final int TAG_LENGTH = 16;

    Aead() {}

    /**
     * Returns AES-GCM from the JDK provider for a 32-byte key.
     *
     * @param key the key; copied
     * @return a new instance
     */
    public static Aead aesGcm(byte[] key) {
        return new JdkAesGcm(checkKey(key, 32, "AES-256-GCM"));
    }

    /**
     * Returns AES-GCM-SIV (RFC 8452) from BouncyCastle's lightweight API for a 32-byte key.
     *
     * @param key the key; copied
     * @return a new instance
     */
    public static Aead aesGcmSiv(byte[] key) {
        return new BcAesGcmSiv(checkKey(key, 32, "AES-256-GCM-SIV"));
    }

    /**
     * Returns SM4-GCM from BouncyCastle's lightweight API for a 16-byte key.
     *
     * @param key the key; copied
     * @return a new instance
     */
    public static Aead sm4Gcm(byte[] key) {
        return new BcSm4Gcm(checkKey(key, 16, "SM4-GCM"));
    }

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} and writes ciphertext then tag ({@code inLen + 16} bytes) at
     * {@code out[outOff]}.
     *
     * @param nonce array holding the 12-byte nonce at {@code nonceOff}
     * @param nonceOff offset of the nonce
     * @param aad array holding the associated data
     * @param aadOff its offset
     * @param aadLen its length
     * @param in plaintext array
     * @param inOff plaintext offset
     * @param inLen plaintext length
     * @param out output array
     * @param outOff output offset
     */
    public abstract void seal(
            byte[] nonce,
            int nonceOff,
            byte[] aad,
            int aadOff,
            int aadLen,
            byte[] in,
            int inOff,
            int inLen,
            byte[] out,
            int outOff);

    /**
     * Decrypts and verifies {@code in[inOff, inOff+inLen)} (ciphertext then tag) and writes {@code inLen - 16} bytes of
     * plaintext at {@code out[outOff]}. On failure nothing of the plaintext is left in {@code out}.
     *
     * @param nonce array holding the 12-byte nonce at {@code nonceOff}
     * @param nonceOff offset of the nonce
     * @param aad array holding the associated data
     * @param aadOff its offset
     * @param aadLen its length
     * @param in ciphertext-and-tag array
     * @param inOff its offset
     * @param inLen its length, at least 16
     * @param out output array
     * @param outOff output offset
     * @return whether the ciphertext authenticated
     */
    public abstract boolean open(
            byte[] nonce,
            int nonceOff,
            byte[] aad,
            int aadOff,
            int aadLen,
            byte[] in,
            int inOff,
            int inLen,
            byte[] out,
            int outOff);

    private static byte[] checkKey(byte[] key, int length, String algorithm) {
        if (key.length != length) {
            throw new IllegalArgumentException(
                    "key length was " + key.length + " bytes; " + algorithm + " needs " + length + " bytes");
        }
        return key.clone();
    }
}
