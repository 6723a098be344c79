package io.cardkey.core.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk copies between int or long arrays and little-endian bytes (the byte order of the machines CardKey runs on, so
 * the copies need no byte swapping). Stateless.
 */
final class Bytes {
    private Bytes() {}

    /** Writes all of {@code from} into {@code to}, 4 bytes each. */
    static void putInts(int[] from, byte[] to) {
        putInts(from, 0, from.length, to);
    }

    /** Writes {@code n} ints of {@code from} starting at {@code offset} into the start of {@code to}. */
    static void putInts(int[] from, int offset, int n, byte[] to) {
        ByteBuffer.wrap(to).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(from, offset, n);
    }

    /** Reads {@code to.length} ints from {@code from}. */
    static void getInts(byte[] from, int[] to) {
        ByteBuffer.wrap(from).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(to);
    }

    /** Reads {@code n} ints from the start of {@code from} into {@code to} at {@code offset}. */
    static void getInts(byte[] from, int n, int[] to, int offset) {
        ByteBuffer.wrap(from).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(to, offset, n);
    }

    /** Writes {@code n} longs of {@code from} starting at {@code offset} into the start of {@code to}. */
    static void putLongs(long[] from, int offset, int n, byte[] to) {
        ByteBuffer.wrap(to).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(from, offset, n);
    }

    /** Reads {@code n} longs from the start of {@code from} into {@code to} at {@code offset}. */
    static void getLongs(byte[] from, int n, long[] to, int offset) {
        ByteBuffer.wrap(from).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(to, offset, n);
    }
}
