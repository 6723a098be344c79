package io.cardkey.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a code into a form that is safe for logs, receipts and support screens: every character masked with
 * {@code *} except the last few, with grouping and prefix kept, for example {@code ****-****-****-9XHC-*}.
 *
 * <p>What is shown:
 *
 * <ul>
 *   <li>for a generated format, the last {@code n} <em>data</em> characters; the check character is always masked,
 *       because it is a function of all the others and would tell a guesser about the hidden ones;
 *   <li>for supplier text, the last {@code n} characters other than spaces and hyphens, which are kept as they are;
 *   <li>in both cases {@code n} is {@link #visible()} but never more than a quarter of those characters (integer
 *       division), so a short code shows fewer characters, or none.
 * </ul>
 *
 * <p>Why at most {@value #MAX_VISIBLE}: four characters are what people use to tell their cards apart, and the rule
 * that a mask shows at most a quarter of the code keeps three quarters of its entropy hidden (60 of the standard
 * format's 80 bits, far above the 40-bit margin of {@link CodeGenerator}). Showing more would turn a log line into a
 * partial disclosure: each shown Base32 character narrows a guesser's search 32-fold.
 *
 * <p>Immutable and thread-safe.
 */
public final class CodeMask {
    /** The most characters a mask may show. */
    public static final int MAX_VISIBLE = 4;

    private static final CodeMask[] MASKS = {
        new CodeMask(0), new CodeMask(1), new CodeMask(2), new CodeMask(3), new CodeMask(4)
    };

    private final int visible;

    private CodeMask(int visible) {
        this.visible = visible;
    }

    /**
     * Returns the mask that shows the last four characters, the default of {@link CardCode#masked()}.
     *
     * @return the mask
     */
    public static CodeMask lastFour() {
        return MASKS[MAX_VISIBLE];
    }

    /**
     * Returns a mask that shows the last {@code visible} characters (subject to the quarter rule above).
     *
     * @param visible 0 to {@value #MAX_VISIBLE}; 0 masks everything
     * @return the mask
     * @throws IllegalArgumentException if {@code visible} is out of range
     */
    public static CodeMask showingLast(int visible) {
        if (visible < 0 || visible > MAX_VISIBLE) {
            throw new IllegalArgumentException("visible was " + visible + "; must be between 0 and " + MAX_VISIBLE);
        }
        return MASKS[visible];
    }

    /**
     * Returns the number of characters this mask shows at most.
     *
     * @return 0 to {@value #MAX_VISIBLE}
     */
    public int visible() {
        return visible;
    }

    /**
     * Returns the masked form of {@code code}.
     *
     * @param code the code
     * @return the masked form, safe for logs
     * @throws NullPointerException if {@code code} is null
     * @throws IllegalStateException if {@code code} was destroyed
     */
    public String mask(CardCode code) {
        Objects.requireNonNull(code, "code");
        CodeFormat format = code.format();
        byte[] bytes = code.normalised().bytes(PlaintextAccess.grant());
        try {
            int shown = format.isSupplierText() ? visible : format.visibleDataCount(visible);
            return format.render(bytes, shown, false);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "CodeMask[visible=" + visible + "]";
    }
}
