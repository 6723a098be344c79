package io.cardkey.crypto;

import io.cardkey.crypto.internal.Duplicates;
import io.cardkey.crypto.internal.RandomBits;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Generates random codes of a {@link CodeFormat}.
 *
 * <h2>Randomness</h2>
 *
 * Every data character is drawn uniformly and independently from the alphabet: {@code ceil(log2(size))} random bits
 * are taken, and a value outside the alphabet is rejected and drawn again, so there is no modulo bias (for a
 * 32-symbol alphabet such as Crockford Base32 nothing is ever rejected: each character is exactly 5 bits).
 *
 * <p>The bits come from a DRBG (NIST SP 800-90A, the JDK's {@code SecureRandom.getInstance("DRBG")} at 256-bit
 * strength) of <em>the calling thread's own</em>, instantiated on a thread's first use with entropy from the operating
 * system, and drawn in blocks of 512 bytes. A single shared {@code SecureRandom} is a lock that every generating
 * thread contends for (a shared {@code NativePRNG} did not scale past one core on the reference machine); one DRBG per
 * thread scales with the cores and each stays a full-strength generator. The price is one DRBG and one 512-byte block
 * per thread that ever generated; used bytes are zeroed as they are consumed.
 *
 * <h2>How many codes a format can carry</h2>
 *
 * A guesser who tries one random code hits one of {@code N} live codes with probability {@code N / b^n} for an
 * alphabet of {@code b} symbols and {@code n} data characters. CardKey keeps that below 2<sup>-40</sup>:
 *
 * <pre>log2(b^n) − log2(N) ≥ {@value #GUESS_RESISTANCE_BITS}</pre>
 *
 * A generator is created for a stated number of live codes {@code N} (all codes of the product that are not yet
 * redeemed, voided or expired, not only this batch), and {@link #create(CodeFormat, long)} refuses a format that does
 * not meet the rule with {@link InsufficientEntropyException}. The standard format (80 bits) carries up to
 * 2<sup>40</sup> (about 1.1 × 10<sup>12</sup>) live codes. The comparison is exact (integer arithmetic).
 *
 * <h2>Duplicates</h2>
 *
 * A batch never holds the same code twice: once all are drawn, the raw bits of the batch are sorted, and every later
 * copy of a code is drawn again (and checked again) until none is left. Uniqueness against codes of earlier batches is the store's job (its blind index is unique); under
 * the rule above a collision with a live code happens with probability at most 2<sup>-40</sup> per code.
 *
 * <p>Immutable and thread-safe.
 */
public final class CodeGenerator {
    /** The required margin, in bits, between a format's entropy and log<sub>2</sub> of the live codes. */
    public static final int GUESS_RESISTANCE_BITS = 40;

    /** The most codes one call of {@link #generateBatch(int)} returns. */
    public static final int MAX_BATCH = 10_000_000;

    private final CodeFormat format;
    private final long liveCodes;
    private final Supplier<RandomBits> bits;

    private CodeGenerator(CodeFormat format, long liveCodes, Supplier<RandomBits> bits) {
        this.format = format;
        this.liveCodes = liveCodes;
        this.bits = bits;
    }

    /** For tests: draws from {@code random} (each thread through a buffer of its own) instead of per-thread DRBGs. */
    CodeGenerator(CodeFormat format, long liveCodes, SecureRandom random) {
        this(checked(format, liveCodes), liveCodes, threadLocalOver(Objects.requireNonNull(random, "random")));
    }

    private static Supplier<RandomBits> threadLocalOver(SecureRandom random) {
        ThreadLocal<RandomBits> local = ThreadLocal.withInitial(() -> new RandomBits(random));
        return local::get;
    }

    /**
     * Returns a generator of codes of {@code format} for a product that will have at most {@code liveCodes} live
     * codes at any time.
     *
     * @param format a generated format (not supplier text)
     * @param liveCodes the most live codes of the product at any time, at least 1
     * @return the generator
     * @throws NullPointerException if {@code format} is null
     * @throws IllegalArgumentException if {@code format} is supplier text or {@code liveCodes} is below 1
     * @throws InsufficientEntropyException if the format's entropy is too low for {@code liveCodes} (see above)
     */
    public static CodeGenerator create(CodeFormat format, long liveCodes) {
        return new CodeGenerator(checked(format, liveCodes), liveCodes, RandomBits::systemDrbgPerThread);
    }

    private static CodeFormat checked(CodeFormat format, long liveCodes) {
        Objects.requireNonNull(format, "format");
        if (format.isSupplierText()) {
            throw new IllegalArgumentException(
                    "format was " + format + "; supplier text cannot be generated, only a generated format can");
        }
        if (liveCodes < 1) {
            throw new IllegalArgumentException("liveCodes was " + liveCodes + "; must be at least 1");
        }
        BigInteger space = BigInteger.valueOf(format.base()).pow(format.dataLength());
        if (space.compareTo(BigInteger.valueOf(liveCodes).shiftLeft(GUESS_RESISTANCE_BITS)) < 0) {
            throw new InsufficientEntropyException(format.entropyBits().orElseThrow(), liveCodes);
        }
        return format;
    }

    /**
     * Returns the format of the codes.
     *
     * @return the format
     */
    public CodeFormat format() {
        return format;
    }

    /**
     * Returns the number of live codes this generator was created for.
     *
     * @return the live codes
     */
    public long liveCodes() {
        return liveCodes;
    }

    /**
     * Generates one code.
     *
     * @return a new random code
     */
    public CardCode generate() {
        Draw draw = new Draw(format.bodyLength());
        try {
            return draw.next(format, bits.get(), null, null, 0);
        } finally {
            draw.wipe();
        }
    }

    /**
     * Generates {@code count} codes, no two alike.
     *
     * @param count the number of codes, 1 to the smaller of {@value #MAX_BATCH} and {@link #liveCodes()}
     * @return the codes, in the order drawn; an unmodifiable list
     * @throws IllegalArgumentException if {@code count} is out of range
     */
    public List<CardCode> generateBatch(int count) {
        long limit = Math.min(MAX_BATCH, liveCodes);
        if (count < 1 || count > limit) {
            throw new IllegalArgumentException("count was " + count + "; must be between 1 and " + limit
                    + " (the batch limit, or the live codes this generator was created for)");
        }
        RandomBits random = bits.get();
        CardCode[] codes = new CardCode[count];
        long[] high = new long[count];
        long[] low = new long[count];
        Draw draw = new Draw(format.bodyLength());
        try {
            for (int i = 0; i < count; i++) {
                codes[i] = draw.next(format, random, high, low, i);
            }
            for (int[] copies = Duplicates.laterCopies(high, low);
                    copies.length > 0;
                    copies = Duplicates.laterCopies(high, low)) {
                for (int i : copies) {
                    codes[i].destroy();
                    codes[i] = draw.next(format, random, high, low, i);
                }
            }
            return List.of(codes);
        } finally {
            draw.wipe();
            Arrays.fill(high, 0);
            Arrays.fill(low, 0);
        }
    }

    /** Describes the generator: format and live codes. */
    @Override
    public String toString() {
        return "CodeGenerator[format=" + format + ", liveCodes=" + liveCodes + "]";
    }

    /**
     * Draws codes through one reusable symbol buffer, and records each code's raw bits ({@code bitsPerSymbol} per data
     * character, shifted into 128 bits: exact for codes of up to 128 bits; beyond, only the last 128 bits are kept, which
     * can only make a batch redraw a code that was not a copy).
     */
    private static final class Draw {
        final byte[] symbols;

        Draw(int length) {
            symbols = new byte[length];
        }

        /** Draws a code; stores its raw bits at {@code index} of {@code high} and {@code low} unless they are null. */
        CardCode next(CodeFormat format, RandomBits random, long[] high, long[] low, int index) {
            int base = format.base();
            int bits = format.bitsPerSymbol();
            int prime = format.prime();
            int dataLength = format.dataLength();
            long hi = 0;
            long lo = 0;
            int remainder = 0;
            for (int j = 0; j < dataLength; j++) {
                int value = random.below(base, bits);
                symbols[j] = format.symbol(value);
                remainder = (remainder * base + value) % prime;
                hi = (hi << bits) ^ (lo >>> (64 - bits));
                lo = (lo << bits) | value;
            }
            if (format.hasCheckCharacter()) {
                symbols[dataLength] = format.checkSymbol(remainder);
            }
            if (high != null) {
                high[index] = hi;
                low[index] = lo;
            }
            return new CardCode(format, symbols);
        }

        void wipe() {
            Arrays.fill(symbols, (byte) 0);
        }
    }
}
