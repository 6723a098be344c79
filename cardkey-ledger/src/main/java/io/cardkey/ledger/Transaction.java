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
import java.util.TreeMap;

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
    private final byte[] payload;

    private Transaction(
            String id, String type, List<Posting> postings, SortedMap<String, String> metadata, byte[] payload) {
        this.id = id;
        this.type = type;
        this.postings = postings;
        this.metadata = metadata;
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
     * Returns the metadata, sorted by key.
     *
     * @return an unmodifiable map
     */
    public SortedMap<String, String> metadata() {
        return metadata;
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
        if (!metadata.equals(other.metadata)) {
            return Optional.of("metadata");
        }
        if (!Arrays.equals(payload, other.payload)) {
            return Optional.of("payload");
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction && firstDifference((Transaction) o).isEmpty();
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, postings, metadata, Arrays.hashCode(payload));
    }

    /** Returns the id, type and postings; metadata values and the payload are left out because they may be sensitive. */
    @Override
    public String toString() {
        return "Transaction[" + id + ", " + type + ", " + postings + ", metadata keys " + metadata.keySet()
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
            return this;
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
                    payload == null ? null : payload.clone());
        }
    }

    /** Creates a transaction from decoded, already validated parts without copying; for the record codec. */
    static Transaction decoded(
            String id, String type, List<Posting> postings, SortedMap<String, String> metadata, byte[] payload) {
        return new Transaction(id, type, postings, metadata, payload);
    }
}
