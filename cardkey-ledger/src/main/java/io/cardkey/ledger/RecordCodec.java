package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteInterner;
import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.ByteSource;
import io.cardkey.ledger.internal.ByteSource.MalformedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Encodes and decodes records in the format of CANONICAL-ENCODING.md (version 2): big-endian integers,
 * u16-length-prefixed UTF-8 strings, metadata sorted by key. Decoding is strict: anything that a valid encoder could
 * not have written is rejected, so that one record has exactly one encoding. Version 1 records are still read.
 *
 * <p>Design note: what a store keeps is the <em>stored form</em> of a record: its canonical bytes (which are hashed),
 * then the sealed values of its sensitive metadata entries (salt and value, or zeros once erased), then a u16 length
 * of those sealed values. So the canonical bytes are always a prefix whose length the last two bytes give, and
 * erasing a value rewrites bytes after that prefix without changing the record's length or hash.
 */
final class RecordCodec {
    static final int VERSION = 2;
    static final int HASH_LENGTH = 32;
    static final byte[] ZERO_HASH = new byte[HASH_LENGTH];
    /** Version, kind, sequence, previous hash, seconds, nanoseconds. */
    static final int HEADER_LENGTH = 1 + 1 + 8 + HASH_LENGTH + 8 + 4;

    static final int SALT_LENGTH = 32;
    /** The stored form ends with the u16 length of the sealed values. */
    static final int FOOTER_LENGTH = 2;
    /** Sealed slots grow in steps of this many bytes, so an erased slot shows the value's length only roughly. */
    static final int SLOT_STEP = 32;

    private static final byte[] COMMITMENT_DOMAIN =
            "cardkey-ledger sensitive metadata v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom SALTS = new SecureRandom();

    private RecordCodec() {}

    /**
     * Returns the length of the canonical bytes at the start of a stored record: the whole record for version 1, the
     * record minus its sealed values and footer for version 2. Does not check the record; decoding does.
     */
    static int canonicalLength(byte[] stored) {
        if (stored.length == 0 || stored[0] == 1 || stored.length < FOOTER_LENGTH) {
            return stored.length;
        }
        int sealed = ((stored[stored.length - 2] & 0xFF) << 8) | (stored[stored.length - 1] & 0xFF);
        return Math.max(0, stored.length - FOOTER_LENGTH - sealed);
    }

    /** Returns SHA-256 of the canonical bytes of a stored record. */
    static byte[] hash(MessageDigest sha256, byte[] stored) {
        sha256.update(stored, 0, canonicalLength(stored));
        return sha256.digest();
    }

    /** The salted hash a sensitive entry's canonical bytes hold: SHA-256(domain, salt, str key, str value). */
    static byte[] commitment(byte[] salt, String key, byte[] value) {
        MessageDigest sha256 = Ledger.newSha256();
        sha256.update(COMMITMENT_DOMAIN);
        sha256.update(salt);
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        sha256.update((byte) (k.length >>> 8));
        sha256.update((byte) k.length);
        sha256.update(k);
        sha256.update((byte) (value.length >>> 8));
        sha256.update((byte) value.length);
        sha256.update(value);
        return sha256.digest();
    }

    /** Returns the sealed slot size for a value of {@code valueLength} bytes: the salt, then the value, padded. */
    static int slotLength(int valueLength) {
        return SALT_LENGTH + (2 + valueLength + SLOT_STEP - 1) / SLOT_STEP * SLOT_STEP;
    }

    /** Appends the sealed values (possibly none) and the footer, ending the stored form. */
    private static byte[] finish(ByteSink s, ByteSink sealed) {
        if (sealed == null) {
            s.u16(0);
        } else {
            byte[] b = sealed.toByteArray();
            s.raw(b);
            s.u16(b.length);
        }
        return s.toByteArray();
    }

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
        return finish(s, null);
    }

    static byte[] transaction(ByteSink s, long seq, byte[] prev, long sec, int nanos, Transaction tx) {
        header(s, RecordKind.TRANSACTION, seq, prev, sec, nanos);
        ByteSink sealed = writeTransaction(s, tx);
        return finish(s, sealed);
    }

    /**
     * Encodes what follows the header of a {@link RecordKind#TRANSACTION} record: it depends on the transaction only,
     * so appending threads encode it before they take the writer lock, and {@link #transaction(long, byte[], long, int,
     * byte[])} adds the header under it.
     */
    static byte[] transactionBody(ByteSink s, Transaction tx) {
        s.reset();
        ByteSink sealed = writeTransaction(s, tx);
        return finish(s, sealed);
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
        ByteSink sealed = writeTransaction(s, tx);
        writeDuration(s, timeout);
        return finish(s, sealed);
    }

    static byte[] redacted(ByteSink s, long seq, byte[] prev, long sec, int nanos, Redaction r, byte[] metadataHash) {
        header(s, RecordKind.REDACTED, seq, prev, sec, nanos);
        s.str(r.transactionId());
        s.i64(r.transactionSequence());
        s.str(r.key());
        s.raw(metadataHash);
        s.str(r.requestedBy());
        s.str(r.reason());
        return finish(s, null);
    }

    static byte[] holdResolved(
            ByteSink s, RecordKind kind, long seq, byte[] prev, long sec, int nanos, String holdId, long amount) {
        header(s, kind, seq, prev, sec, nanos);
        s.str(holdId);
        if (kind == RecordKind.HOLD_POSTED) {
            s.i64(amount);
        }
        return finish(s, null);
    }

    static byte[] rejected(
            ByteSink s, long seq, byte[] prev, long sec, int nanos, Transaction tx, Duration holdTimeout, Rejection r) {
        header(s, RecordKind.REJECTED, seq, prev, sec, nanos);
        s.u8(holdTimeout == null ? RecordKind.TRANSACTION.code() : RecordKind.HOLD_PLACED.code());
        ByteSink sealed = writeTransaction(s, tx);
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
        return finish(s, sealed);
    }

    private static void writeDuration(ByteSink s, Duration d) {
        s.i64(d.getSeconds());
        s.i32(d.getNano());
    }

    /**
     * Writes the canonical bytes of {@code tx}; returns the sealed values of its sensitive entries, each with a fresh
     * salt, or null if it has none.
     */
    private static ByteSink writeTransaction(ByteSink s, Transaction tx) {
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
        if (!tx.redactedMetadataKeys().isEmpty()) {
            throw new IllegalArgumentException("transaction " + tx.id() + " has redacted metadata "
                    + tx.redactedMetadataKeys() + "; only a transaction with every value can be recorded");
        }
        s.u16(tx.metadata().size());
        ByteSink sealed = null;
        // Keys are printable ASCII, so String order is UTF-8 byte order.
        for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
            s.str(e.getKey());
            if (tx.isSensitive(e.getKey())) {
                byte[] salt = new byte[SALT_LENGTH];
                SALTS.nextBytes(salt);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                s.u8(1);
                s.raw(commitment(salt, e.getKey(), value));
                if (sealed == null) {
                    sealed = new ByteSink(512);
                }
                int slot = slotLength(value.length);
                sealed.u8(1);
                sealed.u16(slot);
                sealed.raw(salt);
                sealed.u16(value.length);
                sealed.raw(value);
                sealed.raw(new byte[slot - SALT_LENGTH - 2 - value.length]);
            } else {
                s.u8(0);
                s.str(e.getValue());
            }
        }
        byte[] payload = tx.payloadOrNull();
        if (payload == null) {
            s.u8(0);
        } else {
            s.u8(1);
            s.bytes(payload);
        }
        return sealed;
    }

    /**
     * Decodes and hashes one stored record.
     *
     * @param storeSequence the sequence number the store filed it under, for messages
     * @param bytes the stored form; kept, not copied
     * @param decoder the digest and caches to reuse
     * @throws UnsupportedRecordVersionException if the version byte is newer than {@link #VERSION}
     * @throws MalformedException if the bytes are not a valid encoding
     */
    static LedgerRecord decode(long storeSequence, byte[] bytes, Decoder decoder) {
        int version = bytes.length == 0 ? 0 : bytes[0] & 0xFF;
        if (version > VERSION) {
            throw new UnsupportedRecordVersionException("record", storeSequence, version, VERSION);
        }
        if (version < 1) {
            throw new MalformedException("version byte was " + version + "; must be 1 or " + VERSION);
        }
        int canonicalLength = bytes.length;
        if (version >= 2) {
            if (bytes.length < FOOTER_LENGTH) {
                throw new MalformedException("the record is too short to end with its footer");
            }
            canonicalLength = canonicalLength(bytes);
            if (canonicalLength == 0) {
                throw new MalformedException("the footer says more sealed bytes than the record holds");
            }
        }
        ByteSource in = new ByteSource(bytes, canonicalLength);
        in.u8();
        int kindCode = in.u8();
        RecordKind kind = RecordKind.ofCode(kindCode);
        if (kind == null || (kind == RecordKind.REDACTED && version < 2)) {
            throw new MalformedException("kind byte was " + kindCode + "; must be 1.." + (version < 2 ? 7 : 8));
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
        Redaction redaction = null;
        byte[] redactedHash = null;
        Sensitive sensitive = new Sensitive(version, decoder.keepMetadata);
        switch (kind) {
            case ACCOUNT_OPENED:
                account = Account.of(decoder.accountId(in), currency(in), constraint(in));
                break;
            case TRANSACTION:
                tx = readTransaction(in, decoder, sensitive);
                break;
            case HOLD_PLACED:
                tx = readTransaction(in, decoder, sensitive);
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
                tx = readTransaction(in, decoder, sensitive);
                if (rejectedKind == RecordKind.HOLD_PLACED.code()) {
                    timeout = readTimeout(in);
                }
                rejection = readRejection(in, decoder);
                break;
            case REDACTED:
                String txId = readId(in, Transaction.MAX_ID_LENGTH);
                long target = in.i64();
                if (target < 1 || target >= seq) {
                    throw new MalformedException("redacted record " + target + " is not before record " + seq);
                }
                String key = readId(in, Transaction.MAX_METADATA_KEY_LENGTH);
                redactedHash = in.raw(HASH_LENGTH);
                String requestedBy = readText(in, "requestedBy", Redaction.MAX_REQUESTED_BY_BYTES);
                String reason = readText(in, "reason", Redaction.MAX_REASON_BYTES);
                redaction = new Redaction(txId, target, key, requestedBy, reason);
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        if (in.remaining() != 0) {
            throw new MalformedException(in.remaining() + " bytes follow the end of the record");
        }
        if (version >= 2) {
            sensitive.readSealed(bytes, canonicalLength);
        }
        decoder.sha256.update(bytes, 0, canonicalLength);
        byte[] hash = decoder.sha256.digest();
        return new LedgerRecord(
                kind,
                seq,
                prev,
                timestamp,
                bytes,
                canonicalLength,
                hash,
                account,
                tx,
                timeout,
                holdId,
                amount,
                rejection,
                sensitive.keysOrNull(),
                sensitive.hashesOrNull(),
                redaction,
                redactedHash);
    }

    private static String readText(ByteSource in, String what, int maxBytes) {
        int at = in.position();
        String text = in.utf8();
        int length = in.position() - at - 2;
        if (length < 1 || length > maxBytes) {
            throw new MalformedException(what + " was " + length + " bytes; must be 1.." + maxBytes);
        }
        return text;
    }

    /**
     * Returns a copy of the stored form of {@code r} with the sealed value of its sensitive entry {@code key} erased:
     * state byte 0 and the slot zeroed, same length, same canonical bytes.
     *
     * @throws IllegalArgumentException if {@code r} has no sensitive entry under {@code key}
     */
    static byte[] erase(LedgerRecord r, String key) {
        String[] keys = r.sensitiveKeysOrNull();
        byte[] stored = r.storedBytesShared().clone();
        int at = r.canonicalLength();
        for (int i = 0; keys != null && i < keys.length; i++) {
            int slot = ((stored[at + 1] & 0xFF) << 8) | (stored[at + 2] & 0xFF);
            if (keys[i].equals(key)) {
                stored[at] = 0;
                Arrays.fill(stored, at + 3, at + 3 + slot, (byte) 0);
                return stored;
            }
            at += 3 + slot;
        }
        throw new IllegalArgumentException("record " + r.sequence() + " has no sensitive entry '" + key + "'");
    }

    /**
     * The sensitive entries of the record being decoded: their keys and where their hashes are, so that the sealed
     * values after the canonical bytes can be checked against them. Most records have none, and cost nothing here.
     */
    private static final class Sensitive {
        private final int version;
        private final boolean keepValues;
        private String[] keys;
        private int[] hashAt;
        private int count;
        private TreeMap<String, String> metadata;
        private TreeSet<String> sensitiveKeys;
        private TreeSet<String> redactedKeys;

        Sensitive(int version, boolean keepValues) {
            this.version = version;
            this.keepValues = keepValues;
        }

        void add(String key, int hashOffset) {
            if (keys == null) {
                keys = new String[Transaction.MAX_METADATA_ENTRIES];
                hashAt = new int[Transaction.MAX_METADATA_ENTRIES];
                sensitiveKeys = new TreeSet<>();
                redactedKeys = new TreeSet<>();
            }
            keys[count] = key;
            hashAt[count++] = hashOffset;
            sensitiveKeys.add(key);
        }

        SortedSet<String> sensitiveKeysView() {
            return sensitiveKeys == null
                    ? Collections.emptySortedSet()
                    : Collections.unmodifiableSortedSet(sensitiveKeys);
        }

        SortedSet<String> redactedKeysView() {
            return redactedKeys == null
                    ? Collections.emptySortedSet()
                    : Collections.unmodifiableSortedSet(redactedKeys);
        }

        String[] keysOrNull() {
            return keys == null ? null : Arrays.copyOf(keys, count);
        }

        int[] hashesOrNull() {
            return keys == null ? null : Arrays.copyOf(hashAt, count);
        }

        /**
         * Reads the sealed values between the canonical bytes and the footer: one slot per sensitive entry, in key
         * order. A sealed value must match the hash the canonical bytes hold; an erased slot must be all zeros.
         */
        void readSealed(byte[] bytes, int canonicalLength) {
            ByteSource in = new ByteSource(bytes, bytes.length - FOOTER_LENGTH);
            in.skip(canonicalLength);
            for (int i = 0; i < count; i++) {
                int state = in.u8();
                int slot = in.u16();
                if (slot < slotLength(0)
                        || slot > slotLength(Transaction.MAX_METADATA_VALUE_BYTES)
                        || (slot - SALT_LENGTH) % SLOT_STEP != 0) {
                    throw new MalformedException("sealed slot of '" + keys[i] + "' is " + slot + " bytes");
                }
                int start = in.position();
                if (state == 0) {
                    for (int j = 0; j < slot; j++) {
                        if (in.u8() != 0) {
                            throw new MalformedException("erased slot of '" + keys[i] + "' is not all zeros");
                        }
                    }
                    redactedKeys.add(keys[i]);
                    continue;
                }
                if (state != 1) {
                    throw new MalformedException("sealed state of '" + keys[i] + "' was " + state + "; must be 0 or 1");
                }
                byte[] salt = in.raw(SALT_LENGTH);
                int valueAt = in.position();
                String value = in.utf8();
                int valueLength = in.position() - valueAt - 2;
                if (valueLength > Transaction.MAX_METADATA_VALUE_BYTES || slot != slotLength(valueLength)) {
                    throw new MalformedException("sealed value of '" + keys[i] + "' does not fit its slot");
                }
                while (in.position() < start + slot) {
                    if (in.u8() != 0) {
                        throw new MalformedException("padding of the sealed value of '" + keys[i] + "' is not zero");
                    }
                }
                byte[] expected = Arrays.copyOfRange(bytes, hashAt[i], hashAt[i] + HASH_LENGTH);
                byte[] actual =
                        commitment(salt, keys[i], Arrays.copyOfRange(bytes, valueAt + 2, valueAt + 2 + valueLength));
                if (!MessageDigest.isEqual(expected, actual)) {
                    throw new MalformedException("sealed value of '" + keys[i] + "' does not match its hash");
                }
                if (keepValues) {
                    metadata.put(keys[i], value);
                }
            }
            if (in.remaining() != 0) {
                throw new MalformedException(in.remaining() + " sealed bytes belong to no sensitive entry");
            }
        }
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
    private static void skipMetadata(ByteSource in, int m, Sensitive sensitive) {
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
            if (sensitive.version >= 2) {
                int flag = in.u8();
                if (flag == 1) {
                    sensitive.add(in.latin1(from, to), in.position());
                    in.skip(HASH_LENGTH);
                    previousFrom = from;
                    previousTo = to;
                    continue;
                }
                if (flag != 0) {
                    throw new MalformedException("metadata flag of '" + in.latin1(from, to) + "' was " + flag);
                }
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

    private static Transaction readTransaction(ByteSource in, Decoder decoder, Sensitive sensitive) {
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
        sensitive.metadata = metadata;
        if (metadata == null) {
            skipMetadata(in, m, sensitive);
        }
        String previousKey = null;
        for (int i = 0; metadata != null && i < m; i++) {
            String key = readId(in, Transaction.MAX_METADATA_KEY_LENGTH);
            if (previousKey != null && previousKey.compareTo(key) >= 0) {
                throw new MalformedException("metadata keys are not strictly ascending at '" + key + "'");
            }
            previousKey = key;
            if (sensitive.version >= 2) {
                int flag = in.u8();
                if (flag == 1) {
                    sensitive.add(key, in.position());
                    in.skip(HASH_LENGTH);
                    continue;
                }
                if (flag != 0) {
                    throw new MalformedException("metadata flag of '" + key + "' was " + flag + "; must be 0 or 1");
                }
            }
            int at = in.position();
            String value = in.utf8();
            if (in.position() - at - 2 > Transaction.MAX_METADATA_VALUE_BYTES) {
                throw new MalformedException("metadata value for '" + key + "' is too long");
            }
            metadata.put(key, value);
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
                // Sensitive values are added to the map once the sealed values after the canonical bytes are read.
                metadata == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(metadata),
                sensitive.sensitiveKeysView(),
                sensitive.redactedKeysView(),
                payload);
    }
}
