package io.cardkey.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret encrypted with the keyset's AEAD and bound to its record: the only form in which CardKey stores a code.
 *
 * <p>Layout (big-endian), {@value #OVERHEAD} bytes more than the plaintext:
 *
 * <pre>
 * version (1) | suite id (1) | key id (4) | nonce (12) | ciphertext (n) | tag (16)
 * </pre>
 *
 * The 6 header bytes (version, suite, key id) and the {@link RecordBinding} are the associated data, so neither the
 * header nor the record can be changed without the tag failing; the nonce is authenticated by the AEAD itself.
 *
 * <p>Immutable and thread-safe. Equality is by content; the bytes are ciphertext, not secret.
 */
public final class SealedSecret {
    /** The only format version this library writes and reads. */
    public static final int VERSION = 1;
    /** Length of version, suite and key id. */
    static final int HEADER_LENGTH = 6;
    /** Offset of the nonce. */
    static final int NONCE_OFFSET = HEADER_LENGTH;
    /** Offset of the ciphertext. */
    static final int CIPHERTEXT_OFFSET = NONCE_OFFSET + 12;
    /** Bytes added to the plaintext: header, nonce and tag. */
    public static final int OVERHEAD = CIPHERTEXT_OFFSET + 16;

    private final byte[] bytes;
    private final Suite suite;

    private SealedSecret(byte[] bytes, Suite suite) {
        this.bytes = bytes;
        this.suite = suite;
    }

    /**
     * Parses stored bytes. Only the layout is checked here; authenticity is checked by {@link Sealer#open}.
     *
     * @param bytes the stored form; copied
     * @return the sealed secret
     * @throws NullPointerException if {@code bytes} is null
     * @throws MalformedSealedSecretException if the bytes are shorter than {@value #OVERHEAD} or of another version
     * @throws UnsupportedSuiteException if the suite id is unknown
     */
    public static SealedSecret fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < OVERHEAD) {
            throw new MalformedSealedSecretException(
                    MalformedSealedSecretException.Reason.TRUNCATED,
                    "a sealed secret has at least " + OVERHEAD + " bytes",
                    bytes.length);
        }
        int version = bytes[0] & 0xFF;
        if (version != VERSION) {
            throw new MalformedSealedSecretException(
                    MalformedSealedSecretException.Reason.UNKNOWN_VERSION,
                    "format version " + version + " is unknown; this library reads version " + VERSION,
                    bytes.length);
        }
        return new SealedSecret(bytes.clone(), Suite.fromId(bytes[1] & 0xFF));
    }

    /** Takes ownership of freshly sealed bytes whose header the sealer wrote. */
    static SealedSecret adopt(byte[] bytes, Suite suite) {
        return new SealedSecret(bytes, suite);
    }

    static void writeHeader(byte[] out, Suite suite, int keyId) {
        out[0] = (byte) VERSION;
        out[1] = (byte) suite.id();
        out[2] = (byte) (keyId >>> 24);
        out[3] = (byte) (keyId >>> 16);
        out[4] = (byte) (keyId >>> 8);
        out[5] = (byte) keyId;
    }

    /**
     * Returns the format version.
     *
     * @return {@link #VERSION}
     */
    public int version() {
        return bytes[0] & 0xFF;
    }

    /**
     * Returns the suite it was sealed under.
     *
     * @return the suite
     */
    public Suite suite() {
        return suite;
    }

    /**
     * Returns the id of the key it was sealed under.
     *
     * @return the key id
     */
    public int keyId() {
        return (bytes[2] & 0xFF) << 24 | (bytes[3] & 0xFF) << 16 | (bytes[4] & 0xFF) << 8 | (bytes[5] & 0xFF);
    }

    /**
     * Returns the length of the stored form.
     *
     * @return plaintext length plus {@value #OVERHEAD}
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Returns a copy of the stored form, to write to a database column or file.
     *
     * @return the bytes in the layout described above
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The bytes themselves, not copied: for the sealer only. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedSecret && Arrays.equals(bytes, ((SealedSecret) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Returns version, suite, key id and length; never the ciphertext. */
    @Override
    public String toString() {
        return "SealedSecret[v" + version() + ", " + suite + ", keyId=" + KeyIds.format(keyId()) + ", " + bytes.length
                + " bytes]";
    }
}
