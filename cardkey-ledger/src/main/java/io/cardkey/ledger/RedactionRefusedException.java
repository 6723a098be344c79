package io.cardkey.ledger;

import java.util.Objects;

/**
 * Thrown by {@link Ledger#redact} when there is nothing it may erase: the transaction id was never used, its record has
 * no metadata entry under the key, or the entry is not sensitive (plain entries are part of the hashed record and can
 * never be erased). The ledger is left exactly as it was. The message names the id and the key, never a value.
 */
public final class RedactionRefusedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /** Why the redaction was refused. */
    public enum Reason {
        /** No transaction, hold or rejection has this id. */
        UNKNOWN_TRANSACTION,
        /** The transaction has no metadata entry under this key. */
        UNKNOWN_KEY,
        /** The entry is plain metadata: the record's hash commits to its value, so it cannot be erased. */
        NOT_SENSITIVE
    }

    private final String transactionId;
    private final String key;
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param transactionId the transaction id asked for
     * @param key the metadata key asked for
     * @param reason why nothing can be erased
     */
    public RedactionRefusedException(String transactionId, String key, Reason reason) {
        super(message(transactionId, key, Objects.requireNonNull(reason, "reason")));
        this.transactionId = transactionId;
        this.key = key;
        this.reason = reason;
    }

    private static String message(String transactionId, String key, Reason reason) {
        switch (reason) {
            case UNKNOWN_TRANSACTION:
                return "cannot redact metadata '" + key + "': no transaction has id " + transactionId;
            case UNKNOWN_KEY:
                return "cannot redact metadata '" + key + "' of transaction " + transactionId
                        + ": it has no such entry";
            default:
                return "cannot redact metadata '" + key + "' of transaction " + transactionId
                        + ": the entry is not sensitive, so the record's hash commits to its value";
        }
    }

    /**
     * Returns the transaction id asked for.
     *
     * @return the id
     */
    public String getTransactionId() {
        return transactionId;
    }

    /**
     * Returns the metadata key asked for.
     *
     * @return the key
     */
    public String getKey() {
        return key;
    }

    /**
     * Returns why the redaction was refused.
     *
     * @return the reason
     */
    public Reason getReason() {
        return reason;
    }
}
