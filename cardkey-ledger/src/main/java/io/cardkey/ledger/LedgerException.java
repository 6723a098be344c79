package io.cardkey.ledger;

/**
 * The root of every failure that {@code cardkey-ledger} reports for a domain reason (an account constraint, an unknown
 * account, an idempotency conflict, a journal that fails verification ...). Programming mistakes (a {@code null}, an
 * argument out of range) are reported with the JDK's own exceptions instead.
 *
 * <p>Messages never contain a secret: metadata values and payloads are not echoed. Every subclass carries its details
 * in final fields with getters, so an exception is safe to share between threads once thrown.
 */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what was wrong and what to do.
     *
     * @param message what was wrong; never a secret
     */
    public LedgerException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what was wrong; never a secret
     * @param cause the underlying failure
     */
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
