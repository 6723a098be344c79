package io.cardkey.ledger.internal;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Maps byte strings to values without creating a {@link String} for bytes seen before: an open-addressing table keyed
 * by the bytes. Used when decoding millions of records that name the same few accounts. Holds at most {@code
 * maxEntries}; after that it stops adding. Not thread-safe.
 *
 * @param <T> the values
 */
public final class ByteInterner<T> {
    private final Function<String, T> factory;
    private final int maxEntries;
    private byte[][] keys = new byte[64][];
    private Object[] values = new Object[64];
    private int size;

    /**
     * Creates an interner.
     *
     * @param factory makes the value for a new string; may throw to reject it
     * @param maxEntries the most entries kept
     */
    public ByteInterner(Function<String, T> factory, int maxEntries) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.maxEntries = maxEntries;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = len;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /** Returns the value for the bytes, or null if they were never added. */
    @SuppressWarnings("unchecked")
    T find(byte[] b, int off, int len) {
        int mask = keys.length - 1;
        int i = hash(b, off, len) & mask;
        byte[] k;
        while ((k = keys[i]) != null) {
            if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
                return (T) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Makes the value for a string not seen before and keeps it if there is room. */
    T add(byte[] b, int off, int len, String s) {
        T value = factory.apply(s);
        if (size < maxEntries) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            insert(Arrays.copyOfRange(b, off, off + len), value);
            size++;
        }
        return value;
    }

    private void insert(byte[] key, Object value) {
        int mask = keys.length - 1;
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new Object[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }
}
