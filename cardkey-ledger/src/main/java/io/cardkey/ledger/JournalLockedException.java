package io.cardkey.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a journal directory is already open, in this process or another one. Only one writer may own a journal;
 * close the other store (or stop the other process) first.
 *
 * <p>Immutable and thread-safe.
 */
public final class JournalLockedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final String holder;

    /**
     * Creates the exception.
     *
     * @param directory the journal directory
     * @param holder what the lock file says about its holder (process id, host, time), or {@code "unknown"}
     */
    public JournalLockedException(Path directory, String holder) {
        super("journal directory " + Objects.requireNonNull(directory, "directory") + " is locked by "
                + Objects.requireNonNull(holder, "holder")
                + "; only one store may open a journal at a time, close the other one first");
        this.directory = directory;
        this.holder = holder;
    }

    /**
     * Returns the locked directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the holder as recorded in the lock file, e.g. {@code "pid 4242 on host db1 since 2026-11-29T13:00:00Z"}.
     *
     * @return the holder description
     */
    public String holder() {
        return holder;
    }
}
