package io.cardkey.ledger;

/** Thrown when a transaction's opaque payload is larger than {@link Transaction#MAX_PAYLOAD_BYTES}. */
public final class PayloadTooLargeException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param size the payload size in bytes
     * @param limit the limit in bytes
     */
    public PayloadTooLargeException(int size, int limit) {
        super("payload was " + size + " bytes; at most " + limit);
        this.size = size;
        this.limit = limit;
    }

    /**
     * Returns the payload size.
     *
     * @return bytes
     */
    public int getSize() {
        return size;
    }

    /**
     * Returns the limit.
     *
     * @return bytes
     */
    public int getLimit() {
        return limit;
    }
}
