package io.cardkey.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A transaction as the client submits it: a client-chosen id that is also the idempotency key, a type code, zero or
 * more {@link Posting postings}, a small metadata map and an optional opaque payload.
 *
 * <p>A transaction balances by construction, because each posting debits one account and credits another by the
 * same amount. A transaction without postings records a domain event (a card-key import, a state change) so that the
 * host's whole history can live in one verifiable journal. The ledger stores and hashes the payload but never
 * interprets it.
 *
 * <p>Limits: id and type are printable ASCII ({@code !..~}) of at most {@value #MAX_ID_LENGTH} and {@value
 * #MAX_TYPE_LENGTH} characters; at most {@value #MAX_POSTINGS} postings; at most {@value #MAX_METADATA_ENTRIES}
 * metadata entries, keys printable ASCII of at most {@value #MAX_METADATA_KEY_LENGTH} characters, values any text of
 * at most {@value #MAX_METADATA_VALUE_BYTES} UTF-8 bytes; a payload of at most {@value #MAX_PAYLOAD_BYTES} bytes.
 *
 * <h2>Sensitive metadata</h2>
 *
 * <p>A metadata entry added with {@link Builder#sensitiveMetadata} (a buyer's phone number or e-mail address) is
 * stored with the record, but the record's canonical bytes, and so its hash, the chain and every checkpoint and proof,
 * commit only to a salted SHA-256 of its key and value. {@link Ledger#redact} can therefore erase the value later
 * without breaking verification. A transaction read back after that lists the key in {@link #redactedMetadataKeys()}
 * and no longer in {@link #metadata()}.
 *
 * <p>Immutable and thread-safe; {@link #payload()} returns a copy.
 */
public final class Transaction {
    /** The longest transaction id, in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** The longest type code, in characters. */
    public static final int MAX_TYPE_LENGTH = 64;
    /** The most postings in one transaction. */
    public static final int MAX_POSTINGS = 64;
    /** The most metadata entries in one transaction. */
    public static final int MAX_METADATA_ENTRIES = 16;
    /** The longest metadata key, in characters. */
    public static final int MAX_METADATA_KEY_LENGTH = 64;
    /** The longest metadata value, in UTF-8 bytes. */
    public static final int MAX_METADATA_VALUE_BYTES = 256;
    /** The largest payload, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    private final String id;
    private final String type;
    private final List<Posting> postings;
    private final SortedMap<String, String> metadata;
    private final SortedSet<String> sensitive;
    private final SortedSet<String> redacted;
    private final byte[] payload;

    private Transaction(
            String id,
            String type,
            List<Posting> postings,
            SortedMap<String, String> metadata,
            SortedSet<String> sensitive,
            SortedSet<String> redacted,
            byte[] payload) {
        this.id = id;
        this.type = type;
        this.postings = postings;
        this.metadata = metadata;
        this.sensitive = sensitive;
        this.redacted = redacted;
        this.payload = payload;
    }

    /**
     * Starts a transaction.
     *
     * @param id the client-chosen id, also the idempotency key
     * @param type the type code, e.g. {@code "sale"} or {@code "card.imported"}
     * @return a builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the id or type breaks the limits in the class description
     */
    public static Builder builder(String id, String type) {
        return new Builder(checkAscii("transaction id", id, MAX_ID_LENGTH), checkAscii("type", type, MAX_TYPE_LENGTH));
    }

    /**
     * Returns a transaction with one posting and nothing else: the common case.
     *
     * @param id the client-chosen id
     * @param type the type code
     * @param debit the account debited
     * @param credit the account credited
     * @param amount the amount in minor units, positive
     * @return the transaction
     */
    public static Transaction of(String id, String type, AccountId debit, AccountId credit, long amount) {
        return builder(id, type).posting(debit, credit, amount).build();
    }

    static String checkAscii(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(
                    what + " length was " + value.length() + "; must be between 1 and " + maxLength);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException(
                        what + " has a character at index " + i + " outside printable ASCII '!'..'~'");
            }
        }
        return value;
    }

    /**
     * Returns the client-chosen id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the type code.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * Returns the postings in order.
     *
     * @return an unmodifiable list, empty for a domain event
     */
    public List<Posting> postings() {
        return postings;
    }

    /**
     * Returns the metadata whose values are known, sorted by key: every plain entry and every sensitive entry that
     * was not redacted.
     *
     * @return an unmodifiable map
     */
    public SortedMap<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns the keys of the sensitive metadata entries, redacted or not.
     *
     * @return an unmodifiable sorted set, empty if every entry is plain
     */
    public SortedSet<String> sensitiveMetadataKeys() {
        return sensitive;
    }

    /**
     * Returns the keys of the sensitive entries whose values were erased by {@link Ledger#redact}: the record still
     * commits to their salted hash ({@link LedgerRecord#sensitiveMetadataHash}), but the values are gone.
     *
     * @return an unmodifiable sorted set, empty for a transaction built by the host
     */
    public SortedSet<String> redactedMetadataKeys() {
        return redacted;
    }

    /** Returns whether the entry under {@code key} is sensitive. */
    boolean isSensitive(String key) {
        return !sensitive.isEmpty() && sensitive.contains(key);
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the payload, or empty if there is none
     */
    public Optional<byte[]> payload() {
        return payload == null ? Optional.empty() : Optional.of(payload.clone());
    }

    byte[] payloadOrNull() {
        return payload;
    }

    /**
     * Names the first field in which {@code other} differs from this transaction, comparing the id, type, postings,
     * metadata and payload in that order.
     *
     * @param other the transaction to compare with
     * @return the field name ({@code "id"}, {@code "type"}, {@code "postings"}, {@code "metadata"} or {@code
     *     "payload"}), or empty if both have the same content
     */
    public Optional<String> firstDifference(Transaction other) {
        Objects.requireNonNull(other, "other");
        if (!id.equals(other.id)) {
            return Optional.of("id");
        }
        if (!type.equals(other.type)) {
            return Optional.of("type");
        }
        if (!postings.equals(other.postings)) {
            return Optional.of("postings");
        }
        if (!metadata.equals(other.metadata)
                || !sensitive.equals(other.sensitive)
                || !redacted.equals(other.redacted)) {
            return Optional.of("metadata");
        }
        if (!Arrays.equals(payload, other.payload)) {
            return Optional.of("payload");
        }
        return Optional.empty();
    }

    /**
     * Like {@link #firstDifference}, for comparing this recorded transaction with a retry of it: a redacted entry of
     * this one matches a sensitive entry of the retry under the same key whatever its value, because the value is gone.
     */
    Optional<String> retryDifference(Transaction retry) {
        if (redacted.isEmpty() || retry.metadata.size() != metadata.size() + redacted.size()) {
            return firstDifference(retry);
        }
        TreeMap<String, String> known = new TreeMap<>(retry.metadata);
        for (String key : redacted) {
            if (!retry.isSensitive(key) || known.remove(key) == null) {
                return firstDifference(retry).or(() -> Optional.of("metadata"));
            }
        }
        Transaction withoutErased = new Transaction(
                retry.id,
                retry.type,
                retry.postings,
                known,
                retry.sensitive,
                Collections.unmodifiableSortedSet(new TreeSet<>(redacted)),
                retry.payload);
        return firstDifference(withoutErased);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction && firstDifference((Transaction) o).isEmpty();
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, postings, metadata, sensitive, redacted, Arrays.hashCode(payload));
    }

    /** Returns the id, type and postings; metadata values and the payload are left out because they may be sensitive. */
    @Override
    public String toString() {
        return "Transaction[" + id + ", " + type + ", " + postings + ", metadata keys " + metadata.keySet()
                + (sensitive.isEmpty() ? "" : ", sensitive " + sensitive)
                + (redacted.isEmpty() ? "" : ", redacted " + redacted)
                + (payload == null ? "" : ", payload " + payload.length + " bytes") + "]";
    }

    /**
     * Builds a {@link Transaction}. Each method checks its argument at once. Not thread-safe; use one builder per
     * transaction.
     */
    public static final class Builder {
        private final String id;
        private final String type;
        private final List<Posting> postings = new ArrayList<>();
        private final TreeMap<String, String> metadata = new TreeMap<>();
        private final TreeSet<String> sensitive = new TreeSet<>();
        private byte[] payload;

        private Builder(String id, String type) {
            this.id = id;
            this.type = type;
        }

        /**
         * Adds a posting.
         *
         * @param posting the posting
         * @return this builder
         * @throws NullPointerException if {@code posting} is null
         * @throws IllegalArgumentException if the transaction already has {@value #MAX_POSTINGS} postings
         */
        public Builder posting(Posting posting) {
            Objects.requireNonNull(posting, "posting");
            if (postings.size() >= MAX_POSTINGS) {
                throw new IllegalArgumentException(
                        "transaction " + id + " already has " + MAX_POSTINGS + " postings; at most " + MAX_POSTINGS);
            }
            postings.add(posting);
            return this;
        }

        /**
         * Adds a posting, see {@link Posting#of}.
         *
         * @param debit the account debited
         * @param credit the account credited
         * @param amount the amount in minor units, positive
         * @return this builder
         */
        public Builder posting(AccountId debit, AccountId credit, long amount) {
            return posting(Posting.of(debit, credit, amount));
        }

        /**
         * Sets a metadata entry, replacing an earlier value for the same key.
         *
         * @param key printable ASCII, 1 to {@value #MAX_METADATA_KEY_LENGTH} characters
         * @param value any text of at most {@value #MAX_METADATA_VALUE_BYTES} UTF-8 bytes
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the key is not valid
         * @throws MetadataTooLargeException if the value is too long or there would be too many entries
         */
        public Builder metadata(String key, String value) {
            put(key, value);
            sensitive.remove(key);
            return this;
        }

        /**
         * Sets a sensitive metadata entry, replacing an earlier entry for the same key: e.g. a buyer's phone number or
         * e-mail address that may have to be erased later. The ledger stores the value with a fresh random salt, and the
         * record commits only to SHA-256 over the salt, key and value, so {@link Ledger#redact} can erase the value (and
         * the salt) later while every hash, checkpoint and proof stays valid. The salt (32 bytes) keeps a guessable
         * value from being confirmed by hashing candidates.
         *
         * <p>The entry is found by {@link Ledger#findByMetadata} until it is redacted. Limits as for {@link
         * #metadata(String, String)}.
         *
         * <p><b>Security:</b> the value is kept in the ledger's store until it is redacted, and it is in JSON Lines
         * exports taken before that; it never appears in snapshots, {@code toString} or exception messages.
         *
         * @param key printable ASCII, 1 to {@value #MAX_METADATA_KEY_LENGTH} characters
         * @param value any text of at most {@value #MAX_METADATA_VALUE_BYTES} UTF-8 bytes
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the key is not valid
         * @throws MetadataTooLargeException if the value is too long or there would be too many entries
         */
        public Builder sensitiveMetadata(String key, String value) {
            put(key, value);
            sensitive.add(key);
            return this;
        }

        private void put(String key, String value) {
            checkAscii("metadata key", key, MAX_METADATA_KEY_LENGTH);
            Objects.requireNonNull(value, "value");
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_METADATA_VALUE_BYTES) {
                throw new MetadataTooLargeException(
                        "metadata value for key '" + key + "' was " + bytes + " UTF-8 bytes; at most "
                                + MAX_METADATA_VALUE_BYTES,
                        bytes,
                        MAX_METADATA_VALUE_BYTES);
            }
            if (!metadata.containsKey(key) && metadata.size() >= MAX_METADATA_ENTRIES) {
                throw new MetadataTooLargeException(
                        "transaction " + id + " would have " + (metadata.size() + 1) + " metadata entries; at most "
                                + MAX_METADATA_ENTRIES,
                        metadata.size() + 1,
                        MAX_METADATA_ENTRIES);
            }
            metadata.put(key, value);
        }

        /**
         * Sets every entry of {@code entries}, see {@link #metadata(String, String)}.
         *
         * @param entries the entries
         * @return this builder
         */
        public Builder metadata(Map<String, String> entries) {
            Objects.requireNonNull(entries, "entries");
            entries.forEach(this::metadata);
            return this;
        }

        /**
         * Sets the opaque payload; the builder keeps a copy.
         *
         * @param payload at most {@value #MAX_PAYLOAD_BYTES} bytes
         * @return this builder
         * @throws NullPointerException if {@code payload} is null
         * @throws PayloadTooLargeException if the payload is too large
         */
        public Builder payload(byte[] payload) {
            Objects.requireNonNull(payload, "payload");
            if (payload.length > MAX_PAYLOAD_BYTES) {
                throw new PayloadTooLargeException(payload.length, MAX_PAYLOAD_BYTES);
            }
            this.payload = payload.clone();
            return this;
        }

        /**
         * Builds the transaction.
         *
         * @return the transaction
         */
        public Transaction build() {
            return new Transaction(
                    id,
                    type,
                    List.copyOf(postings),
                    Collections.unmodifiableSortedMap(new TreeMap<>(metadata)),
                    sensitive.isEmpty()
                            ? Collections.emptySortedSet()
                            : Collections.unmodifiableSortedSet(new TreeSet<>(sensitive)),
                    Collections.emptySortedSet(),
                    payload == null ? null : payload.clone());
        }
    }

    /** Creates a transaction from decoded, already validated parts without copying; for the record codec. */
    static Transaction decoded(
            String id,
            String type,
            List<Posting> postings,
            SortedMap<String, String> metadata,
            SortedSet<String> sensitive,
            SortedSet<String> redacted,
            byte[] payload) {
        return new Transaction(id, type, postings, metadata, sensitive, redacted, payload);
    }
}
