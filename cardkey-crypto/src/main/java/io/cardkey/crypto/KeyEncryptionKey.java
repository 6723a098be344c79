package io.cardkey.crypto;

import java.security.GeneralSecurityException;

/**
 * The key that wraps a {@link Keyset} for storage: a key in the host's KMS or HSM, or a {@link LocalKeyEncryptionKey}.
 *
 * <p>An implementation must provide authenticated encryption of the keyset bytes and bind the associated data to
 * them (AWS KMS and Google Cloud KMS call it "encryption context" / "additional authenticated data"); the associated
 * data is not secret and is not stored inside the wrapped bytes by CardKey's contract, it is passed again on unwrap.
 *
 * <p>Implementations must be thread-safe.
 *
 * <h2>Security</h2>
 *
 * {@link #wrap} receives the whole keyset in the clear: an implementation must not retain, log or persist it, and
 * must not put it or the key in an exception message. {@link #unwrap} must fail (not return garbage) for bytes that do
 * not authenticate together with the associated data.
 */
public interface KeyEncryptionKey {
    /**
     * Encrypts and authenticates {@code plaintext} together with {@code associatedData}.
     *
     * @param plaintext the serialised keyset (key material); the implementation must not retain or log it
     * @param associatedData data to authenticate but not encrypt
     * @return the wrapped bytes, in any format the implementation can unwrap
     */
    byte[] wrap(byte[] plaintext, byte[] associatedData);

    /**
     * Reverses {@link #wrap}.
     *
     * @param wrapped bytes returned by {@link #wrap}
     * @param associatedData the same associated data that was given to {@link #wrap}
     * @return the plaintext
     * @throws GeneralSecurityException if the bytes do not authenticate under this key (edited, or wrapped by another
     *     key); {@link Keyset#unwrap} reports it as {@link KeysetIntegrityException}. Other failures (a KMS that
     *     cannot be reached) should be unchecked exceptions, which {@link Keyset#unwrap} passes through unchanged.
     */
    byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException;
}
