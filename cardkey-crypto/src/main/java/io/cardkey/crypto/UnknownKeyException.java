package io.cardkey.crypto;

/**
 * A key id is not in the keyset: the data was sealed or indexed under another keyset, or the key id is wrong.
 *
 * <p>Immutable.
 */
public final class UnknownKeyException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The key id that was not found. */
    private final int keyId;

    UnknownKeyException(int keyId) {
        super("key id " + KeyIds.format(keyId)
                + " is not in this keyset; use the keyset the data was sealed or indexed under");
        this.keyId = keyId;
    }

    /**
     * Returns the key id that was not found.
     *
     * @return the key id
     */
    public int keyId() {
        return keyId;
    }
}
