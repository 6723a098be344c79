package io.cardkey.core;

/**
 * A store refused a write because a row changed since it was read (its version moved on) or a new row already
 * exists. Nothing was written; the library reads again and retries, so hosts normally never see this.
 */
public class WriteConflictException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String row;

    /**
     * Creates the exception.
     *
     * @param row which row conflicted, e.g. {@code "order o-17 version 3"}; never a secret
     */
    public WriteConflictException(String row) {
        super(row + " changed since it was read; read it again and retry");
        this.row = row;
    }

    /**
     * Returns which row conflicted.
     *
     * @return a description of the row
     */
    public String row() {
        return row;
    }
}
