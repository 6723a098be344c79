package io.cardkey.crypto;

import io.cardkey.crypto.InvalidCodeException.Part;
import io.cardkey.crypto.MalformedCodeException.Reason;
import io.cardkey.crypto.internal.Typing;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The shape of a card code: which characters it uses, how they are grouped, an optional prefix and an optional check
 * character; or, for codes that suppliers issue and CardKey only imports, plain text within length bounds.
 *
 * <p>{@link #standard()} is Crockford Base32 ({@value #CROCKFORD_BASE32}: no I, L, O or U), 16 data characters
 * (80 bits), grouped {@value #STANDARD_PATTERN}, followed by one check character as a group of its own, for example
 * {@code 7K2Q-M8ZD-4T1V-9XHC-1}.
 *
 * <h2>The check character</h2>
 *
 * With an alphabet of {@code b} symbols and {@code p} the smallest prime greater than {@code b}, the check value is
 * the code's data read as a base-{@code b} number, modulo {@code p}; it is written with the alphabet's own symbol for
 * values below {@code b} and with an extra symbol above (for Crockford Base32 this is Crockford's own mod-37 check
 * symbol, extras {@code *~$=U}). It catches every error of these two kinds:
 *
 * <ul>
 *   <li>one character replaced by another: the value changes by {@code (d' - d) * b^k} with {@code 0 < |d' - d| < p}
 *       and {@code b^k} not a multiple of the prime {@code p}, so never by a multiple of {@code p};
 *   <li>two neighbouring different characters swapped: the value changes by {@code (a - c) * (b - 1) * b^k}, again a
 *       product of factors that the prime {@code p} does not divide; swapping the last data character with the check
 *       character {@code a <-> c} would need {@code c ≡ a} (mod {@code p}), that is {@code c = a}.
 * </ul>
 *
 * <h2>Normalisation</h2>
 *
 * {@link #parse(CharSequence)} accepts what people type and turns it into the one normalised form that is sealed and
 * that the blind index hashes. For a generated format, the steps are, per UTF-16 unit of the input:
 *
 * <ol>
 *   <li>full-width ASCII variants (U+FF01..U+FF5E, as CJK input methods produce) become ASCII, the ideographic space
 *       U+3000 a space;
 *   <li>ASCII letters become upper case (independent of the default locale);
 *   <li>separators are dropped wherever they are: ASCII white space, U+00A0, {@code -}, the dashes U+2010..U+2015,
 *       U+2212 and U+30FC;
 *   <li>if the format has a prefix and the remaining characters are as many as prefix plus code, the prefix must come
 *       first, letter for letter (the aliases of the next step do not apply to it), and is dropped; a code typed
 *       without its prefix is accepted too;
 *   <li>where the alphabet lacks {@code O}, {@code I} or {@code L} but has {@code 0} and {@code 1}, {@code O} reads as
 *       {@code 0} and {@code I} and {@code L} as {@code 1};
 *   <li>the check character is verified.
 * </ol>
 *
 * The normalised code is the data characters and the check character in the alphabet's canonical (upper-case)
 * symbols, without prefix or separators, encoded in ASCII. Normalising a normalised code, or a displayed one, returns
 * it unchanged.
 *
 * <p>For {@linkplain #supplierText() supplier text}: the input is normalised to Unicode NFKC (full-width forms
 * become ASCII, compatibility characters their plain equivalents), leading and trailing white space is removed, each
 * inner run of white space becomes one space U+0020, and the result is encoded in UTF-8. Case is kept, since supplier
 * codes may be case-sensitive.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * Parsing rejects a mistyped code before anything is looked up, so callers should parse first and query the blind
 * index only with a parsed code. Exceptions never contain a character of the input.
 */
public final class CodeFormat {
    /** Crockford's Base32 alphabet: digits and upper-case letters without I, L, O and U. */
    public static final String CROCKFORD_BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** The grouping of {@link #standard()}: four groups of four data characters. */
    public static final String STANDARD_PATTERN = "XXXX-XXXX-XXXX-XXXX";

    /** The most data characters a generated format may have. */
    public static final int MAX_DATA_LENGTH = 64;

    /** The most characters a prefix may have. */
    public static final int MAX_PREFIX_LENGTH = 16;

    /** The most characters (Unicode code points) that supplier text may have. */
    public static final int MAX_TEXT_LENGTH = 1024;

    /** Check symbols beyond the alphabet, in order of preference; the first five are Crockford's. */
    private static final String CHECK_EXTRAS = "*~$=U#@%+&";

    private static final char PREFIX_SEPARATOR = '-';
    private static final char MASK = '*';

    private static final CodeFormat STANDARD = builder().build();
    private static final CodeFormat SUPPLIER_TEXT = supplierText(1, 256);

    private final boolean text;
    private final String alphabet;
    private final String pattern;
    private final String prefix;
    private final boolean check;
    private final int minLength;
    private final int maxLength;

    // Derived, for generated formats.
    private final int dataLength;
    private final int prime;
    private final int bitsPerSymbol;
    private final String checkSymbols;
    private final char checkSeparator;
    private final byte[] dataValue = new byte[128];
    private final byte[] checkValue = new byte[128];
    private final boolean[] mayAppear = new boolean[128];

    private CodeFormat(Builder builder) {
        text = false;
        alphabet = builder.alphabet;
        pattern = builder.pattern;
        prefix = builder.prefix;
        check = builder.check;
        minLength = 0;
        maxLength = 0;
        int base = alphabet.length();
        dataLength = (int) pattern.chars().filter(c -> c == 'X').count();
        prime = nextPrime(base);
        bitsPerSymbol = 32 - Integer.numberOfLeadingZeros(base - 1);
        StringBuilder symbols = new StringBuilder(alphabet);
        for (int i = 0; i < CHECK_EXTRAS.length() && symbols.length() < prime; i++) {
            char extra = CHECK_EXTRAS.charAt(i);
            if (alphabet.indexOf(extra) < 0) {
                symbols.append(extra);
            }
        }
        checkSymbols = symbols.toString();
        char lastSeparator = 0;
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) != 'X') {
                lastSeparator = pattern.charAt(i);
            }
        }
        checkSeparator = lastSeparator;
        Arrays.fill(dataValue, (byte) -1);
        Arrays.fill(checkValue, (byte) -1);
        for (int v = 0; v < base; v++) {
            dataValue[alphabet.charAt(v)] = (byte) v;
        }
        if (check) {
            for (int v = 0; v < prime; v++) {
                checkValue[checkSymbols.charAt(v)] = (byte) v;
            }
        }
        alias('O', '0');
        alias('I', '1');
        alias('L', '1');
        for (int c = 0; c < 128; c++) {
            mayAppear[c] = dataValue[c] >= 0 || checkValue[c] >= 0 || (prefix != null && prefix.indexOf(c) >= 0);
        }
    }

    private CodeFormat(int minLength, int maxLength) {
        text = true;
        alphabet = null;
        pattern = null;
        prefix = null;
        check = false;
        this.minLength = minLength;
        this.maxLength = maxLength;
        dataLength = 0;
        prime = 0;
        bitsPerSymbol = 0;
        checkSymbols = "";
        checkSeparator = 0;
    }

    private void alias(char from, char to) {
        if (alphabet.indexOf(from) < 0 && alphabet.indexOf(to) >= 0) {
            dataValue[from] = dataValue[to];
            checkValue[from] = checkValue[to];
        }
    }

    private static int nextPrime(int n) {
        return BigInteger.valueOf(n).nextProbablePrime().intValueExact();
    }

    /**
     * Returns the default format: Crockford Base32, {@value #STANDARD_PATTERN}, a check character, no prefix.
     *
     * @return the standard format
     */
    public static CodeFormat standard() {
        return STANDARD;
    }

    /**
     * Returns a builder that starts from the {@linkplain #standard() standard} settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the format for supplier codes of 1 to 256 characters of any printable text, without a check
     * character. Such codes can be imported and parsed, never generated.
     *
     * @return the supplier text format
     */
    public static CodeFormat supplierText() {
        return SUPPLIER_TEXT;
    }

    /**
     * Returns a format for supplier codes of any printable text whose normalised form has between {@code minLength}
     * and {@code maxLength} characters (Unicode code points), without a check character.
     *
     * @param minLength the fewest characters, at least 1
     * @param maxLength the most characters, from {@code minLength} to {@value #MAX_TEXT_LENGTH}
     * @return the format
     * @throws IllegalArgumentException if the bounds are out of range
     */
    public static CodeFormat supplierText(int minLength, int maxLength) {
        if (minLength < 1 || minLength > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(
                    "minLength was " + minLength + "; must be between 1 and " + MAX_TEXT_LENGTH);
        }
        if (maxLength < minLength || maxLength > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("maxLength was " + maxLength + "; must be between minLength ("
                    + minLength + ") and " + MAX_TEXT_LENGTH);
        }
        return new CodeFormat(minLength, maxLength);
    }

    /**
     * Parses and normalises a code as typed (see the class documentation for the exact rules).
     *
     * @param typed the code as typed or pasted; not retained
     * @return the code, holding its normalised form as a {@link Secret}
     * @throws NullPointerException if {@code typed} is null
     * @throws MalformedCodeException if the text is not shaped like a code of this format
     * @throws CheckCharacterMismatchException if the check character does not match
     */
    public CardCode parse(CharSequence typed) {
        return parse(typed, Part.CODE, 0);
    }

    CardCode parse(CharSequence typed, Part part, int offset) {
        Objects.requireNonNull(typed, "typed");
        return text ? parseText(typed, part, offset) : parseGenerated(typed, part, offset);
    }

    private CardCode parseGenerated(CharSequence typed, Part part, int offset) {
        int prefixLength = prefix == null ? 0 : prefix.length();
        int bodyLength = bodyLength();
        int longest = prefixLength + bodyLength;
        char[] chars = new char[longest];
        int[] at = new int[longest];
        byte[] normalised = new byte[bodyLength];
        try {
            int total = 0;
            for (int i = 0; i < typed.length(); i++) {
                char c = Typing.asciiUpper(Typing.fold(typed.charAt(i)));
                if (Typing.isSeparator(c)) {
                    continue;
                }
                if (c >= 128 || !mayAppear[c]) {
                    throw new MalformedCodeException(
                            part, Reason.INVALID_CHARACTER, offset + i, "a character that this format never uses");
                }
                if (total < longest) {
                    chars[total] = c;
                    at[total] = offset + i;
                }
                total++;
            }
            int start = locateBody(chars, at, total, part);
            int remainder = 0;
            for (int j = 0; j < dataLength; j++) {
                char c = chars[start + j];
                int value = dataValue[c];
                if (value < 0) {
                    throw new MalformedCodeException(
                            part, Reason.INVALID_CHARACTER, at[start + j], "a character that is not a data character");
                }
                normalised[j] = (byte) alphabet.charAt(value);
                remainder = (remainder * alphabet.length() + value) % prime;
            }
            if (check) {
                char c = chars[start + dataLength];
                int value = checkValue[c];
                if (value < 0) {
                    throw new MalformedCodeException(
                            part,
                            Reason.INVALID_CHARACTER,
                            at[start + dataLength],
                            "a character that is not a check character");
                }
                if (value != remainder) {
                    throw new CheckCharacterMismatchException(part);
                }
                normalised[dataLength] = (byte) checkSymbols.charAt(value);
            }
            return new CardCode(this, normalised);
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(normalised, (byte) 0);
        }
    }

    /** Returns where the code's body starts among {@code chars}, after checking the length and the prefix. */
    private int locateBody(char[] chars, int[] at, int total, Part part) {
        int bodyLength = bodyLength();
        if (total == 0) {
            throw new MalformedCodeException(part, Reason.EMPTY, -1, "nothing but separators or white space");
        }
        if (total == bodyLength) {
            return 0;
        }
        boolean prefixFirst = prefix != null && total >= prefix.length();
        for (int j = 0; prefixFirst && j < prefix.length(); j++) {
            prefixFirst = chars[j] == prefix.charAt(j);
        }
        if (prefix != null && total == prefix.length() + bodyLength) {
            for (int j = 0; j < prefix.length(); j++) {
                if (chars[j] != prefix.charAt(j)) {
                    throw new MalformedCodeException(
                            part, Reason.WRONG_PREFIX, at[j], "the code does not start with this format's prefix");
                }
            }
            return prefix.length();
        }
        String expected = bodyLength + " characters (" + dataLength + " data characters"
                + (check ? " and a check character" : "") + ")"
                + (prefix == null ? "" : ", or " + (prefix.length() + bodyLength) + " with the prefix");
        boolean tooShort = total < bodyLength || (prefixFirst && total < prefix.length() + bodyLength);
        throw new MalformedCodeException(
                part,
                tooShort ? Reason.TOO_SHORT : Reason.TOO_LONG,
                -1,
                "has " + total + " characters besides separators; expected " + expected);
    }

    private CardCode parseText(CharSequence typed, Part part, int offset) {
        for (int i = 0; i < typed.length(); ) {
            int cp = Character.codePointAt(typed, i);
            if (!Character.isWhitespace(cp) && !isPrintable(cp)) {
                throw new MalformedCodeException(
                        part,
                        Reason.INVALID_CHARACTER,
                        offset + i,
                        "a control, format, private-use, unassigned or unpaired surrogate character");
            }
            i += Character.charCount(cp);
        }
        String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        try {
            boolean pendingSpace = false;
            int count = 0;
            for (int i = 0; i < folded.length(); ) {
                int cp = folded.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    pendingSpace = out.length() > 0;
                    continue;
                }
                if (pendingSpace) {
                    out.append(' ');
                    count++;
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
                count++;
            }
            if (count == 0) {
                throw new MalformedCodeException(part, Reason.EMPTY, -1, "nothing but white space");
            }
            if (count < minLength || count > maxLength) {
                throw new MalformedCodeException(
                        part,
                        count < minLength ? Reason.TOO_SHORT : Reason.TOO_LONG,
                        -1,
                        "has " + count + " characters after normalisation; expected " + minLength + " to " + maxLength);
            }
            byte[] normalised = out.toString().getBytes(StandardCharsets.UTF_8);
            try {
                return new CardCode(this, normalised);
            } finally {
                Arrays.fill(normalised, (byte) 0);
            }
        } finally {
            for (int i = 0; i < out.length(); i++) {
                out.setCharAt(i, '\0');
            }
        }
    }

    private static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** Renders a normalised code: in full, or masked with only the last {@code visible} data characters shown. */
    String render(byte[] normalised, int visible, boolean full) {
        if (text) {
            return renderText(new String(normalised, StandardCharsets.UTF_8), visible, full);
        }
        StringBuilder out = new StringBuilder(MAX_PREFIX_LENGTH + pattern.length() + 2);
        if (prefix != null) {
            out.append(prefix).append(PREFIX_SEPARATOR);
        }
        int j = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char p = pattern.charAt(i);
            if (p == 'X') {
                out.append(full || j >= dataLength - visible ? (char) normalised[j] : MASK);
                j++;
            } else {
                out.append(p);
            }
        }
        if (check) {
            if (checkSeparator != 0) {
                out.append(checkSeparator);
            }
            out.append(full ? (char) normalised[dataLength] : MASK);
        }
        return out.toString();
    }

    private static String renderText(String normalised, int visible, boolean full) {
        if (full) {
            return normalised;
        }
        int shown = normalised.length();
        int[] codePoints = normalised.codePoints().toArray();
        int symbols = 0;
        for (int cp : codePoints) {
            symbols += isTextSeparator(cp) ? 0 : 1;
        }
        int keep = visibleCount(visible, symbols);
        StringBuilder out = new StringBuilder(shown);
        int seen = 0;
        for (int cp : codePoints) {
            if (isTextSeparator(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.appendCodePoint(seen >= symbols - keep ? cp : MASK);
                seen++;
            }
        }
        Arrays.fill(codePoints, 0);
        return out.toString();
    }

    private static boolean isTextSeparator(int cp) {
        return cp == ' ' || cp == '-';
    }

    /** The number of characters a mask shows: at most {@code visible}, and never more than a quarter of them all. */
    static int visibleCount(int visible, int symbols) {
        return Math.min(visible, symbols / 4);
    }

    /** The number of data characters a mask of this (generated) format shows. */
    int visibleDataCount(int visible) {
        return visibleCount(visible, dataLength);
    }

    /**
     * Tells whether this is a format for supplier text, which can be parsed but not generated.
     *
     * @return whether this format was made by {@link #supplierText(int, int)}
     */
    public boolean isSupplierText() {
        return text;
    }

    /**
     * Returns the alphabet of data characters, in the order of their values.
     *
     * @return the alphabet, or empty for supplier text
     */
    public Optional<String> alphabet() {
        return Optional.ofNullable(alphabet);
    }

    /**
     * Returns the grouping pattern of the data characters ({@code X} a data character, anything else a separator).
     *
     * @return the pattern, or empty for supplier text
     */
    public Optional<String> pattern() {
        return Optional.ofNullable(pattern);
    }

    /**
     * Returns the prefix that displayed codes start with, if any.
     *
     * @return the prefix, or empty
     */
    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    /**
     * Tells whether codes carry a check character.
     *
     * @return whether there is a check character
     */
    public boolean hasCheckCharacter() {
        return check;
    }

    /**
     * Returns the entropy of a uniformly generated code, log<sub>2</sub>(alphabet size<sup>data length</sup>) bits;
     * the check character adds none.
     *
     * @return the entropy in bits, or empty for supplier text (whose entropy CardKey cannot know)
     */
    public OptionalDouble entropyBits() {
        return text ? OptionalDouble.empty() : OptionalDouble.of(dataLength * Math.log(base()) / Math.log(2));
    }

    int base() {
        return alphabet.length();
    }

    int dataLength() {
        return dataLength;
    }

    int bodyLength() {
        return dataLength + (check ? 1 : 0);
    }

    int prime() {
        return prime;
    }

    int bitsPerSymbol() {
        return bitsPerSymbol;
    }

    byte symbol(int value) {
        return (byte) alphabet.charAt(value);
    }

    byte checkSymbol(int value) {
        return (byte) checkSymbols.charAt(value);
    }

    /**
     * Compares all settings.
     *
     * @param o another object
     * @return whether {@code o} is a format with the same settings
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CodeFormat)) {
            return false;
        }
        CodeFormat other = (CodeFormat) o;
        return text == other.text
                && check == other.check
                && minLength == other.minLength
                && maxLength == other.maxLength
                && Objects.equals(alphabet, other.alphabet)
                && Objects.equals(pattern, other.pattern)
                && Objects.equals(prefix, other.prefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, check, minLength, maxLength, alphabet, pattern, prefix);
    }

    /**
     * Describes the settings, for example {@code CodeFormat[alphabet=0123456789ABCDEFGHJKMNPQRSTVWXYZ,
     * pattern=XXXX-XXXX-XXXX-XXXX, check=mod 37, prefix=none]}.
     */
    @Override
    public String toString() {
        if (text) {
            return "CodeFormat[supplier text, " + minLength + ".." + maxLength + " characters]";
        }
        return "CodeFormat[alphabet=" + alphabet + ", pattern=" + pattern + ", check="
                + (check ? "mod " + prime : "none") + ", prefix=" + (prefix == null ? "none" : prefix) + "]";
    }

    /**
     * Builds a generated {@link CodeFormat}. Each setter checks its argument at once; starts from the
     * {@linkplain CodeFormat#standard() standard} settings.
     *
     * <p>Not thread-safe; the formats it builds are.
     */
    public static final class Builder {
        private String alphabet = CROCKFORD_BASE32;
        private String pattern = STANDARD_PATTERN;
        private String prefix;
        private boolean check = true;

        private Builder() {}

        /**
         * Sets the alphabet of data characters; a character's position is its value.
         *
         * @param alphabet 2 to 36 distinct characters, each an upper-case ASCII letter or a digit
         * @return this builder
         * @throws NullPointerException if {@code alphabet} is null
         * @throws IllegalArgumentException if {@code alphabet} breaks the rule
         */
        public Builder alphabet(String alphabet) {
            Objects.requireNonNull(alphabet, "alphabet");
            if (alphabet.length() < 2 || alphabet.length() > 36) {
                throw new IllegalArgumentException("alphabet was \"" + alphabet + "\" (" + alphabet.length()
                        + " characters); must have between 2 and 36 characters");
            }
            for (int i = 0; i < alphabet.length(); i++) {
                char c = alphabet.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || alphabet.indexOf(c) != i) {
                    throw new IllegalArgumentException("alphabet was \"" + alphabet
                            + "\"; must consist of distinct upper-case ASCII letters and digits");
                }
            }
            this.alphabet = alphabet;
            return this;
        }

        /**
         * Sets the grouping: {@code X} stands for one data character, {@code -} or a space separates groups. The
         * number of {@code X} is the number of data characters. The check character, if any, follows as a group of
         * its own after the pattern's last separator (or directly, if the pattern has none).
         *
         * @param pattern for example {@code XXXX-XXXX-XXXX-XXXX}: 1 to {@value CodeFormat#MAX_DATA_LENGTH} {@code X},
         *     starting and ending with {@code X}, separators single
         * @return this builder
         * @throws NullPointerException if {@code pattern} is null
         * @throws IllegalArgumentException if {@code pattern} breaks the rule
         */
        public Builder pattern(String pattern) {
            Objects.requireNonNull(pattern, "pattern");
            String rule = "; must consist of 1 to " + MAX_DATA_LENGTH
                    + " X separated by single '-' or ' ', starting and ending with X";
            int data = 0;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == 'X') {
                    data++;
                } else if (c != '-' && c != ' ' || i == 0 || pattern.charAt(i - 1) != 'X') {
                    throw new IllegalArgumentException("pattern was \"" + pattern + "\"" + rule);
                }
            }
            if (data == 0 || data > MAX_DATA_LENGTH || pattern.charAt(pattern.length() - 1) != 'X') {
                throw new IllegalArgumentException("pattern was \"" + pattern + "\"" + rule);
            }
            this.pattern = pattern;
            return this;
        }

        /**
         * Sets a prefix that displayed codes start with, joined by {@code -}. Parsing accepts codes typed with or
         * without it; the prefix is not part of the normalised code.
         *
         * @param prefix 1 to {@value CodeFormat#MAX_PREFIX_LENGTH} upper-case ASCII letters and digits
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         * @throws IllegalArgumentException if {@code prefix} breaks the rule
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            boolean valid = !prefix.isEmpty() && prefix.length() <= MAX_PREFIX_LENGTH;
            for (int i = 0; valid && i < prefix.length(); i++) {
                char c = prefix.charAt(i);
                valid = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            }
            if (!valid) {
                throw new IllegalArgumentException("prefix was \"" + prefix + "\"; must be 1 to " + MAX_PREFIX_LENGTH
                        + " upper-case ASCII letters and digits");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Removes the prefix (the default).
         *
         * @return this builder
         */
        public Builder noPrefix() {
            this.prefix = null;
            return this;
        }

        /**
         * Sets whether codes carry a check character (default {@code true}). Without one, typos are found only by
         * the lookup failing, which costs a query and tells a guesser nothing less.
         *
         * @param enabled whether to append a check character
         * @return this builder
         */
        public Builder checkCharacter(boolean enabled) {
            this.check = enabled;
            return this;
        }

        /**
         * Builds the format.
         *
         * @return an immutable format
         */
        public CodeFormat build() {
            return new CodeFormat(this);
        }
    }
}
