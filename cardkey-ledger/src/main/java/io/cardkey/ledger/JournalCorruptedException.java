package io.cardkey.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a journal file fails its checks somewhere a crash cannot explain: a bad checksum or a broken sequence
 * in the middle of a segment, a damaged segment that is not the last one, or a damaged snapshot. The journal refuses
 * to open (or the read fails) rather than silently dropping acknowledged records.
 *
 * <p>A torn or partial write at the very end of the last segment is not corruption: it is what a crash leaves behind,
 * and opening the journal truncates it back to the last whole batch.
 *
 * <p>Immutable and thread-safe.
 */
public final class JournalCorruptedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param file the segment or snapshot file that is damaged
     * @param offset the byte offset in {@code file} where the damaged batch or structure starts
     * @param detail what exactly failed, e.g. {@code "batch checksum mismatch"}
     */
    public JournalCorruptedException(Path file, long offset, String detail) {
        super("journal file " + Objects.requireNonNull(file, "file") + " is corrupted at offset " + offset + ": "
                + Objects.requireNonNull(detail, "detail")
                + "; restore the data directory from a backup (the journal will not guess which records to drop)");
        this.file = file;
        this.offset = offset;
    }

    /**
     * Returns the damaged file.
     *
     * @return the segment or snapshot file
     */
    public Path segment() {
        return file;
    }

    /**
     * Returns the byte offset where the damaged batch or structure starts.
     *
     * @return the offset in {@link #segment()}
     */
    public long offset() {
        return offset;
    }
}
