package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteSink;
import java.util.Arrays;

/**
 * The idempotency index: each transaction or hold id to the sequence number of the record that used it.
 *
 * <p>Design note: the ledger keeps one entry per record for its whole life, so the index is built for the garbage
 * collector. A {@code HashMap<String, Long>} costs four objects per id (node, boxed sequence and the id's string and
 * bytes), all of which a young collection copies; here the ids' ASCII bytes go into a {@link ByteArena} and everything
 * else into two primitive arrays (open addressing, linear probing, at most half full), about 40 bytes per id plus the id
 * and no object at all; a look-up touches three cache lines (slot, entry, bytes) where a {@code HashMap} touches five. Entries keep their insertion order. Ids are printable ASCII (checked by {@link Transaction}),
 * one byte per character.
 *
 * <p>Not thread-safe: the ledger writes it under its write lock; readers that hold the read lock (including the
 * threads a verification starts under it) may read it concurrently.
 */
final class IdIndex {
    /**
     * Per slot: the id's hash in the high half and its entry number + 1 in the low half, 0 for an empty slot; the
     * length is a power of two. A probe compares hashes without touching the entries.
     */
    private long[] slots;

    /** Per entry, side by side in one cache line: where the id's bytes are in {@link #arena}, and its sequence number. */
    private long[] entries;

    private final ByteArena arena = new ByteArena();
    private int size;

    /**
     * Creates an index with room for {@code expected} ids before it grows.
     *
     * @param expected at least 0
     */
    IdIndex(int expected) {
        int capacity = 16;
        while (capacity < 2L * expected && capacity < 1 << 30) {
            capacity <<= 1;
        }
        slots = new long[capacity];
        entries = new long[2 * Math.max(16, expected)];
    }

    /** Returns the number of ids. */
    int size() {
        return size;
    }

    private static int hash(String id) {
        int h = id.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Returns the slot holding {@code id}, or the empty slot where it would go. */
    private int find(String id, int h) {
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0 || ((int) (slot >>> 32) == h && arena.equalsAscii(entries[2 * entry(slot)], id))) {
                return i;
            }
        }
    }

    private static int entry(long slot) {
        return (int) slot - 1;
    }

    /**
     * Returns the sequence number of the record that used {@code id}.
     *
     * @return the sequence number, or 0 if the id was never used
     */
    long get(String id) {
        long slot = slots[find(id, hash(id))];
        return slot == 0 ? 0 : entries[2 * entry(slot) + 1];
    }

    /**
     * Records that {@code id} was used by record {@code sequence}.
     *
     * @throws IllegalArgumentException if the id is already there (the ledger checks before it records; a snapshot
     *     that repeats an id is damaged)
     */
    void put(String id, long sequence) {
        int h = hash(id);
        int i = find(id, h);
        if (slots[i] != 0) {
            throw new IllegalArgumentException("id " + id + " is already in the index");
        }
        if (2 * size == entries.length) {
            entries = Arrays.copyOf(entries, 2 * (size + (size >> 1)));
        }
        entries[2 * size] = arena.addAscii(id);
        entries[2 * size + 1] = sequence;
        slots[i] = ((long) h << 32) | ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
    }

    private void rehash(int capacity) {
        long[] fresh = new long[capacity];
        int mask = capacity - 1;
        for (long slot : slots) {
            if (slot != 0) {
                int i = (int) (slot >>> 32) & mask;
                while (fresh[i] != 0) {
                    i = (i + 1) & mask;
                }
                fresh[i] = slot;
            }
        }
        slots = fresh;
    }

    /** Returns the id of entry {@code e}. */
    private String id(int e) {
        return arena.ascii(entries[2 * e]);
    }

    /**
     * Writes each id (as {@link ByteSink#ascii} does) and its sequence number, in the order they were recorded,
     * straight from the arena: a snapshot encodes millions under the writer lock.
     */
    void encode(ByteSink sink) {
        for (int e = 0; e < size; e++) {
            arena.writeTo(entries[2 * e], sink);
            sink.i64(entries[2 * e + 1]);
        }
    }

    /** Returns whether both indexes map the same ids to the same sequence numbers. */
    boolean sameAs(IdIndex o) {
        if (size != o.size) {
            return false;
        }
        for (int e = 0; e < size; e++) {
            if (o.get(id(e)) != entries[2 * e + 1]) {
                return false;
            }
        }
        return true;
    }
}
