package io.cardkey.ledger;

/** Thrown when a JSON Lines import finds a line that cannot be read or that fails verification. */
public final class LedgerImportException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final long line;

    /**
     * Creates the exception.
     *
     * @param line the 1-based line number
     * @param reason what is wrong with it
     * @param cause the underlying failure, or null
     */
    public LedgerImportException(long line, String reason, Throwable cause) {
        super("import line " + line + ": " + reason, cause);
        this.line = line;
    }

    /**
     * Returns the 1-based number of the bad line.
     *
     * @return the line number
     */
    public long getLine() {
        return line;
    }
}
