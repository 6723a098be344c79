package io.cardkey.core;

import java.util.List;
import java.util.Objects;

/**
 * What an import of one supplier file found and did. Line numbers start at 1 and count every line of the file; at
 * most {@link #MAX_LISTED} line numbers are listed per kind, the counts are exact. Nothing here holds a code.
 *
 * <p>Immutable and thread-safe.
 *
 * @param batchId the batch the codes were imported into
 * @param lines the lines read
 * @param accepted the codes added to stock (0 when the file was refused)
 * @param duplicatesInFile how many lines repeat a code of an earlier line of the same file
 * @param duplicateInFileLines the first of those line numbers
 * @param duplicatesInStock how many lines hold a code that was already in stock (found through the blind index)
 * @param duplicateInStockLines the first of those line numbers
 * @param malformed how many lines could not be read as a code
 * @param malformedLines the first of those lines, with the reason
 * @param committed whether the file's new codes were added (false when it was refused as a whole)
 */
public record ImportReport(
        String batchId,
        long lines,
        long accepted,
        long duplicatesInFile,
        List<Long> duplicateInFileLines,
        long duplicatesInStock,
        List<Long> duplicateInStockLines,
        long malformed,
        List<MalformedLine> malformedLines,
        boolean committed) {

    /** The most line numbers listed per kind. */
    public static final int MAX_LISTED = 1000;

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a component is null
     */
    public ImportReport {
        Objects.requireNonNull(batchId, "batchId");
        duplicateInFileLines = List.copyOf(duplicateInFileLines);
        duplicateInStockLines = List.copyOf(duplicateInStockLines);
        malformedLines = List.copyOf(malformedLines);
    }

    /**
     * A line that could not be read as a code.
     *
     * @param line its line number, from 1
     * @param reason why, e.g. {@code CHECK_CHARACTER} or {@code NOT_A_PAIR}; never the line's content
     */
    public record MalformedLine(long line, String reason) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code reason} is null
         */
        public MalformedLine {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
