package io.cardkey.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The blind index of a code: a keyed HMAC of the normalised code, truncated to {@value #LENGTH} bytes, and the id of
 * the key that made it. Store it beside the sealed secret and look codes up by it.
 *
 * <p>Immutable and thread-safe. {@link #equals} compares in constant time.
 *
 * <h2>Security</h2>
 *
 * An index reveals nothing about the code without the index key, but equal codes have equal indexes under one key;
 * {@link #toString()} shows only the key id.
 */
public final class BlindIndex {
    /** Length of the index value in bytes (128 bits). */
    public static final int LENGTH = 16;

    private final int keyId;
    private final byte[] value;

    private BlindIndex(int keyId, byte[] value) {
        this.keyId = keyId;
        this.value = value;
    }

    /**
     * Returns a stored index.
     *
     * @param keyId the id of the key that made it; key ids are never zero
     * @param value the {@value #LENGTH} index bytes; copied
     * @return the index
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code keyId} is zero or {@code value} is not {@value #LENGTH} bytes
     */
    public static BlindIndex of(int keyId, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (keyId == 0) {
            throw new IllegalArgumentException("keyId was " + KeyIds.format(keyId) + "; key ids are never zero");
        }
        if (value.length != LENGTH) {
            throw new IllegalArgumentException("value was " + value.length + " bytes; a blind index has " + LENGTH);
        }
        return new BlindIndex(keyId, value.clone());
    }

    static BlindIndex adopt(int keyId, byte[] value) {
        return new BlindIndex(keyId, value);
    }

    /**
     * Returns the id of the key that made this index.
     *
     * @return the key id
     */
    public int keyId() {
        return keyId;
    }

    /**
     * Returns a copy of the index value, to store in a database column.
     *
     * @return {@value #LENGTH} bytes
     */
    public byte[] toBytes() {
        return value.clone();
    }

    /**
     * Returns the index value as lower-case hex.
     *
     * @return 32 hex digits
     */
    public String toHex() {
        return HexFormat.of().formatHex(value);
    }

    /** Equal when key id and value are equal; the value is compared in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BlindIndex
                && MessageDigest.isEqual(value, ((BlindIndex) o).value) & keyId == ((BlindIndex) o).keyId;
    }

    @Override
    public int hashCode() {
        return 31 * keyId + Arrays.hashCode(value);
    }

    /** Returns the key id only. */
    @Override
    public String toString() {
        return "BlindIndex[keyId=" + KeyIds.format(keyId) + "]";
    }
}
