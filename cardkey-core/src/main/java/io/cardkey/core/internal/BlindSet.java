package io.cardkey.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of byte strings (blind indexes) packed into 1 MB pages with an open-addressing table of positions, so the
 * duplicate check of a million-line import costs tens of megabytes instead of an object per line.
 *
 * <p>Not thread-safe.
 */
final class BlindSet {
    private static final int PAGE = 1 << 20;

    private final List<byte[]> pages = new ArrayList<>();
    private int used = PAGE;
    /** Position + 1 of each member (page << 20 | offset), 0 for an empty slot. */
    private long[] table = new long[1 << 12];

    private int size;

    /** Adds a value; returns false if it was present. */
    boolean add(byte[] value) {
        if (value.length > 255) {
            throw new IllegalArgumentException("value had " + value.length + " bytes; at most 255");
        }
        int mask = table.length - 1;
        int i = (int) hash(value, 0, value.length) & mask;
        for (long slot; (slot = table[i]) != 0; i = (i + 1) & mask) {
            if (equalsAt(slot - 1, value)) {
                return false;
            }
        }
        if (used + 1 + value.length > PAGE) {
            pages.add(new byte[PAGE]);
            used = 0;
        }
        byte[] page = pages.get(pages.size() - 1);
        long position = ((long) (pages.size() - 1) << 20) | used;
        page[used] = (byte) value.length;
        System.arraycopy(value, 0, page, used + 1, value.length);
        used += 1 + value.length;
        table[i] = position + 1;
        if (++size * 2 > table.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    private boolean equalsAt(long position, byte[] value) {
        byte[] page = pages.get((int) (position >>> 20));
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
                byte[] page = pages.get((int) ((slot - 1) >>> 20));
                int off = (int) ((slot - 1) & (PAGE - 1));
                int i = (int) hash(page, off + 1, page[off] & 0xFF) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = slot;
            }
        }
    }

    private static long hash(byte[] bytes, int from, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < from + length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
