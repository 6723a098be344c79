package io.cardkey.core.internal;

import java.nio.ByteBuffer;

/** Bulk copies between int arrays and big-endian bytes. Stateless. */
final class Bytes {
    private Bytes() {}

    /** Writes all of {@code from} into {@code to}, 4 bytes each. */
    static void putInts(int[] from, byte[] to) {
        putInts(from, 0, from.length, to);
    }

    /** Writes {@code n} ints of {@code from} starting at {@code offset} into the start of {@code to}. */
    static void putInts(int[] from, int offset, int n, byte[] to) {
        ByteBuffer.wrap(to).asIntBuffer().put(from, offset, n);
    }

    /** Reads {@code to.length} ints from {@code from}. */
    static void getInts(byte[] from, int[] to) {
        ByteBuffer.wrap(from).asIntBuffer().get(to);
    }

    /** Reads {@code n} ints from the start of {@code from} into {@code to} at {@code offset}. */
    static void getInts(byte[] from, int n, int[] to, int offset) {
        ByteBuffer.wrap(from).asIntBuffer().get(to, offset, n);
    }
}
