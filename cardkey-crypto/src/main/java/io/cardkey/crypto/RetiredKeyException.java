package io.cardkey.crypto;

/**
 * The key a sealed secret or blind index needs was retired from the keyset; its material is gone.
 *
 * <p>Immutable.
 */
public final class RetiredKeyException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The retired key id. */
    private final int keyId;

    RetiredKeyException(int keyId) {
        super("key id " + KeyIds.format(keyId) + " was retired; data under it can no longer be read."
                + " Rewrap and re-index under the primary key before retiring a key");
        this.keyId = keyId;
    }

    /**
     * Returns the retired key id.
     *
     * @return the key id
     */
    public int keyId() {
        return keyId;
    }
}
