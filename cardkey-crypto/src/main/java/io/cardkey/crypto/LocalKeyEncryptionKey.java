package io.cardkey.crypto;

import io.cardkey.crypto.internal.Aead;
import io.cardkey.crypto.internal.NonceSource;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * A {@link KeyEncryptionKey} held in this process: a 256-bit AES-GCM key. Wrapped bytes are
 * {@code nonce (12) | ciphertext | tag (16)} with a fresh random nonce.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * Where the key-encryption key itself is kept decides how safe the keyset is; prefer a KMS or a passphrase
 * ({@link Keyset#wrapWithPassphrase}). {@link #toString()} never shows the key.
 */
public final class LocalKeyEncryptionKey implements KeyEncryptionKey {
    /** Key length in bytes. */
    public static final int KEY_LENGTH = 32;

    private final byte[] key;

    private LocalKeyEncryptionKey(byte[] key) {
        this.key = key;
    }

    /**
     * Returns a new random key.
     *
     * @return the key
     */
    public static LocalKeyEncryptionKey generate() {
        return new LocalKeyEncryptionKey(NonceSource.randomBytes(KEY_LENGTH));
    }

    /**
     * Returns the key held by {@code key}.
     *
     * @param key exactly {@value #KEY_LENGTH} bytes; copied
     * @return the key
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is not {@value #KEY_LENGTH} bytes
     * @throws IllegalStateException if {@code key} was destroyed
     */
    public static LocalKeyEncryptionKey of(Secret key) {
        Objects.requireNonNull(key, "key");
        if (key.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("key was " + key.length() + " bytes; must be " + KEY_LENGTH);
        }
        return new LocalKeyEncryptionKey(key.bytes(PlaintextAccess.grant()));
    }

    /**
     * Returns the raw key, for storing it somewhere safe.
     *
     * @param access the token that says the caller needs the key material
     * @return the key as a secret
     * @throws NullPointerException if {@code access} is null
     */
    public Secret exportUnencrypted(PlaintextAccess access) {
        Objects.requireNonNull(access, "access");
        return Secret.copyOf(key);
    }

    @Override
    public byte[] wrap(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] out = new byte[Aead.NONCE_LENGTH + plaintext.length + Aead.TAG_LENGTH];
        NonceSource.next(out, 0);
        Aead.aesGcm(key)
                .seal(
                        out,
                        0,
                        associatedData,
                        0,
                        associatedData.length,
                        plaintext,
                        0,
                        plaintext.length,
                        out,
                        Aead.NONCE_LENGTH);
        return out;
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(associatedData, "associatedData");
        if (wrapped.length < Aead.NONCE_LENGTH + Aead.TAG_LENGTH) {
            throw new AEADBadTagException("wrapped keyset is truncated");
        }
        byte[] out = new byte[wrapped.length - Aead.NONCE_LENGTH - Aead.TAG_LENGTH];
        boolean ok = Aead.aesGcm(key)
                .open(
                        wrapped,
                        0,
                        associatedData,
                        0,
                        associatedData.length,
                        wrapped,
                        Aead.NONCE_LENGTH,
                        wrapped.length - Aead.NONCE_LENGTH,
                        out,
                        0);
        if (!ok) {
            Arrays.fill(out, (byte) 0);
            throw new AEADBadTagException("wrapped keyset did not authenticate under this key-encryption key");
        }
        return out;
    }

    /** Returns {@code LocalKeyEncryptionKey[redacted]}. */
    @Override
    public String toString() {
        return "LocalKeyEncryptionKey[redacted]";
    }
}
