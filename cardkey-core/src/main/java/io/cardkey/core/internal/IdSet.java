package io.cardkey.core.internal;

import java.util.Arrays;

/**
 * A set of positive ids as a bit set in pages of 65,536 bits, allocated when first used and dropped when empty, so a
 * set costs memory in proportion to the id ranges it touches. It remembers a lower bound of its smallest member, so
 * taking codes from the front over and over (allocation) does not rescan the ids taken before.
 *
 * <p>Not thread-safe.
 */
final class IdSet {
    private static final int PAGE_BITS = CodeTable.PAGE_BITS;
    private static final int WORDS = CodeTable.PAGE / 64;

    private long[][] pages = new long[1][];
    private int[] counts = new int[1];
    private long size;
    /** No member is below this id. */
    private long low = Long.MAX_VALUE;

    long size() {
        return size;
    }

    void add(long id) {
        int pi = (int) (id >>> PAGE_BITS);
        if (pi >= pages.length) {
            int n = Math.max(pages.length * 2, pi + 1);
            pages = Arrays.copyOf(pages, n);
            counts = Arrays.copyOf(counts, n);
        }
        long[] page = pages[pi];
        if (page == null) {
            page = new long[WORDS];
            pages[pi] = page;
        }
        int bit = (int) (id & (CodeTable.PAGE - 1));
        long mask = 1L << bit;
        if ((page[bit >>> 6] & mask) == 0) {
            page[bit >>> 6] |= mask;
            counts[pi]++;
            size++;
            if (id < low) {
                low = id;
            }
        }
    }

    void remove(long id) {
        int pi = (int) (id >>> PAGE_BITS);
        if (pi >= pages.length || pages[pi] == null) {
            return;
        }
        long[] page = pages[pi];
        int bit = (int) (id & (CodeTable.PAGE - 1));
        long mask = 1L << bit;
        if ((page[bit >>> 6] & mask) != 0) {
            page[bit >>> 6] &= ~mask;
            size--;
            if (--counts[pi] == 0) {
                pages[pi] = null;
            }
        }
    }

    /** Returns the smallest member, or -1. */
    long first() {
        if (size == 0) {
            low = Long.MAX_VALUE;
            return -1;
        }
        long found = next(low);
        low = found;
        return found;
    }

    /** Returns the smallest member at or above {@code from}, or -1. */
    long next(long from) {
        long start = Math.max(from, 0);
        for (int pi = (int) (start >>> PAGE_BITS); pi < pages.length; pi++) {
            long[] page = pages[pi];
            if (page == null) {
                continue;
            }
            int bit = (long) pi << PAGE_BITS >= start ? 0 : (int) (start & (CodeTable.PAGE - 1));
            for (int w = bit >>> 6; w < WORDS; w++) {
                long word = page[w];
                if (w == bit >>> 6) {
                    word &= -1L << (bit & 63);
                }
                if (word != 0) {
                    return ((long) pi << PAGE_BITS) | ((long) w << 6) | Long.numberOfTrailingZeros(word);
                }
            }
        }
        return -1;
    }
}
