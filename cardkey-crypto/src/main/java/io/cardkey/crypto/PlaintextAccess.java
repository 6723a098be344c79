package io.cardkey.crypto;

/**
 * The explicit token that unlocks a secret's plaintext or a key's raw bytes.
 *
 * <p>Every method that hands out plaintext or key material takes one of these, so that each place in a code base
 * that does so can be found by searching for {@code PlaintextAccess.grant()} and reviewed.
 *
 * <p>Immutable and thread-safe.
 */
public final class PlaintextAccess {
    private static final PlaintextAccess INSTANCE = new PlaintextAccess();

    private PlaintextAccess() {}

    /**
     * Returns the token. Calling this is a statement, to a reviewer, that the caller needs the plaintext.
     *
     * @return the token
     */
    public static PlaintextAccess grant() {
        return INSTANCE;
    }
}
