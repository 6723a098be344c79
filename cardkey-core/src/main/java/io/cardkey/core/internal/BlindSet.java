package io.cardkey.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of byte strings (blind indexes) packed into 256 KB pages (below half a G1 region, so never humongous) with an open-addressing table of positions, so the
 * duplicate check of a million-line import costs tens of megabytes instead of an object per line.
 *
 * <p>Not thread-safe.
 */
final class BlindSet {
    private static final int SHIFT = 18;
    private static final int PAGE = 1 << SHIFT;

    private final List<byte[]> pages = new ArrayList<>();
    private int used = PAGE;
    /** Per slot: the member's 32-bit hash in the high half, its position + 1 (page << SHIFT | offset) in the low. */
    private long[] table = new long[1 << 12];

    private int size;

    /** Adds a value; returns false if it was present. */
    boolean add(byte[] value) {
        if (value.length > 255) {
            throw new IllegalArgumentException("value had " + value.length + " bytes; at most 255");
        }
        int mask = table.length - 1;
        int h = CodeTable.hash(value, 0, value.length);
        int i = h & mask;
        for (long slot; (slot = table[i]) != 0; i = (i + 1) & mask) {
            if ((int) (slot >>> 32) == h && equalsAt((slot & 0xFFFFFFFFL) - 1, value)) {
                return false;
            }
        }
        if (used + 1 + value.length > PAGE) {
            if (pages.size() == 1 << (31 - SHIFT)) {
                throw new IllegalStateException("more than 2 GB of blind indexes in one set");
            }
            pages.add(new byte[PAGE]);
            used = 0;
        }
        byte[] page = pages.get(pages.size() - 1);
        long position = ((long) (pages.size() - 1) << SHIFT) | used;
        page[used] = (byte) value.length;
        System.arraycopy(value, 0, page, used + 1, value.length);
        used += 1 + value.length;
        table[i] = ((long) h << 32) | (position + 1);
        if (++size * 2 > table.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    private boolean equalsAt(long position, byte[] value) {
        byte[] page = pages.get((int) (position >>> SHIFT));
        int off = (int) (position & (PAGE - 1));
        int length = page[off] & 0xFF;
        return length == value.length && Arrays.equals(page, off + 1, off + 1 + length, value, 0, length);
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long slot : old) {
            if (slot != 0) {
                int i = (int) (slot >>> 32) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = slot;
            }
        }
    }
}
