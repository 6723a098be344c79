package io.cardkey.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer for the canonical encodings. Not thread-safe. */
public final class ByteSink {
    private byte[] buf;
    private int size;

    /**
     * Creates a sink.
     *
     * @param capacity the initial capacity in bytes
     */
    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    /** Forgets what was written, keeping the capacity. */
    public void reset() {
        size = 0;
    }

    /**
     * Returns how many bytes were written.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Writes one byte.
     *
     * @param v the low 8 bits are written
     */
    public void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    /**
     * Writes an unsigned 16-bit value, big-endian.
     *
     * @param v 0..65535
     */
    public void u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("value was " + v + "; must fit in 16 unsigned bits");
        }
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    /**
     * Writes a 32-bit value, big-endian.
     *
     * @param v the value
     */
    public void i32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    /**
     * Writes a 64-bit value, big-endian.
     *
     * @param v the value
     */
    public void i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    /**
     * Writes raw bytes without a length.
     *
     * @param b the bytes
     */
    public void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /**
     * Writes an ASCII string exactly as {@link #str} would, without the intermediate byte array: the snapshot writes
     * millions of ids.
     *
     * @param s the string; ASCII only, at most 65535 characters
     * @throws IllegalArgumentException if {@code s} holds a character that is not ASCII; nothing is written then
     */
    public void ascii(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                throw new IllegalArgumentException("character " + i + " of the string is not ASCII");
            }
        }
        u16(n);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /**
     * Writes {@code length} bytes of {@code b} from {@code offset} as a u16 length followed by the bytes: what {@link
     * #str} writes for a string whose UTF-8 encoding they are.
     *
     * @param b the array
     * @param offset where the bytes start
     * @param length 0..65535
     */
    public void lengthPrefixed(byte[] b, int offset, int length) {
        u16(length);
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
    }

    /**
     * Writes a string as a u16 byte length followed by its UTF-8 bytes.
     *
     * @param s the string; at most 65535 UTF-8 bytes
     */
    public void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        raw(b);
    }

    /**
     * Writes bytes as a u32 length followed by the bytes.
     *
     * @param b the bytes
     */
    public void bytes(byte[] b) {
        i32(b.length);
        raw(b);
    }

    /**
     * Returns a copy of what was written.
     *
     * @return the bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
