package io.cardkey.crypto.internal;

/**
 * What people type in place of the characters of a code.
 *
 * <p>Design note: codes are typed from printed cards into web forms, often through a Chinese or Japanese input
 * method, which produces full-width letters, digits and an ideographic space; word processors turn hyphens into
 * dashes. Folding those to ASCII here lets the code format stay a pure ASCII affair.
 */
public final class Typing {
    private Typing() {}

    /**
     * Maps a full-width ASCII variant (U+FF01..U+FF5E) to its ASCII character and the ideographic space (U+3000) to
     * a space; returns every other character unchanged.
     *
     * @param c a UTF-16 unit
     * @return the folded unit
     */
    public static char fold(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        return c == '\u3000' ? ' ' : c;
    }

    /**
     * Tells whether a folded character only separates groups and is dropped when a code is normalised: ASCII white
     * space (space, tab, line feed, carriage return, form feed, vertical tab), the no-break space U+00A0, the
     * hyphen-minus {@code -}, the Unicode dashes U+2010..U+2015, the minus sign U+2212 and the katakana-hiragana
     * prolonged sound mark U+30FC (which CJK input methods produce for a dash).
     *
     * @param c a folded UTF-16 unit
     * @return whether it is a separator
     */
    public static boolean isSeparator(char c) {
        switch (c) {
            case ' ':
            case '\t':
            case '\n':
            case '\r':
            case '\f':
            case '\u000B':
            case '\u00A0':
            case '-':
            case '\u2212':
            case '\u30FC':
                return true;
            default:
                return c >= '\u2010' && c <= '\u2015';
        }
    }

    /**
     * Upper-cases an ASCII letter, independent of the default locale (a Turkish locale would otherwise turn
     * {@code i} into a dotted capital I); returns every other character unchanged.
     *
     * @param c a UTF-16 unit
     * @return the upper-case ASCII letter, or {@code c}
     */
    public static char asciiUpper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
}
