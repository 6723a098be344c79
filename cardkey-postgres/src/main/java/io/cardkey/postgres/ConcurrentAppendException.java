package io.cardkey.postgres;

/**
 * Another instance appended to the same ledger, so the sequence numbers this instance was about to write are taken.
 * Nothing was written. Reopen the ledger (it then reads what the other instance wrote) and retry.
 */
public final class ConcurrentAppendException extends PostgresStoreException {
    private static final long serialVersionUID = 1L;

    private final String ledger;
    private final long sequence;

    ConcurrentAppendException(String ledger, long sequence) {
        super("ledger '" + ledger + "' already has a record " + sequence
                + ", written by another instance; reopen the ledger to catch up, then retry");
        this.ledger = ledger;
        this.sequence = sequence;
    }

    /**
     * Returns the name of the ledger.
     *
     * @return the ledger name
     */
    public String ledger() {
        return ledger;
    }

    /**
     * Returns the sequence number this instance tried to write.
     *
     * @return the sequence number that was taken
     */
    public long sequence() {
        return sequence;
    }
}
