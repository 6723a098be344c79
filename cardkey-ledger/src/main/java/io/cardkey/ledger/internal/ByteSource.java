package io.cardkey.ledger.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A big-endian reader over a byte array for the canonical encodings. Every read checks bounds and throws {@link
 * MalformedException} instead of running past the end. Not thread-safe.
 */
public final class ByteSource {
    private final byte[] buf;
    private final int limit;
    private int pos;

    /**
     * Reads {@code buf} from the start.
     *
     * @param buf the bytes; not copied
     */
    public ByteSource(byte[] buf) {
        this(buf, buf.length);
    }

    /**
     * Reads the first {@code limit} bytes of {@code buf}; the bytes after them are out of reach.
     *
     * @param buf the bytes; not copied
     * @param limit how many bytes may be read, 0 to {@code buf.length}
     */
    public ByteSource(byte[] buf, int limit) {
        if (limit < 0 || limit > buf.length) {
            throw new IllegalArgumentException("limit was " + limit + "; must be between 0 and " + buf.length);
        }
        this.buf = buf;
        this.limit = limit;
    }

    /** Thrown when the bytes are not a valid encoding. */
    public static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what is wrong
         */
        public MalformedException(String message) {
            super(message);
        }
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) {
            throw new MalformedException(
                    "truncated at byte " + pos + ": needs " + n + " more bytes, has " + (limit - pos));
        }
    }

    /**
     * Returns the position of the next byte.
     *
     * @return the offset
     */
    public int position() {
        return pos;
    }

    /**
     * Returns how many bytes remain.
     *
     * @return the count
     */
    public int remaining() {
        return limit - pos;
    }

    /**
     * Reads an unsigned byte.
     *
     * @return 0..255
     */
    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    /**
     * Reads an unsigned 16-bit value.
     *
     * @return 0..65535
     */
    public int u16() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /**
     * Reads a 32-bit value.
     *
     * @return the value
     */
    public int i32() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24)
                | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /**
     * Reads a 64-bit value.
     *
     * @return the value
     */
    public long i64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /**
     * Reads {@code n} raw bytes.
     *
     * @param n the count
     * @return a copy
     */
    public byte[] raw(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /**
     * Reads a u16-length-prefixed string of printable ASCII ({@code !..~}).
     *
     * @return the string
     */
    public String ascii() {
        int n = u16();
        checkAscii(n);
        String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    private void checkAscii(int n) {
        need(n);
        for (int i = pos; i < pos + n; i++) {
            if (buf[i] < '!' || buf[i] > '~') {
                throw new MalformedException("byte " + i + " is not printable ASCII");
            }
        }
    }

    /**
     * Reads a u16-length-prefixed string of printable ASCII and maps it through {@code interner}, which returns the
     * same object for the same bytes without creating a string each time.
     *
     * @param interner the interner
     * @param <T> what the string maps to
     * @return the interned value
     */
    public <T> T ascii(ByteInterner<T> interner) {
        int n = u16();
        need(n);
        T value = interner.find(buf, pos, n);
        if (value == null) {
            checkAscii(n);
            value = interner.add(buf, pos, n, new String(buf, pos, n, StandardCharsets.ISO_8859_1));
        }
        pos += n;
        return value;
    }

    /**
     * Reads a u16-length-prefixed UTF-8 string, rejecting malformed UTF-8.
     *
     * @return the string
     */
    public String utf8() {
        int n = u16();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        // The fast constructor replaces malformed input with U+FFFD; only then pay for a strict decode.
        if (s.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, pos, n));
            } catch (CharacterCodingException e) {
                throw new MalformedException("malformed UTF-8 at byte " + pos);
            }
        }
        pos += n;
        return s;
    }

    /**
     * Skips a u16-length-prefixed string of printable ASCII, checking it exactly as {@link #ascii()} does, without
     * creating a string.
     *
     * @return the offset of its first byte; it ends at {@link #position()}
     */
    public int skipAscii() {
        int n = u16();
        checkAscii(n);
        int at = pos;
        pos += n;
        return at;
    }

    /**
     * Compares the bytes {@code [aFrom, aTo)} with {@code [bFrom, bTo)} of this source as unsigned bytes, shorter
     * prefix first: for printable ASCII this is {@link String#compareTo} order.
     *
     * @param aFrom start of the first range
     * @param aTo end of the first range
     * @param bFrom start of the second range
     * @param bTo end of the second range
     * @return negative, zero or positive
     */
    public int compare(int aFrom, int aTo, int bFrom, int bTo) {
        return Arrays.compareUnsigned(buf, aFrom, aTo, buf, bFrom, bTo);
    }

    /**
     * Returns the bytes {@code [from, to)} of this source as a Latin-1 string, for messages.
     *
     * @param from the first offset
     * @param to the end offset
     * @return the string
     */
    public String latin1(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Skips a u16-length-prefixed UTF-8 string, rejecting malformed UTF-8 exactly as {@link #utf8()} does; plain ASCII
     * (the common case) is checked without creating a string.
     */
    public void skipUtf8() {
        int start = pos;
        int n = u16();
        need(n);
        for (int i = pos; i < pos + n; i++) {
            if (buf[i] < 0) {
                pos = start;
                utf8();
                return;
            }
        }
        pos += n;
    }

    /**
     * Reads a u32-length-prefixed byte string of at most {@code max} bytes.
     *
     * @param max the largest length accepted
     * @return a copy of the bytes
     */
    public byte[] bytes(int max) {
        int n = i32();
        if (n < 0 || n > max) {
            throw new MalformedException("length " + n + " at byte " + (pos - 4) + " is outside 0.." + max);
        }
        return raw(n);
    }

    /**
     * Skips {@code n} bytes.
     *
     * @param n how many
     */
    public void skip(int n) {
        need(n);
        pos += n;
    }
}
