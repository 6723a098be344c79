package io.cardkey.crypto.internal;

/**
 * A set of 128-bit values (two {@code long}s), sized once, for finding duplicates in a batch of generated codes.
 *
 * <p>Design note: open addressing with linear probing over two parallel {@code long[]} arrays, load factor at most
 * 1/2, so a million codes take 32 MiB instead of the ~150 MiB of a {@code HashSet} of strings. The value (0, 0) marks
 * an empty slot and is tracked by a flag of its own.
 *
 * <p>Not thread-safe.
 */
public final class LongPairSet {
    private final long[] high;
    private final long[] low;
    private final int mask;
    private boolean containsZero;

    /**
     * Creates a set for at most {@code capacity} values.
     *
     * @param capacity the largest number of values that will be added, 1..2^26
     */
    public LongPairSet(int capacity) {
        if (capacity < 1 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("capacity was " + capacity + "; must be between 1 and 2^26 (67108864)");
        }
        int slots = Integer.highestOneBit(capacity) << 2;
        high = new long[slots];
        low = new long[slots];
        mask = slots - 1;
    }

    /**
     * Adds a value.
     *
     * @param hi the high 64 bits
     * @param lo the low 64 bits
     * @return whether the value was absent (and is now present)
     */
    public boolean add(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            boolean absent = !containsZero;
            containsZero = true;
            return absent;
        }
        int slot = (int) mix(hi, lo) & mask;
        while (true) {
            long h = high[slot];
            long l = low[slot];
            if (h == 0 && l == 0) {
                high[slot] = hi;
                low[slot] = lo;
                return true;
            }
            if (h == hi && l == lo) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long mix(long hi, long lo) {
        long z = hi * 0x9E3779B97F4A7C15L ^ lo;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
