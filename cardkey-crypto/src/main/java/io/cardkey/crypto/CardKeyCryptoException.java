package io.cardkey.crypto;

/**
 * The root of every failure that {@code cardkey-crypto} reports for a domain reason (a mistyped code, a sealed
 * secret that does not authenticate, a keyset that was edited ...). Programming mistakes (a {@code null}, an
 * argument out of range) are reported with the JDK's own exceptions instead.
 *
 * <p>Messages never contain a plaintext code or key material. Abstract, and only this module subclasses it, so every
 * instance a caller catches is one of the specific types with its getters.
 */
public abstract class CardKeyCryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what was wrong and what to do.
     *
     * @param message what was wrong; never a secret
     */
    CardKeyCryptoException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what was wrong; never a secret
     * @param cause the underlying failure
     */
    CardKeyCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
