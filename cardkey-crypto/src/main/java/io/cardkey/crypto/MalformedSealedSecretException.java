package io.cardkey.crypto;

/**
 * Bytes that were meant to be a sealed secret are not one: too short, or of an unknown format version.
 *
 * <p>Immutable.
 */
public final class MalformedSealedSecretException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    private final int length;

    MalformedSealedSecretException(String reason, int length) {
        super("not a sealed secret (" + length + " bytes): " + reason
                + "; the stored value was truncated, damaged, or is not a CardKey sealed secret");
        this.length = length;
    }

    /**
     * Returns the length of the rejected bytes.
     *
     * @return the length in bytes
     */
    public int length() {
        return length;
    }
}
