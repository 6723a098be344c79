package io.cardkey.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a journal file was written in a format version newer than this library reads. Upgrade the library; the
 * files are left untouched.
 *
 * <p>Immutable and thread-safe.
 */
public final class JournalFormatException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int foundVersion;
    private final int supportedVersion;

    /**
     * Creates the exception.
     *
     * @param file the file with the unknown version
     * @param foundVersion the version written in the file
     * @param supportedVersion the newest version this library reads
     */
    public JournalFormatException(Path file, int foundVersion, int supportedVersion) {
        super("journal file " + Objects.requireNonNull(file, "file") + " has format version " + foundVersion
                + " but this library reads versions up to " + supportedVersion
                + "; open it with a newer CardKey version");
        this.file = file;
        this.foundVersion = foundVersion;
        this.supportedVersion = supportedVersion;
    }

    /**
     * Returns the file with the unknown version.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the version found in the file.
     *
     * @return the found version
     */
    public int foundVersion() {
        return foundVersion;
    }

    /**
     * Returns the newest version this library reads.
     *
     * @return the supported version
     */
    public int supportedVersion() {
        return supportedVersion;
    }
}
