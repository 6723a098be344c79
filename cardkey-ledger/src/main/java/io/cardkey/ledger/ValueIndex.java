package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.LongList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The metadata index of one key: each value to the records that carry it, in sequence order.
 *
 * <p>Design note: most values (an order id, a card key id) appear in one record or a few, and the ledger keeps every
 * one for its whole life. A {@code HashMap<String, LongList>} costs five objects per value; here the values' UTF-8
 * bytes go into a {@link ByteArena}, the first record of each value into a primitive array, and only a value seen
 * more than once gets a list for the others. Open addressing with linear probing, at most half full.
 *
 * <p>Not thread-safe: written under the ledger's write lock, read under its read lock.
 */
final class ValueIndex {
    /** Entry number + 1 per slot, 0 for an empty slot; the length is a power of two. */
    private int[] slots = new int[16];

    private int[] hashes = new int[8];
    private long[] locations = new long[8];
    private long[] firsts = new long[8];
    /** Per entry: 1 + the index in {@link #more} of the value's later records, or 0 if it has none. */
    private int[] moreIndex = new int[8];

    private final List<LongList> more = new ArrayList<>();
    private final ByteArena arena = new ByteArena();
    private int size;

    /** Returns the number of distinct values. */
    int size() {
        return size;
    }

    private static int hash(byte[] value) {
        int h = Arrays.hashCode(value) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private int find(byte[] value, int h) {
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int e = slots[i] - 1;
            if (e < 0 || (hashes[e] == h && arena.equalsBytes(locations[e], value))) {
                return i;
            }
        }
    }

    /** Adds record {@code sequence}, which is after every record added so far, to those carrying {@code value}. */
    void add(String value, long sequence) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int h = hash(bytes);
        int i = find(bytes, h);
        int e = slots[i] - 1;
        if (e >= 0) {
            if (moreIndex[e] == 0) {
                more.add(new LongList(1));
                moreIndex[e] = more.size();
            }
            more.get(moreIndex[e] - 1).add(sequence);
            return;
        }
        if (size == hashes.length) {
            int grown = size * 2;
            hashes = Arrays.copyOf(hashes, grown);
            locations = Arrays.copyOf(locations, grown);
            firsts = Arrays.copyOf(firsts, grown);
            moreIndex = Arrays.copyOf(moreIndex, grown);
        }
        hashes[size] = h;
        locations[size] = arena.add(bytes);
        firsts[size] = sequence;
        slots[i] = ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
    }

    private void rehash(int capacity) {
        int[] fresh = new int[capacity];
        int mask = capacity - 1;
        for (int e = 0; e < size; e++) {
            int i = hashes[e] & mask;
            while (fresh[i] != 0) {
                i = (i + 1) & mask;
            }
            fresh[i] = e + 1;
        }
        slots = fresh;
    }

    /**
     * Returns the records that carry {@code value}.
     *
     * @return a new list in sequence order, or null if no record carries it
     */
    LongList get(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int e = slots[find(bytes, hash(bytes))] - 1;
        return e < 0 ? null : records(e);
    }

    private LongList records(int e) {
        LongList later = moreIndex[e] == 0 ? null : more.get(moreIndex[e] - 1);
        LongList out = new LongList(1 + (later == null ? 0 : later.size()));
        out.add(firsts[e]);
        for (int k = 0; later != null && k < later.size(); k++) {
            out.add(later.get(k));
        }
        return out;
    }

    /**
     * Writes each value (as {@link ByteSink#str} does) followed by the number of its records and the records, values
     * in the order first seen, straight from the arena.
     */
    void encode(ByteSink sink) {
        for (int e = 0; e < size; e++) {
            arena.writeTo(locations[e], sink);
            LongList later = moreIndex[e] == 0 ? null : more.get(moreIndex[e] - 1);
            sink.i32(1 + (later == null ? 0 : later.size()));
            sink.i64(firsts[e]);
            for (int k = 0; later != null && k < later.size(); k++) {
                sink.i64(later.get(k));
            }
        }
    }

    /** Calls {@code action} with each value and its records, values in the order first seen. */
    void forEach(BiConsumer<String, LongList> action) {
        for (int e = 0; e < size; e++) {
            action.accept(arena.utf8(locations[e]), records(e));
        }
    }
}
