package io.cardkey.crypto;

import java.util.Objects;

/**
 * A stored keyset failed its integrity checks: the file was edited or damaged, is not a keyset, or was opened with a
 * key-encryption key other than the one that wrapped it. {@link #reason()} says which check failed.
 *
 * <p>Immutable.
 */
public final class KeysetIntegrityException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The check that failed. */
    public enum Reason {
        /** The bytes do not start with a CardKey keyset's magic, or are too short to be one. */
        NOT_A_KEYSET,
        /** The bytes end before the structure they announce. */
        TRUNCATED,
        /** The structure is inconsistent: bad lengths, repeated or zero key ids, no active primary key. */
        MALFORMED,
        /** The SHA-256 checksum of a wrapped keyset does not match: damage or a casual edit. */
        CHECKSUM_MISMATCH,
        /** The keyset was wrapped by the other method (passphrase versus key-encryption key), or an unknown one. */
        WRONG_WRAPPING_METHOD,
        /** The stored Argon2id parameters are outside the accepted bounds of {@link PassphraseParameters}. */
        PARAMETERS_OUT_OF_RANGE,
        /** The encrypted payload does not authenticate: a deliberate edit, or another key-encryption key. */
        NOT_AUTHENTIC
    }

    /** The check that failed. */
    private final Reason reason;

    KeysetIntegrityException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    KeysetIntegrityException(Reason reason, String detail, Throwable cause) {
        super(
                "keyset failed its integrity check (" + reason + "): " + detail
                        + "; restore the keyset from a backup and check the key-encryption key",
                cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the check that failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
