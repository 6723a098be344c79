package io.cardkey.crypto.internal;

import java.util.Arrays;

/**
 * Finds repeated 128-bit keys (the raw bits of generated codes) in a batch.
 *
 * <p>Design note: a hash set of a million keys is 32 MiB of random memory accesses, one cache miss per code. Sorting
 * a copy of the low halves instead is sequential and several times faster, and repeats are rare by construction: a
 * generator refuses formats where a batch's codes would not be sparse (at most one in 2<sup>40</sup> of the code
 * space is live), so the low halves that do repeat are compared in full on a slow path that almost never runs.
 */
public final class Duplicates {
    private Duplicates() {}

    /**
     * Returns, in ascending order, the index of every key that equals a key at a smaller index.
     *
     * @param high the high halves of the keys
     * @param low the low halves of the keys, as many as {@code high}
     * @return the indices of the later copies; empty if all keys are distinct
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static int[] laterCopies(long[] high, long[] low) {
        if (high.length != low.length) {
            throw new IllegalArgumentException(
                    "high has " + high.length + " keys and low " + low.length + "; must be as many");
        }
        long[] sorted = low.clone();
        try {
            Arrays.sort(sorted);
            int repeated = 0;
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1] && (repeated == 0 || sorted[repeated - 1] != sorted[i])) {
                    sorted[repeated++] = sorted[i]; // compacted in place: the repeated values stay sorted
                }
            }
            if (repeated == 0) {
                return new int[0];
            }
            int[] candidates = new int[low.length];
            int count = 0;
            for (int i = 0; i < low.length; i++) {
                if (Arrays.binarySearch(sorted, 0, repeated, low[i]) >= 0) {
                    candidates[count++] = i;
                }
            }
            int[] later = new int[count];
            int found = 0;
            for (int c = 1; c < count; c++) {
                int index = candidates[c];
                for (int e = 0; e < c; e++) {
                    int earlier = candidates[e];
                    if (low[earlier] == low[index] && high[earlier] == high[index]) {
                        later[found++] = index;
                        break;
                    }
                }
            }
            return Arrays.copyOf(later, found);
        } finally {
            Arrays.fill(sorted, 0);
        }
    }
}
