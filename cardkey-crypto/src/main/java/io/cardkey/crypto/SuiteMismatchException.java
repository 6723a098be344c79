package io.cardkey.crypto;

import java.util.Objects;

/**
 * A sealed secret was written under one suite and is being opened with a keyset of another suite.
 *
 * <p>Immutable.
 */
public final class SuiteMismatchException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The keyset's suite. */
    private final Suite keysetSuite;
    /** The sealed secret's suite. */
    private final Suite sealedSuite;

    SuiteMismatchException(Suite keysetSuite, Suite sealedSuite) {
        super("sealed secret uses suite " + sealedSuite + " but the keyset uses " + keysetSuite
                + "; open it with the keyset it was sealed under");
        this.keysetSuite = Objects.requireNonNull(keysetSuite, "keysetSuite");
        this.sealedSuite = Objects.requireNonNull(sealedSuite, "sealedSuite");
    }

    /**
     * Returns the suite of the keyset that was used.
     *
     * @return the keyset's suite
     */
    public Suite keysetSuite() {
        return keysetSuite;
    }

    /**
     * Returns the suite recorded in the sealed secret.
     *
     * @return the sealed secret's suite
     */
    public Suite sealedSuite() {
        return sealedSuite;
    }
}
