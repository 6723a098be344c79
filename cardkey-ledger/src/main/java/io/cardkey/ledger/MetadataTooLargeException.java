package io.cardkey.ledger;

/** Thrown when a transaction's metadata has too many entries or a value that is too long. */
public final class MetadataTooLargeException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param message what was too large; never a metadata value
     * @param size the size found (entries or bytes, as the message says)
     * @param limit the limit
     */
    public MetadataTooLargeException(String message, int size, int limit) {
        super(message);
        this.size = size;
        this.limit = limit;
    }

    /**
     * Returns the size found.
     *
     * @return entries or bytes, as the message says
     */
    public int getSize() {
        return size;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the limit
     */
    public int getLimit() {
        return limit;
    }
}
