package io.cardkey.core;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.PairFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a supplier file: one code per line, or a card number and a password per line (split at the first
 * comma, else tab, else white space; see {@link PairFormat}), optionally after a header line. Works for TXT and for
 * simple CSV (no quoting). Blank lines are skipped.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImportFormat {
    private final Optional<CodeFormat> codeFormat;
    private final Optional<PairFormat> pairFormat;
    private final boolean header;

    private ImportFormat(Optional<CodeFormat> codeFormat, Optional<PairFormat> pairFormat, boolean header) {
        this.codeFormat = codeFormat;
        this.pairFormat = pairFormat;
        this.header = header;
    }

    /**
     * Returns the format of files with one code per line.
     *
     * @param format the codes' format, e.g. {@link CodeFormat#supplierText()}
     * @return the import format
     */
    public static ImportFormat codes(CodeFormat format) {
        return new ImportFormat(Optional.of(Objects.requireNonNull(format, "format")), Optional.empty(), false);
    }

    /**
     * Returns the format of files with a card number and a password per line.
     *
     * @param format the pairs' format, e.g. {@link PairFormat#supplierText()}
     * @return the import format
     */
    public static ImportFormat pairs(PairFormat format) {
        return new ImportFormat(Optional.empty(), Optional.of(Objects.requireNonNull(format, "format")), false);
    }

    /**
     * Returns this format skipping the first line (a CSV header).
     *
     * @return the import format with a header
     */
    public ImportFormat withHeader() {
        return new ImportFormat(codeFormat, pairFormat, true);
    }

    /**
     * Returns the format of single codes, if this is one.
     *
     * @return the code format, or empty for pairs
     */
    public Optional<CodeFormat> codeFormat() {
        return codeFormat;
    }

    /**
     * Returns the format of pairs, if this is one.
     *
     * @return the pair format, or empty for single codes
     */
    public Optional<PairFormat> pairFormat() {
        return pairFormat;
    }

    /**
     * Returns whether the first line is a header.
     *
     * @return whether it is skipped
     */
    public boolean hasHeader() {
        return header;
    }

    @Override
    public String toString() {
        return "ImportFormat[" + (codeFormat.isPresent() ? "codes " + codeFormat.get() : "pairs " + pairFormat.get())
                + (header ? ", header" : "") + "]";
    }
}
