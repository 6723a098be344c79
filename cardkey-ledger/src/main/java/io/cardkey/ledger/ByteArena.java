package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Short byte strings (at most 65,535 bytes each) packed into 1 MiB chunks, each addressed by one {@code long}: the
 * ledger's indexes keep millions of ids and metadata values here instead of as millions of objects the garbage
 * collector must trace and copy. Append-only. Not thread-safe: written under the ledger's write lock, read under its
 * read lock.
 */
final class ByteArena {
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int LENGTH_BITS = 16;

    private final List<byte[]> chunks = new ArrayList<>();
    private int used = CHUNK_SIZE;

    /**
     * Stores {@code bytes}.
     *
     * @return where they are, for the other methods
     */
    long add(byte[] bytes) {
        int n = bytes.length;
        byte[] chunk = room(n);
        System.arraycopy(bytes, 0, chunk, used, n);
        return advance(n);
    }

    /**
     * Stores the characters of an ASCII string, one byte each, without an intermediate array.
     *
     * @return where they are
     */
    long addAscii(String s) {
        int n = s.length();
        byte[] chunk = room(n);
        for (int k = 0; k < n; k++) {
            chunk[used + k] = (byte) s.charAt(k);
        }
        return advance(n);
    }

    private byte[] room(int n) {
        if (n >= 1 << LENGTH_BITS) {
            throw new IllegalArgumentException("byte string of " + n + " bytes; must be less than 65536");
        }
        // An empty arena has no chunk yet, even for an empty string.
        if (chunks.isEmpty() || used + n > CHUNK_SIZE) {
            chunks.add(new byte[CHUNK_SIZE]);
            used = 0;
        }
        return chunks.get(chunks.size() - 1);
    }

    private long advance(int n) {
        long at = ((long) (chunks.size() - 1) << (CHUNK_BITS + LENGTH_BITS)) | ((long) used << LENGTH_BITS) | n;
        used += n;
        return at;
    }

    private byte[] chunk(long at) {
        return chunks.get((int) (at >>> (CHUNK_BITS + LENGTH_BITS)));
    }

    private static int offset(long at) {
        return (int) ((at >>> LENGTH_BITS) & (CHUNK_SIZE - 1));
    }

    private static int length(long at) {
        return (int) (at & ((1 << LENGTH_BITS) - 1));
    }

    /** Returns whether the bytes at {@code at} are the characters of the ASCII string {@code s}. */
    boolean equalsAscii(long at, String s) {
        int n = length(at);
        if (n != s.length()) {
            return false;
        }
        byte[] chunk = chunk(at);
        int offset = offset(at);
        for (int k = 0; k < n; k++) {
            if (chunk[offset + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether the bytes at {@code at} are {@code bytes}. */
    boolean equalsBytes(long at, byte[] bytes) {
        int offset = offset(at);
        return length(at) == bytes.length
                && Arrays.equals(chunk(at), offset, offset + bytes.length, bytes, 0, bytes.length);
    }

    /** Writes the bytes at {@code at} to {@code sink} as {@link ByteSink#str} would write their string. */
    void writeTo(long at, ByteSink sink) {
        sink.lengthPrefixed(chunk(at), offset(at), length(at));
    }

    /** Returns the bytes at {@code at} as an ASCII string. */
    String ascii(long at) {
        return new String(chunk(at), offset(at), length(at), StandardCharsets.US_ASCII);
    }

    /** Returns the bytes at {@code at} as a UTF-8 string. */
    String utf8(long at) {
        return new String(chunk(at), offset(at), length(at), StandardCharsets.UTF_8);
    }
}
