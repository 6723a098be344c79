package io.cardkey.ledger;

/** Thrown by any operation on a {@code Ledger} or {@link LedgerStore} after it was closed. Open it again to go on. */
public final class LedgerClosedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what what was closed, e.g. {@code "ledger journal /data/ledger"}
     */
    public LedgerClosedException(String what) {
        super(what + " is closed; open it again to append or read");
    }
}
