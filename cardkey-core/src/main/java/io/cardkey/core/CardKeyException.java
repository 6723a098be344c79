package io.cardkey.core;

/**
 * The root of every failure that {@code cardkey-core} reports for a domain reason (an unknown product, a code in the
 * wrong state, stock that ran out ...). Programming mistakes (a {@code null}, an
 * argument out of range) are reported with the JDK's own exceptions instead.
 *
 * <p>Messages never contain a plaintext code or key material.
 */
public class CardKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what was wrong and what to do.
     *
     * @param message what was wrong; never a secret
     */
    public CardKeyException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what was wrong; never a secret
     * @param cause the underlying failure
     */
    public CardKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
