package io.cardkey.crypto;

import java.util.Objects;

/**
 * Bytes that were meant to be a sealed secret are not one: too short, or of an unknown format version.
 * {@link #reason()} says which.
 *
 * <p>Immutable.
 */
public final class MalformedSealedSecretException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes. */
    public enum Reason {
        /** Fewer bytes than a sealed secret's header, nonce and tag ({@value SealedSecret#OVERHEAD}). */
        TRUNCATED,
        /** A format version this library does not read. */
        UNKNOWN_VERSION
    }

    /** What is wrong with the bytes. */
    private final Reason reason;
    /** The length of the rejected bytes. */
    private final int length;

    MalformedSealedSecretException(Reason reason, String detail, int length) {
        super("not a sealed secret (" + reason + ", " + length + " bytes): " + detail
                + "; the stored value was truncated, damaged, or is not a CardKey sealed secret");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.length = length;
    }

    /**
     * Returns what is wrong with the bytes.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
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
