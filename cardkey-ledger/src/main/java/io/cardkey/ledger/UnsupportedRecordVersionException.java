package io.cardkey.ledger;

/**
 * Thrown on open when a record or snapshot was written by a newer format version than this library reads. Upgrade
 * the library; the journal is left untouched.
 */
public final class UnsupportedRecordVersionException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final long sequence;
    private final int version;
    private final int supported;

    /**
     * Creates the exception.
     *
     * @param what {@code "record"} or {@code "snapshot"}
     * @param sequence the sequence number of the record or snapshot
     * @param version the version found
     * @param supported the newest version this library reads
     */
    public UnsupportedRecordVersionException(String what, long sequence, int version, int supported) {
        super(what + " " + sequence + " has format version " + version + "; this library reads up to version "
                + supported + ", upgrade cardkey-ledger to read it");
        this.sequence = sequence;
        this.version = version;
        this.supported = supported;
    }

    /**
     * Returns the sequence number of the record or snapshot.
     *
     * @return the sequence number
     */
    public long getSequence() {
        return sequence;
    }

    /**
     * Returns the version found.
     *
     * @return the version
     */
    public int getVersion() {
        return version;
    }

    /**
     * Returns the newest version this library reads.
     *
     * @return the version
     */
    public int getSupportedVersion() {
        return supported;
    }
}
