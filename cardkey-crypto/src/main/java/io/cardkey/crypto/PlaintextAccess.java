package io.cardkey.crypto;

/**
 * The explicit token that unlocks a secret's plaintext or a key's raw bytes.
 *
 * <p>Every method that hands out plaintext or key material takes one of these, so that each place in a code base
 * that does so can be found by searching for {@code PlaintextAccess.grant()} and reviewed.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * This is a marker for review, not access control: any code that can see this class can call {@link #grant()}. What
 * keeps secrets safe is that every read of plaintext or key material is spelled out where it happens.
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
