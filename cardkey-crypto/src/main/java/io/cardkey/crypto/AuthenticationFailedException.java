package io.cardkey.crypto;

/**
 * A sealed secret did not authenticate: it was altered, or it is being opened with another record's binding than the
 * one it was sealed with. This is never "not found": the key was there and the check failed.
 *
 * <p>Immutable.
 *
 * <h2>Security</h2>
 *
 * Treat this as a sign of tampering or of a sealed secret copied to the wrong record; never fall back to using the
 * data.
 */
public final class AuthenticationFailedException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The key id named in the header. */
    private final int keyId;

    AuthenticationFailedException(int keyId) {
        super("sealed secret under key id " + KeyIds.format(keyId)
                + " failed authentication: it was altered, or the record binding differs from the one it was"
                + " sealed with; do not use it and check where it came from");
        this.keyId = keyId;
    }

    /**
     * Returns the key id named in the sealed secret's header.
     *
     * @return the key id
     */
    public int keyId() {
        return keyId;
    }
}
