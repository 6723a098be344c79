package io.cardkey.ledger;

/**
 * What a ledger record records. The code is the kind byte of the canonical encoding (see CANONICAL-ENCODING.md).
 * Immutable and thread-safe.
 */
public enum RecordKind {
    /** An account was opened. */
    ACCOUNT_OPENED(1),
    /** A transaction was applied: its postings moved money, or it recorded a domain event. */
    TRANSACTION(2),
    /** A hold (pending transfer) was placed. */
    HOLD_PLACED(3),
    /** A hold was posted, in full or in part. */
    HOLD_POSTED(4),
    /** A hold was voided. */
    HOLD_VOIDED(5),
    /** A hold timed out and was released. */
    HOLD_EXPIRED(6),
    /** A transaction or hold was rejected; its id stays burned so a retry gets the same rejection. */
    REJECTED(7),
    /**
     * The value of a sensitive metadata entry of an earlier record was erased (see {@link Ledger#redact}); the record
     * says whose entry, on whose request and why, never the value.
     */
    REDACTED(8);

    private final int code;

    RecordKind(int code) {
        this.code = code;
    }

    /**
     * Returns the kind byte of the canonical encoding.
     *
     * @return the code, 1..8
     */
    public int code() {
        return code;
    }

    static RecordKind ofCode(int code) {
        for (RecordKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
