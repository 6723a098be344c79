package io.cardkey.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when the file system fails a journal operation (disk full, I/O error, permissions). After a failed write or
 * {@code fsync} the store is unusable: nothing more is acknowledged, and the journal must be reopened, which recovers
 * the last durable state.
 *
 * <p>Immutable and thread-safe.
 */
public final class JournalIoException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * Creates the exception.
     *
     * @param path the file or directory the failed operation was on
     * @param operation what was attempted, e.g. {@code "fsync"}
     * @param cause the underlying failure
     */
    public JournalIoException(Path path, String operation, Throwable cause) {
        super(
                Objects.requireNonNull(operation, "operation") + " failed on " + Objects.requireNonNull(path, "path")
                        + ": " + Objects.requireNonNull(cause, "cause")
                        + "; the journal accepts no more appends, reopen it to recover the last durable state",
                cause);
        this.path = path;
    }

    /**
     * Returns the file or directory the failed operation was on.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }
}
