package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteSink;
import java.util.Arrays;

/**
 * The idempotency index: each transaction or hold id to the sequence number of the record that used it.
 *
 * <p>Design note: the ledger keeps one entry per record for its whole life, so the index is built for the garbage
 * collector. A {@code HashMap<String, Long>} costs four objects per id (node, boxed sequence and the id's string and
 * bytes), all of which a young collection copies; here the ids' ASCII bytes go into a {@link ByteArena} and everything
 * else into a few primitive arrays (open addressing, linear probing, at most half full), about 40 bytes per id plus the id
 * and no object at all. Entries keep their insertion order. Ids are printable ASCII (checked by {@link Transaction}),
 * one byte per character.
 *
 * <p>Not thread-safe: the ledger writes it under its write lock; readers that hold the read lock (including the
 * threads a verification starts under it) may read it concurrently.
 */
final class IdIndex {
    /** Entry number + 1 per slot, 0 for an empty slot; the length is a power of two. */
    private int[] slots;

    private int[] hashes;
    private long[] sequences;
    /** Per entry: where the id's bytes are in {@link #arena}. */
    private long[] locations;

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
        slots = new int[capacity];
        int entries = Math.max(16, expected);
        hashes = new int[entries];
        sequences = new long[entries];
        locations = new long[entries];
    }

    /** Returns the number of ids. */
    int size() {
        return size;
    }

    private static int hash(String id) {
        int h = id.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Returns the sequence number of the record that used {@code id}.
     *
     * @return the sequence number, or 0 if the id was never used
     */
    long get(String id) {
        int h = hash(id);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int e = slots[i] - 1;
            if (e < 0) {
                return 0;
            }
            if (hashes[e] == h && matches(e, id)) {
                return sequences[e];
            }
        }
    }

    /**
     * Records that {@code id} was used by record {@code sequence}.
     *
     * @throws IllegalArgumentException if the id is already there (the ledger checks before it records; a snapshot
     *     that repeats an id is damaged)
     */
    void put(String id, long sequence) {
        int h = hash(id);
        int mask = slots.length - 1;
        int i = h & mask;
        for (; slots[i] != 0; i = (i + 1) & mask) {
            int e = slots[i] - 1;
            if (hashes[e] == h && matches(e, id)) {
                throw new IllegalArgumentException("id " + id + " is already in the index");
            }
        }
        if (size == hashes.length) {
            int grown = size + (size >> 1);
            hashes = Arrays.copyOf(hashes, grown);
            sequences = Arrays.copyOf(sequences, grown);
            locations = Arrays.copyOf(locations, grown);
        }
        hashes[size] = h;
        sequences[size] = sequence;
        locations[size] = arena.addAscii(id);
        slots[i] = ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
    }

    private boolean matches(int e, String id) {
        return arena.equalsAscii(locations[e], id);
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

    /** Returns the id of entry {@code e}. */
    private String id(int e) {
        return arena.ascii(locations[e]);
    }

    /**
     * Writes each id (as {@link ByteSink#ascii} does) and its sequence number, in the order they were recorded,
     * straight from the arena: a snapshot encodes millions under the writer lock.
     */
    void encode(ByteSink sink) {
        for (int e = 0; e < size; e++) {
            arena.writeTo(locations[e], sink);
            sink.i64(sequences[e]);
        }
    }

    /** Returns whether both indexes map the same ids to the same sequence numbers. */
    boolean sameAs(IdIndex o) {
        if (size != o.size) {
            return false;
        }
        for (int e = 0; e < size; e++) {
            if (o.get(id(e)) != sequences[e]) {
                return false;
            }
        }
        return true;
    }
}
