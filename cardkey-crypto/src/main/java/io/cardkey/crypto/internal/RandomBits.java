package io.cardkey.crypto.internal;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Uniform random symbols from a {@link SecureRandom}, drawn in blocks.
 *
 * <p>Design note: one {@code nextBytes} call on the JDK's DRBG costs about as much as producing a few hundred bytes
 * (locking, a hash of the state), so bytes are drawn {@value #BLOCK} at a time and consumed as a bit stream. A symbol
 * of an alphabet of size {@code b} takes {@code k = ceil(log2 b)} bits; values {@code >= b} are rejected and drawn
 * again, so every symbol is exactly uniform (no modulo bias). For 32 symbols nothing is ever rejected.
 *
 * <p>Not thread-safe: each thread uses its own instance (see {@link #systemDrbgPerThread()}).
 */
public final class RandomBits {
    /** Bytes drawn from the underlying generator per call. */
    private static final int BLOCK = 512;

    private static final ThreadLocal<RandomBits> SYSTEM =
            ThreadLocal.withInitial(() -> new RandomBits(Drbg.newInstance()));

    private final SecureRandom random;
    private final byte[] block = new byte[BLOCK];
    private int position = BLOCK;
    private int accumulator;
    private int available;

    /**
     * Creates a bit stream over {@code random}.
     *
     * @param random the source; used by this instance only through {@code nextBytes}
     */
    public RandomBits(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Returns the calling thread's bit stream over its own DRBG (NIST SP 800-90A, the JDK's {@code DRBG}
     * mechanism at 256-bit strength), instantiated on first use with entropy from the operating system.
     *
     * @return the calling thread's instance
     */
    public static RandomBits systemDrbgPerThread() {
        return SYSTEM.get();
    }

    /**
     * Returns a uniformly distributed value in {@code [0, bound)}.
     *
     * @param bound the number of possible values, 2..256
     * @param bits {@code ceil(log2(bound))}, 1..8
     * @return the value
     */
    public int below(int bound, int bits) {
        int mask = (1 << bits) - 1;
        while (true) {
            if (available < bits) {
                if (position == BLOCK) {
                    random.nextBytes(block);
                    position = 0;
                }
                accumulator = (accumulator << 8) | (block[position] & 0xFF);
                block[position++] = 0;
                available += 8;
            }
            available -= bits;
            int value = (accumulator >>> available) & mask;
            if (value < bound) {
                return value;
            }
        }
    }
}
