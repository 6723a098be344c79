package io.cardkey.ledger.internal;

import java.util.Arrays;

/** A growable list of primitive longs, kept sorted by the caller when used as an index. Not thread-safe. */
public final class LongList {
    private long[] values;
    private int size;

    /** Creates an empty list. */
    public LongList() {
        this(4);
    }

    /**
     * Creates an empty list with room for {@code capacity} values before it grows.
     *
     * @param capacity at least 1
     */
    public LongList(int capacity) {
        values = new long[Math.max(1, capacity)];
    }

    /**
     * Appends a value.
     *
     * @param v the value
     */
    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    /**
     * Returns the value at {@code i}.
     *
     * @param i 0..size-1
     * @return the value
     */
    public long get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size);
        }
        return values[i];
    }

    /**
     * Returns the number of values.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Returns how many values are at most {@code bound}, assuming the list is sorted ascending.
     *
     * @param bound the bound
     * @return the count
     */
    public int countAtMost(long bound) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Returns a copy of the values.
     *
     * @return the values
     */
    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /**
     * Removes the first occurrence of {@code v}, keeping the order of the others.
     *
     * @param v the value
     * @return whether it was there
     */
    public boolean remove(long v) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                System.arraycopy(values, i + 1, values, i, size - i - 1);
                size--;
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the values of two ascending lists in one ascending list.
     *
     * @param a an ascending list
     * @param b an ascending list
     * @return a new list
     */
    public static LongList mergeSorted(LongList a, LongList b) {
        LongList out = new LongList(a.size + b.size);
        int i = 0;
        int j = 0;
        while (i < a.size || j < b.size) {
            if (j == b.size || (i < a.size && a.values[i] <= b.values[j])) {
                out.add(a.values[i++]);
            } else {
                out.add(b.values[j++]);
            }
        }
        return out;
    }
}
