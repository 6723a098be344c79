package io.cardkey.crypto;

import io.cardkey.crypto.InvalidCodeException.Part;
import io.cardkey.crypto.MalformedCodeException.Reason;
import io.cardkey.crypto.internal.Typing;
import java.util.Objects;

/**
 * The format of supplier files that list a card number and a password per line (卡号 + 卡密).
 *
 * <p>A line is split in the first way that applies:
 *
 * <ol>
 *   <li>at its first comma ({@code ,}, the full-width {@code ，} U+FF0C or the ideographic {@code 、} U+3001): the
 *       number is what comes before, the password everything after (so a password may contain commas);
 *   <li>else at its first tab;
 *   <li>else at white space: the line must then consist of exactly two words separated by white space.
 * </ol>
 *
 * Each part is then parsed with its own {@link CodeFormat}, which trims it and normalises it. This is not CSV: there
 * is no quoting, and a header line is the caller's to skip.
 *
 * <p>Immutable and thread-safe.
 */
public final class PairFormat {
    private static final PairFormat SUPPLIER_TEXT =
            new PairFormat(CodeFormat.supplierText(), CodeFormat.supplierText());

    private final CodeFormat numberFormat;
    private final CodeFormat passwordFormat;

    private PairFormat(CodeFormat numberFormat, CodeFormat passwordFormat) {
        this.numberFormat = numberFormat;
        this.passwordFormat = passwordFormat;
    }

    /**
     * Returns a pair format whose parts have the given formats.
     *
     * @param numberFormat the format of card numbers
     * @param passwordFormat the format of passwords
     * @return the pair format
     * @throws NullPointerException if an argument is null
     */
    public static PairFormat of(CodeFormat numberFormat, CodeFormat passwordFormat) {
        return new PairFormat(
                Objects.requireNonNull(numberFormat, "numberFormat"),
                Objects.requireNonNull(passwordFormat, "passwordFormat"));
    }

    /**
     * Returns the pair format whose number and password are both {@link CodeFormat#supplierText()}.
     *
     * @return the pair format
     */
    public static PairFormat supplierText() {
        return SUPPLIER_TEXT;
    }

    /**
     * Returns the format of card numbers.
     *
     * @return the number format
     */
    public CodeFormat numberFormat() {
        return numberFormat;
    }

    /**
     * Returns the format of passwords.
     *
     * @return the password format
     */
    public CodeFormat passwordFormat() {
        return passwordFormat;
    }

    /**
     * Parses one line into a card number and a password.
     *
     * @param line a line of a supplier file, without its line terminator; not retained
     * @return the pair
     * @throws NullPointerException if {@code line} is null
     * @throws MalformedCodeException if the line cannot be split ({@link MalformedCodeException.Reason#NOT_A_PAIR})
     *     or a part is malformed ({@link InvalidCodeException#part()} says which; the index is into {@code line})
     * @throws CheckCharacterMismatchException if a part's check character does not match
     */
    public CardPair parseLine(CharSequence line) {
        Objects.requireNonNull(line, "line");
        int[] split = split(line);
        CardCode number = numberFormat.parse(line.subSequence(split[0], split[1]), Part.NUMBER, split[0]);
        try {
            CardCode password = passwordFormat.parse(line.subSequence(split[2], split[3]), Part.PASSWORD, split[2]);
            return new CardPair(number, password);
        } catch (RuntimeException e) {
            number.destroy();
            throw e;
        }
    }

    /** Returns {start, end} of the number and {start, end} of the password. */
    private static int[] split(CharSequence line) {
        int length = line.length();
        for (int i = 0; i < length; i++) {
            char c = Typing.fold(line.charAt(i));
            if (c == ',' || c == '\u3001') {
                return new int[] {0, i, i + 1, length};
            }
        }
        for (int i = 0; i < length; i++) {
            if (line.charAt(i) == '\t') {
                return new int[] {0, i, i + 1, length};
            }
        }
        int[] words = new int[4];
        int count = 0;
        int i = 0;
        while (i < length) {
            while (i < length && isSpace(line.charAt(i))) {
                i++;
            }
            if (i == length) {
                break;
            }
            int start = i;
            while (i < length && !isSpace(line.charAt(i))) {
                i++;
            }
            if (count == 2) {
                count++;
                break;
            }
            words[2 * count] = start;
            words[2 * count + 1] = i;
            count++;
        }
        if (count != 2) {
            throw new MalformedCodeException(
                    Part.CODE,
                    Reason.NOT_A_PAIR,
                    -1,
                    "the line has " + (count > 2 ? "more than two" : String.valueOf(count))
                            + " words and no comma or tab; expected \"number,password\" or \"number password\"");
        }
        return words;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Compares the two part formats.
     *
     * @param o another object
     * @return whether {@code o} is a pair format with equal number and password formats
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PairFormat
                && numberFormat.equals(((PairFormat) o).numberFormat)
                && passwordFormat.equals(((PairFormat) o).passwordFormat);
    }

    @Override
    public int hashCode() {
        return 31 * numberFormat.hashCode() + passwordFormat.hashCode();
    }

    /** Describes both part formats. */
    @Override
    public String toString() {
        return "PairFormat[number=" + numberFormat + ", password=" + passwordFormat + "]";
    }
}
