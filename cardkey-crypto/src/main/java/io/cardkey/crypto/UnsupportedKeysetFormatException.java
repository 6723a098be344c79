package io.cardkey.crypto;

/**
 * A stored keyset has a format version this version of CardKey cannot read.
 *
 * <p>Immutable.
 */
public final class UnsupportedKeysetFormatException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The format version found. */
    private final int formatVersion;

    UnsupportedKeysetFormatException(int formatVersion, int supportedVersion) {
        super("keyset format version " + formatVersion + " is not supported (this CardKey reads version "
                + supportedVersion + "); upgrade CardKey or use a keyset written by this version");
        this.formatVersion = formatVersion;
    }

    /**
     * Returns the format version that was found.
     *
     * @return the format version
     */
    public int formatVersion() {
        return formatVersion;
    }
}
