package io.cardkey.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A plain-text table for terminal output, used by the quick start and the CLI: a header, a rule, and rows whose
 * columns are padded to the widest cell. Columns whose header starts with a space are right-aligned (amounts and
 * counts), the others left-aligned.
 *
 * <p>Not thread-safe; build one, print it, drop it.
 */
public final class Table {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * Starts a table.
     *
     * @param headers the column headers; a leading space right-aligns the column
     */
    public Table(String... headers) {
        this.headers = headers.clone();
    }

    /**
     * Adds a row.
     *
     * @param cells one per column, printed with {@code toString()}
     * @return this table
     */
    public Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(
                    "row had " + cells.length + " cells; the table has " + headers.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(Objects::toString).toArray(String[]::new));
        return this;
    }

    /**
     * Prints the table.
     *
     * @param out where to
     */
    public void print(PrintStream out) {
        lines().forEach(out::println);
    }

    /**
     * Prints the table.
     *
     * @param out where to
     */
    public void print(PrintWriter out) {
        lines().forEach(out::println);
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = width(headers[c].strip());
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], width(row[c]));
            }
        }
        lines.add(line(headers, widths));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        lines.add(rule.toString());
        for (String[] row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String cell = cells == headers ? cells[c].strip() : cells[c];
            String pad = " ".repeat(widths[c] - width(cell));
            line.append(c == 0 ? "" : "  ");
            line.append(headers[c].startsWith(" ") ? pad + cell : cell + pad);
        }
        return line.toString().stripTrailing();
    }

    /** Display width: CJK characters take two terminal columns. */
    private static int width(String text) {
        return text.codePoints()
                .map(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN ? 2 : 1)
                .sum();
    }
}
