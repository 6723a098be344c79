package io.cardkey.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One record of the ledger's hash chain, decoded, together with its canonical bytes and hash.
 *
 * <p>The canonical bytes (specified in {@code CANONICAL-ENCODING.md} of this module) hold the format version, the
 * kind, the sequence number, the previous record's hash, the timestamp and the body; the record's hash is SHA-256 of
 * exactly those bytes, so changing, removing or reordering any record breaks the chain. The canonical bytes are also
 * the leaf input of the RFC 6962 Merkle tree over the ledger.
 *
 * <p>Which optional parts are present depends on {@link #kind()}: {@link #account()} for {@link
 * RecordKind#ACCOUNT_OPENED}; {@link #transaction()} for {@link RecordKind#TRANSACTION}, {@link
 * RecordKind#HOLD_PLACED} and {@link RecordKind#REJECTED}; {@link #holdTimeout()} for a placed (or rejected) hold;
 * {@link #holdId()} for the hold records; {@link #postedAmount()} for {@link RecordKind#HOLD_POSTED}; {@link
 * #redaction()} for {@link RecordKind#REDACTED}.
 *
 * <p>A sensitive metadata entry (see {@link Transaction.Builder#sensitiveMetadata}) is represented in the canonical
 * bytes by its salted hash ({@link #sensitiveMetadataHash}); its value, if it was not redacted, is in {@link
 * #transaction()}.
 *
 * <p>Immutable and thread-safe; the byte accessors return copies.
 */
public final class LedgerRecord {
    private final RecordKind kind;
    private final long sequence;
    private final byte[] previousHash;
    private final Instant timestamp;
    private final byte[] stored;
    private final int canonicalLength;
    private final byte[] hash;
    private final Account account;
    private final Transaction transaction;
    private final Duration holdTimeout;
    private final String holdId;
    private final long postedAmount;
    private final Rejection rejection;
    private final String[] sensitiveKeys;
    private final int[] sensitiveHashOffsets;
    private final Redaction redaction;
    private final byte[] redactedHash;

    LedgerRecord(
            RecordKind kind,
            long sequence,
            byte[] previousHash,
            Instant timestamp,
            byte[] stored,
            int canonicalLength,
            byte[] hash,
            Account account,
            Transaction transaction,
            Duration holdTimeout,
            String holdId,
            long postedAmount,
            Rejection rejection,
            String[] sensitiveKeys,
            int[] sensitiveHashOffsets,
            Redaction redaction,
            byte[] redactedHash) {
        this.kind = kind;
        this.sequence = sequence;
        this.previousHash = previousHash;
        this.timestamp = timestamp;
        this.stored = stored;
        this.canonicalLength = canonicalLength;
        this.hash = hash;
        this.account = account;
        this.transaction = transaction;
        this.holdTimeout = holdTimeout;
        this.holdId = holdId;
        this.postedAmount = postedAmount;
        this.rejection = rejection;
        this.sensitiveKeys = sensitiveKeys;
        this.sensitiveHashOffsets = sensitiveHashOffsets;
        this.redaction = redaction;
        this.redactedHash = redactedHash;
    }

    /**
     * Returns the sequence number, from 1.
     *
     * @return the sequence number
     */
    public long sequence() {
        return sequence;
    }

    /**
     * Returns what this record records.
     *
     * @return the kind
     */
    public RecordKind kind() {
        return kind;
    }

    /**
     * Returns when the ledger wrote the record, by its clock; never earlier than the previous record's timestamp.
     *
     * @return the timestamp
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * Returns the hash of the previous record (32 zero bytes for record 1).
     *
     * @return a copy of the 32-byte hash
     */
    public byte[] previousHash() {
        return previousHash.clone();
    }

    /**
     * Returns SHA-256 of the canonical bytes.
     *
     * @return a copy of the 32-byte hash
     */
    public byte[] hash() {
        return hash.clone();
    }

    /**
     * Returns the hash as lower-case hex.
     *
     * @return 64 hex digits
     */
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    /**
     * Returns the canonical encoding, the exact bytes that are hashed: the leaf data of the record in checkpoints and
     * proofs. Sensitive metadata values are not in it, only their salted hashes, so redacting them never changes it.
     *
     * @return a copy of the bytes
     */
    public byte[] canonicalBytes() {
        return Arrays.copyOf(stored, canonicalLength);
    }

    /** Returns the stored form: the canonical bytes, then the sealed values and their length (version 2). */
    byte[] storedBytesShared() {
        return stored;
    }

    int canonicalLength() {
        return canonicalLength;
    }

    /**
     * Returns the salted hash that the canonical bytes hold in place of the value of a sensitive metadata entry:
     * SHA-256 over a domain tag, the entry's random salt, its key and its value (CANONICAL-ENCODING.md). It stays the
     * same when the value is redacted.
     *
     * @param key the metadata key
     * @return a copy of the 32-byte hash, or empty if the record's transaction has no sensitive entry under {@code key}
     */
    public Optional<byte[]> sensitiveMetadataHash(String key) {
        java.util.Objects.requireNonNull(key, "key");
        for (int i = 0; sensitiveKeys != null && i < sensitiveKeys.length; i++) {
            if (sensitiveKeys[i].equals(key)) {
                int at = sensitiveHashOffsets[i];
                return Optional.of(Arrays.copyOfRange(stored, at, at + RecordCodec.HASH_LENGTH));
            }
        }
        return Optional.empty();
    }

    String[] sensitiveKeysOrNull() {
        return sensitiveKeys;
    }

    /**
     * Returns what a {@link RecordKind#REDACTED} record says was erased, by whom and why.
     *
     * @return the redaction, or empty for other kinds
     */
    public Optional<Redaction> redaction() {
        return Optional.ofNullable(redaction);
    }

    Redaction redactionOrNull() {
        return redaction;
    }

    /** The salted hash of the erased entry, as a {@link RecordKind#REDACTED} record holds it. */
    byte[] redactedHashOrNull() {
        return redactedHash;
    }

    byte[] previousHashShared() {
        return previousHash;
    }

    byte[] hashShared() {
        return hash;
    }

    /**
     * Returns the account opened by an {@link RecordKind#ACCOUNT_OPENED} record.
     *
     * @return the account, or empty for other kinds
     */
    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /**
     * Returns the transaction applied, placed as a hold, or rejected.
     *
     * @return the transaction, or empty for other kinds
     */
    public Optional<Transaction> transaction() {
        return Optional.ofNullable(transaction);
    }

    /**
     * Returns the timeout of a placed hold, or of a rejected hold.
     *
     * @return the timeout, or empty if this record is not about placing a hold
     */
    public Optional<Duration> holdTimeout() {
        return Optional.ofNullable(holdTimeout);
    }

    /**
     * Returns the id of the hold placed, posted, voided or expired.
     *
     * @return the hold id, or empty for other kinds
     */
    public Optional<String> holdId() {
        if (holdId != null) {
            return Optional.of(holdId);
        }
        return kind == RecordKind.HOLD_PLACED ? Optional.of(transaction.id()) : Optional.empty();
    }

    /**
     * Returns the amount a {@link RecordKind#HOLD_POSTED} record posted.
     *
     * @return the amount, or empty for other kinds
     */
    public OptionalLong postedAmount() {
        return kind == RecordKind.HOLD_POSTED ? OptionalLong.of(postedAmount) : OptionalLong.empty();
    }

    /**
     * Returns the exception a {@link RecordKind#REJECTED} record stands for, the same one the original append threw.
     *
     * @return a new exception, or empty for other kinds
     */
    public Optional<LedgerException> rejection() {
        return rejection == null ? Optional.empty() : Optional.of(rejection.toException(transaction.id()));
    }

    Account accountOrNull() {
        return account;
    }

    Transaction transactionOrNull() {
        return transaction;
    }

    Duration holdTimeoutOrNull() {
        return holdTimeout;
    }

    String holdIdOrNull() {
        return holdId;
    }

    long postedAmountRaw() {
        return postedAmount;
    }

    Rejection rejectionOrNull() {
        return rejection;
    }

    /** Returns the sequence, kind, timestamp and hash; never metadata values or payloads. */
    @Override
    public String toString() {
        return "LedgerRecord[" + sequence + ", " + kind + ", " + timestamp + ", " + hashHex() + "]";
    }
}
