package io.cardkey.crypto;

/**
 * A sealed secret or a keyset names a cipher suite this version of CardKey does not know.
 *
 * <p>Immutable.
 */
public final class UnsupportedSuiteException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The unknown suite id. */
    private final int suiteId;

    UnsupportedSuiteException(int suiteId) {
        super("suite id " + suiteId + " is not supported (known ids: " + Suite.knownIds()
                + "); the data was written by a newer CardKey or is damaged");
        this.suiteId = suiteId;
    }

    /**
     * Returns the suite id that was found.
     *
     * @return the unknown suite id
     */
    public int suiteId() {
        return suiteId;
    }
}
