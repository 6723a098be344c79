package io.cardkey.crypto;

import java.util.Locale;

/**
 * Thrown when a {@link CodeFormat} has too little entropy for the number of live codes a {@link CodeGenerator} would
 * issue with it: a guesser's chance to hit some live code with one try would exceed 2<sup>-40</sup>.
 *
 * <p>The rule, with <i>H</i> = log<sub>2</sub>(alphabet size<sup>data length</sup>) and <i>N</i> the number of live
 * codes: <i>H</i> − log<sub>2</sub>(<i>N</i>) ≥ {@value CodeGenerator#GUESS_RESISTANCE_BITS}. The getters carry the
 * figures so a caller can say how many characters to add.
 *
 * <p>Immutable.
 */
public final class InsufficientEntropyException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** The entropy of the format, in bits. */
    private final double entropyBits;
    /** The live codes asked for. */
    private final long liveCodes;

    InsufficientEntropyException(double entropyBits, long liveCodes) {
        super(String.format(
                Locale.ROOT,
                "format has %.1f bits of entropy, too few for %d live codes: %.1f - log2(%d) = %.1f bits is below the"
                        + " %d bits required (one guess may hit a live code with probability at most 2^-%d);"
                        + " use more data characters, a larger alphabet, or fewer live codes",
                entropyBits,
                liveCodes,
                entropyBits,
                liveCodes,
                entropyBits - log2(liveCodes),
                CodeGenerator.GUESS_RESISTANCE_BITS,
                CodeGenerator.GUESS_RESISTANCE_BITS));
        this.entropyBits = entropyBits;
        this.liveCodes = liveCodes;
    }

    private static double log2(long n) {
        return Math.log(n) / Math.log(2);
    }

    /**
     * Returns the entropy of the format's data characters, in bits.
     *
     * @return log<sub>2</sub>(alphabet size<sup>data length</sup>)
     */
    public double entropyBits() {
        return entropyBits;
    }

    /**
     * Returns the number of live codes that was asked for.
     *
     * @return the live codes
     */
    public long liveCodes() {
        return liveCodes;
    }

    /**
     * Returns the margin, in bits, that the rule requires between entropy and log<sub>2</sub>(live codes).
     *
     * @return {@value CodeGenerator#GUESS_RESISTANCE_BITS}
     */
    public int requiredMarginBits() {
        return CodeGenerator.GUESS_RESISTANCE_BITS;
    }
}
