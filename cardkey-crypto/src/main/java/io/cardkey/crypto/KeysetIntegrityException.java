package io.cardkey.crypto;

/**
 * A wrapped keyset failed its integrity checks: the file was edited or damaged, or it was opened with a
 * key-encryption key other than the one that wrapped it.
 *
 * <p>Immutable.
 */
public final class KeysetIntegrityException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    KeysetIntegrityException(String reason) {
        super("keyset failed its integrity check: " + reason
                + "; restore the keyset from a backup and check the key-encryption key");
    }

    KeysetIntegrityException(String reason, Throwable cause) {
        super(
                "keyset failed its integrity check: " + reason
                        + "; restore the keyset from a backup and check the key-encryption key",
                cause);
    }
}
