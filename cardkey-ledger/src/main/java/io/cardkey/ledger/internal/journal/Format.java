package io.cardkey.ledger.internal.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of segments and snapshots (all integers big-endian).
 *
 * <pre>
 * segment file  journal-&lt;first sequence, 20 digits&gt;.seg
 *   header (32 bytes): magic "CKJOURNL" | version u32 | header size u32 (32) | first sequence u64
 *                      | crc32c(bytes 0..24) u32 | zero u32
 *   batch*          : batch header (28 bytes) then body
 *     batch header  : magic "KBAT" | body length u32 | first sequence u64 | record count u32
 *                      | crc32c(body) u32 | crc32c(header bytes 0..24) u32
 *     body          : per record: length u32 | bytes
 * snapshot file snapshot.dat
 *   magic "CKSNAPSH" | version u32 | zero u32 | sequence u64 | state length u32 | state | crc32c(all before) u32
 * redaction intent redact.pending (only while a record is rewritten in place)
 *   magic "CKREDACT" | version u32 | run count u32 | segment first sequence u64
 *   | per run: file offset u64 | length u32 | bytes | crc32c(all before) u32
 * </pre>
 *
 * A batch is the unit of atomicity: its header commits to its length and its body's checksum, so a batch that a crash
 * tore is recognised and dropped whole.
 */
final class Format {
    static final int VERSION = 1;
    static final byte[] SEGMENT_MAGIC = "CKJOURNL".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAPSHOT_MAGIC = "CKSNAPSH".getBytes(StandardCharsets.US_ASCII);
    static final int SEGMENT_HEADER_SIZE = 32;
    static final int BATCH_MAGIC = 0x4B424154; // "KBAT"
    static final int BATCH_HEADER_SIZE = 28;
    static final int RECORD_OVERHEAD = 4;
    static final int SNAPSHOT_HEADER_SIZE = 28;
    /** Crash tears are modelled (and detected) at this granularity: a whole sector is written or it is not. */
    static final int SECTOR = 512;

    static final String SEGMENT_PREFIX = "journal-";
    static final String SEGMENT_SUFFIX = ".seg";
    static final String SNAPSHOT_NAME = "snapshot.dat";
    static final String SNAPSHOT_TEMP_NAME = "snapshot.dat.tmp";
    static final String LOCK_NAME = "LOCK";
    static final String REDACT_INTENT_NAME = "redact.pending";
    static final byte[] REDACT_MAGIC = "CKREDACT".getBytes(StandardCharsets.US_ASCII);
    static final int REDACT_VERSION = 1;

    private Format() {}

    static String segmentName(long firstSequence) {
        return SEGMENT_PREFIX + String.format(java.util.Locale.ROOT, "%020d", firstSequence) + SEGMENT_SUFFIX;
    }

    /** Returns the first sequence encoded in a segment file name, or -1 if the name is not a segment's. */
    static long parseSegmentName(String name) {
        if (!name.startsWith(SEGMENT_PREFIX) || !name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        String digits = name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length());
        if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static ByteBuffer segmentHeader(long firstSequence) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
        b.put(SEGMENT_MAGIC).putInt(VERSION).putInt(SEGMENT_HEADER_SIZE).putLong(firstSequence);
        b.putInt(crc(b.array(), 0, 24)).putInt(0);
        return b.flip();
    }

    static int encodedSize(List<byte[]> records) {
        long size = BATCH_HEADER_SIZE;
        for (byte[] r : records) {
            size += RECORD_OVERHEAD + (long) r.length;
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException(
                    "records encode to " + size + " bytes; a batch must encode to less than 2 GiB");
        }
        return (int) size;
    }

    /** Encodes one batch at the buffer's position; the buffer must have room for {@code encodedSize} bytes. */
    static void encodeBatch(ByteBuffer out, long firstSequence, List<byte[]> records, int encodedSize) {
        int start = out.position();
        int bodyStart = start + BATCH_HEADER_SIZE;
        out.position(bodyStart);
        for (byte[] r : records) {
            out.putInt(r.length).put(r);
        }
        int end = out.position();
        CRC32C crc = new CRC32C();
        ByteBuffer body = out.duplicate();
        body.position(bodyStart).limit(end);
        crc.update(body);
        int bodyCrc = (int) crc.getValue();
        out.putInt(start, BATCH_MAGIC);
        out.putInt(start + 4, encodedSize - BATCH_HEADER_SIZE);
        out.putLong(start + 8, firstSequence);
        out.putInt(start + 16, records.size());
        out.putInt(start + 20, bodyCrc);
        crc.reset();
        ByteBuffer header = out.duplicate();
        header.position(start).limit(start + 24);
        crc.update(header);
        out.putInt(start + 24, (int) crc.getValue());
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buffer.duplicate();
        view.limit(offset + length).position(offset);
        crc.update(view);
        return (int) crc.getValue();
    }

    static boolean startsWith(ByteBuffer buffer, int offset, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (buffer.get(offset + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
