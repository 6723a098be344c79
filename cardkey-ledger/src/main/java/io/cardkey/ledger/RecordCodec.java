package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteInterner;
import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.ByteSource;
import io.cardkey.ledger.internal.ByteSource.MalformedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes and decodes records in the canonical binary format of CANONICAL-ENCODING.md (version 1): big-endian
 * integers, u16-length-prefixed UTF-8 strings, metadata sorted by key. Decoding is strict: anything that a valid
 * encoder could not have written is rejected, so that one record has exactly one encoding.
 */
final class RecordCodec {
    static final int VERSION = 1;
    static final int HASH_LENGTH = 32;
    static final byte[] ZERO_HASH = new byte[HASH_LENGTH];
    /** Version, kind, sequence, previous hash, seconds, nanoseconds. */
    static final int HEADER_LENGTH = 1 + 1 + 8 + HASH_LENGTH + 8 + 4;

    private RecordCodec() {}

    private static void header(ByteSink s, RecordKind kind, long seq, byte[] prev, long sec, int nanos) {
        s.reset();
        s.u8(VERSION);
        s.u8(kind.code());
        s.i64(seq);
        s.raw(prev);
        s.i64(sec);
        s.i32(nanos);
    }

    static byte[] accountOpened(ByteSink s, long seq, byte[] prev, long sec, int nanos, Account a) {
        header(s, RecordKind.ACCOUNT_OPENED, seq, prev, sec, nanos);
        s.str(a.id().value());
        s.raw(a.currency().getCurrencyCode().getBytes(StandardCharsets.US_ASCII));
        s.u8(a.constraint().code());
        return s.toByteArray();
    }

    static byte[] transaction(ByteSink s, long seq, byte[] prev, long sec, int nanos, Transaction tx) {
        header(s, RecordKind.TRANSACTION, seq, prev, sec, nanos);
        writeTransaction(s, tx);
        return s.toByteArray();
    }

    /**
     * Encodes what follows the header of a {@link RecordKind#TRANSACTION} record: it depends on the transaction only,
     * so appending threads encode it before they take the writer lock, and {@link #transaction(long, byte[], long, int,
     * byte[])} adds the header under it.
     */
    static byte[] transactionBody(ByteSink s, Transaction tx) {
        s.reset();
        writeTransaction(s, tx);
        return s.toByteArray();
    }

    /**
     * Returns the same bytes as {@link #transaction(ByteSink, long, byte[], long, int, Transaction)} from a body that
     * {@link #transactionBody} encoded.
     */
    static byte[] transaction(long seq, byte[] prev, long sec, int nanos, byte[] body) {
        byte[] r = new byte[HEADER_LENGTH + body.length];
        r[0] = (byte) VERSION;
        r[1] = (byte) RecordKind.TRANSACTION.code();
        putLong(r, 2, seq);
        System.arraycopy(prev, 0, r, 10, HASH_LENGTH);
        putLong(r, 10 + HASH_LENGTH, sec);
        int at = 18 + HASH_LENGTH;
        r[at] = (byte) (nanos >>> 24);
        r[at + 1] = (byte) (nanos >>> 16);
        r[at + 2] = (byte) (nanos >>> 8);
        r[at + 3] = (byte) nanos;
        System.arraycopy(body, 0, r, HEADER_LENGTH, body.length);
        return r;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static byte[] holdPlaced(ByteSink s, long seq, byte[] prev, long sec, int nanos, Transaction tx, Duration timeout) {
        header(s, RecordKind.HOLD_PLACED, seq, prev, sec, nanos);
        writeTransaction(s, tx);
        writeDuration(s, timeout);
        return s.toByteArray();
    }

    static byte[] holdResolved(
            ByteSink s, RecordKind kind, long seq, byte[] prev, long sec, int nanos, String holdId, long amount) {
        header(s, kind, seq, prev, sec, nanos);
        s.str(holdId);
        if (kind == RecordKind.HOLD_POSTED) {
            s.i64(amount);
        }
        return s.toByteArray();
    }

    static byte[] rejected(
            ByteSink s, long seq, byte[] prev, long sec, int nanos, Transaction tx, Duration holdTimeout, Rejection r) {
        header(s, RecordKind.REJECTED, seq, prev, sec, nanos);
        s.u8(holdTimeout == null ? RecordKind.TRANSACTION.code() : RecordKind.HOLD_PLACED.code());
        writeTransaction(s, tx);
        if (holdTimeout != null) {
            writeDuration(s, holdTimeout);
        }
        s.u8(r.reason);
        s.str(r.account.value());
        switch (r.reason) {
            case Rejection.CONSTRAINT:
                s.u8(r.constraint.code());
                s.i64(r.shortfall);
                break;
            case Rejection.CURRENCY_MISMATCH:
                s.raw(r.currency.getCurrencyCode().getBytes(StandardCharsets.US_ASCII));
                s.str(r.otherAccount.value());
                s.raw(r.otherCurrency.getCurrencyCode().getBytes(StandardCharsets.US_ASCII));
                break;
            default:
                break;
        }
        return s.toByteArray();
    }

    private static void writeDuration(ByteSink s, Duration d) {
        s.i64(d.getSeconds());
        s.i32(d.getNano());
    }

    private static void writeTransaction(ByteSink s, Transaction tx) {
        s.str(tx.id());
        s.str(tx.type());
        List<Posting> postings = tx.postings();
        s.u16(postings.size());
        for (int i = 0; i < postings.size(); i++) {
            Posting p = postings.get(i);
            s.str(p.debit().value());
            s.str(p.credit().value());
            s.i64(p.amount());
        }
        s.u16(tx.metadata().size());
        // Keys are printable ASCII, so String order is UTF-8 byte order.
        for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
            s.str(e.getKey());
            s.str(e.getValue());
        }
        byte[] payload = tx.payloadOrNull();
        if (payload == null) {
            s.u8(0);
        } else {
            s.u8(1);
            s.bytes(payload);
        }
    }

    /**
     * Decodes and hashes one stored record.
     *
     * @param storeSequence the sequence number the store filed it under, for messages
     * @param bytes the canonical bytes; kept, not copied
     * @param decoder the digest and caches to reuse
     * @throws UnsupportedRecordVersionException if the version byte is newer than {@link #VERSION}
     * @throws MalformedException if the bytes are not a valid version-1 encoding
     */
    static LedgerRecord decode(long storeSequence, byte[] bytes, Decoder decoder) {
        ByteSource in = new ByteSource(bytes);
        int version = in.u8();
        if (version > VERSION) {
            throw new UnsupportedRecordVersionException("record", storeSequence, version, VERSION);
        }
        if (version != VERSION) {
            throw new MalformedException("version byte was " + version + "; must be " + VERSION);
        }
        int kindCode = in.u8();
        RecordKind kind = RecordKind.ofCode(kindCode);
        if (kind == null) {
            throw new MalformedException("kind byte was " + kindCode + "; must be 1..7");
        }
        long seq = in.i64();
        byte[] prev = in.raw(HASH_LENGTH);
        long sec = in.i64();
        int nanos = in.i32();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new MalformedException("timestamp nanoseconds were " + nanos + "; must be 0..999999999");
        }
        Instant timestamp;
        try {
            timestamp = Instant.ofEpochSecond(sec, nanos);
        } catch (RuntimeException e) {
            throw new MalformedException("timestamp seconds " + sec + " are out of range");
        }
        Account account = null;
        Transaction tx = null;
        Duration timeout = null;
        String holdId = null;
        long amount = 0;
        Rejection rejection = null;
        switch (kind) {
            case ACCOUNT_OPENED:
                account = Account.of(decoder.accountId(in), currency(in), constraint(in));
                break;
            case TRANSACTION:
                tx = readTransaction(in, decoder);
                break;
            case HOLD_PLACED:
                tx = readTransaction(in, decoder);
                timeout = readTimeout(in);
                break;
            case HOLD_POSTED:
                holdId = readId(in, Transaction.MAX_ID_LENGTH);
                amount = in.i64();
                if (amount <= 0) {
                    throw new MalformedException("posted amount was " + amount + "; must be positive");
                }
                break;
            case HOLD_VOIDED:
            case HOLD_EXPIRED:
                holdId = readId(in, Transaction.MAX_ID_LENGTH);
                break;
            case REJECTED:
                int rejectedKind = in.u8();
                if (rejectedKind != RecordKind.TRANSACTION.code() && rejectedKind != RecordKind.HOLD_PLACED.code()) {
                    throw new MalformedException("rejected kind was " + rejectedKind + "; must be 2 or 3");
                }
                tx = readTransaction(in, decoder);
                if (rejectedKind == RecordKind.HOLD_PLACED.code()) {
                    timeout = readTimeout(in);
                }
                rejection = readRejection(in, decoder);
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        if (in.remaining() != 0) {
            throw new MalformedException(in.remaining() + " bytes follow the end of the record");
        }
        byte[] hash = decoder.sha256.digest(bytes);
        return new LedgerRecord(
                kind, seq, prev, timestamp, bytes, hash, account, tx, timeout, holdId, amount, rejection);
    }

    private static Rejection readRejection(ByteSource in, Decoder decoder) {
        int reason = in.u8();
        AccountId account = decoder.accountId(in);
        switch (reason) {
            case Rejection.CONSTRAINT:
                AccountConstraint c = constraint(in);
                long shortfall = in.i64();
                if (c == AccountConstraint.NONE || shortfall <= 0) {
                    throw new MalformedException("constraint rejection needs a constraint and a positive shortfall");
                }
                return new Rejection(reason, account, c, shortfall, null, null, null);
            case Rejection.UNKNOWN_ACCOUNT:
            case Rejection.OVERFLOW:
                return new Rejection(reason, account, null, 0, null, null, null);
            case Rejection.CURRENCY_MISMATCH:
                Currency cur = currency(in);
                AccountId other = decoder.accountId(in);
                return new Rejection(reason, account, null, 0, cur, other, currency(in));
            default:
                throw new MalformedException("rejection reason was " + reason + "; must be 1..4");
        }
    }

    private static Duration readTimeout(ByteSource in) {
        long sec = in.i64();
        int nanos = in.i32();
        if (sec < 0 || nanos < 0 || nanos > 999_999_999 || (sec == 0 && nanos == 0)) {
            throw new MalformedException("hold timeout " + sec + "s " + nanos + "ns is not positive");
        }
        return Duration.ofSeconds(sec, nanos);
    }

    private static String readId(ByteSource in, int max) {
        String s = in.ascii();
        if (s.isEmpty() || s.length() > max) {
            throw new MalformedException("id length was " + s.length() + "; must be 1.." + max);
        }
        return s;
    }

    /**
     * Decodes records with one reusable digest and caches of the account ids and type codes seen, so that decoding
     * millions of records does not create a string per account name. Not thread-safe.
     */
    static final class Decoder {
        final MessageDigest sha256 = Ledger.newSha256();
        /**
         * Whether transactions get their metadata. Verification checks the metadata bytes as strictly but leaves the
         * decoded map empty: it hashes the bytes and never reads the map, so it does without a map per record.
         */
        private final boolean keepMetadata;

        /** Creates a decoder that decodes everything. */
        Decoder() {
            this(true);
        }

        private Decoder(boolean keepMetadata) {
            this.keepMetadata = keepMetadata;
        }

        /**
         * Creates a decoder for verification: every byte is checked as by {@link #Decoder()}, but decoded
         * transactions carry an empty metadata map.
         */
        static Decoder forVerification() {
            return new Decoder(false);
        }

        private final ByteInterner<AccountId> accountIds = new ByteInterner<>(
                s -> {
                    try {
                        return AccountId.of(s);
                    } catch (IllegalArgumentException e) {
                        throw new MalformedException(e.getMessage());
                    }
                },
                100_000);
        private final ByteInterner<String> types = new ByteInterner<>(
                s -> {
                    if (s.isEmpty() || s.length() > Transaction.MAX_TYPE_LENGTH) {
                        throw new MalformedException(
                                "type length was " + s.length() + "; must be 1.." + Transaction.MAX_TYPE_LENGTH);
                    }
                    return s;
                },
                10_000);

        AccountId accountId(ByteSource in) {
            return in.ascii(accountIds);
        }

        String type(ByteSource in) {
            return in.ascii(types);
        }
    }

    private static Currency currency(ByteSource in) {
        String code = new String(in.raw(3), StandardCharsets.US_ASCII);
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("currency '" + code + "' is not an ISO 4217 code");
        }
    }

    private static AccountConstraint constraint(ByteSource in) {
        int code = in.u8();
        if (code >= AccountConstraint.values().length) {
            throw new MalformedException("constraint code was " + code);
        }
        return AccountConstraint.ofCode(code);
    }

    /** Checks {@code m} metadata entries exactly as {@link #readTransaction} does, without keeping them. */
    private static void skipMetadata(ByteSource in, int m) {
        int previousFrom = -1;
        int previousTo = -1;
        for (int i = 0; i < m; i++) {
            int from = in.skipAscii();
            int to = in.position();
            int length = to - from;
            if (length == 0 || length > Transaction.MAX_METADATA_KEY_LENGTH) {
                throw new MalformedException(
                        "id length was " + length + "; must be 1.." + Transaction.MAX_METADATA_KEY_LENGTH);
            }
            if (previousFrom >= 0 && in.compare(previousFrom, previousTo, from, to) >= 0) {
                throw new MalformedException(
                        "metadata keys are not strictly ascending at '" + in.latin1(from, to) + "'");
            }
            int at = in.position();
            in.skipUtf8();
            if (in.position() - at - 2 > Transaction.MAX_METADATA_VALUE_BYTES) {
                throw new MalformedException("metadata value for '" + in.latin1(from, to) + "' is too long");
            }
            previousFrom = from;
            previousTo = to;
        }
    }

    private static Transaction readTransaction(ByteSource in, Decoder decoder) {
        String id = readId(in, Transaction.MAX_ID_LENGTH);
        String type = decoder.type(in);
        int n = in.u16();
        if (n > Transaction.MAX_POSTINGS) {
            throw new MalformedException(n + " postings; at most " + Transaction.MAX_POSTINGS);
        }
        Posting[] postings = new Posting[n];
        for (int i = 0; i < n; i++) {
            AccountId debit = decoder.accountId(in);
            AccountId credit = decoder.accountId(in);
            long amount = in.i64();
            try {
                postings[i] = Posting.of(debit, credit, amount);
            } catch (LedgerException e) {
                throw new MalformedException("posting " + i + ": " + e.getMessage());
            }
        }
        int m = in.u16();
        if (m > Transaction.MAX_METADATA_ENTRIES) {
            throw new MalformedException(m + " metadata entries; at most " + Transaction.MAX_METADATA_ENTRIES);
        }
        TreeMap<String, String> metadata = m == 0 || !decoder.keepMetadata ? null : new TreeMap<>();
        if (metadata == null) {
            skipMetadata(in, m);
        }
        String previousKey = null;
        for (int i = 0; metadata != null && i < m; i++) {
            String key = readId(in, Transaction.MAX_METADATA_KEY_LENGTH);
            if (previousKey != null && previousKey.compareTo(key) >= 0) {
                throw new MalformedException("metadata keys are not strictly ascending at '" + key + "'");
            }
            int at = in.position();
            String value = in.utf8();
            if (in.position() - at - 2 > Transaction.MAX_METADATA_VALUE_BYTES) {
                throw new MalformedException("metadata value for '" + key + "' is too long");
            }
            metadata.put(key, value);
            previousKey = key;
        }
        int flag = in.u8();
        byte[] payload;
        if (flag == 0) {
            payload = null;
        } else if (flag == 1) {
            payload = in.bytes(Transaction.MAX_PAYLOAD_BYTES);
        } else {
            throw new MalformedException("payload flag was " + flag + "; must be 0 or 1");
        }
        return Transaction.decoded(
                id,
                type,
                // The same immutable list kind as Transaction.Builder#build gives; one object for one posting.
                n == 1 ? List.of(postings[0]) : List.of(postings),
                metadata == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(metadata),
                payload);
    }
}
