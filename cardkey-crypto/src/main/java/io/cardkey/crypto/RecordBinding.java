package io.cardkey.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The identity of the record a sealed secret belongs to: tenant, product and record id. It is authenticated as the
 * AEAD's associated data, so a sealed secret copied into another record fails to open there.
 *
 * <p>Encoding: each of the three fields as a 2-byte big-endian length followed by its UTF-8 bytes, in the order
 * tenant, product, record id. The lengths make the encoding unambiguous ({@code ("ab","c")} and {@code ("a","bc")}
 * differ), and text that is not valid Unicode (a lone surrogate) is refused because it has no exact UTF-8 form.
 *
 * <p>Immutable and thread-safe. The fields are identifiers, not secrets, and appear in {@link #toString()}.
 */
public final class RecordBinding {
    /** Largest UTF-8 length of one field, in bytes. */
    public static final int MAX_FIELD_BYTES = 0xFFFF;

    private final String tenant;
    private final String product;
    private final String recordId;
    private final byte[] encoded;

    private RecordBinding(String tenant, String product, String recordId, byte[] encoded) {
        this.tenant = tenant;
        this.product = product;
        this.recordId = recordId;
        this.encoded = encoded;
    }

    /**
     * Returns the binding for one record.
     *
     * @param tenant the tenant (shop, merchant) that owns the record; not empty
     * @param product the product (SKU) of the record; not empty
     * @param recordId the record's own id; not empty
     * @return the binding
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if any argument is empty, is not valid Unicode, or is longer than
     *     {@value #MAX_FIELD_BYTES} bytes in UTF-8
     */
    public static RecordBinding of(String tenant, String product, String recordId) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(recordId, "recordId");
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(6 + tenant.length() + product.length() + recordId.length());
        append(out, "tenant", tenant);
        append(out, "product", product);
        append(out, "recordId", recordId);
        return new RecordBinding(tenant, product, recordId, out.toByteArray());
    }

    private static void append(ByteArrayOutputStream out, String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " was empty; it must name the record");
        }
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    name + " \"" + value
                            + "\" is not valid Unicode (a lone surrogate?); it must encode to UTF-8 exactly",
                    e);
        }
        int length = utf8.remaining();
        if (length > MAX_FIELD_BYTES) {
            throw new IllegalArgumentException(
                    name + " was " + length + " bytes in UTF-8; must be at most " + MAX_FIELD_BYTES);
        }
        out.write(length >>> 8);
        out.write(length);
        out.write(utf8.array(), utf8.arrayOffset() + utf8.position(), length);
    }

    /**
     * Returns the tenant.
     *
     * @return the tenant
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the product.
     *
     * @return the product
     */
    public String product() {
        return product;
    }

    /**
     * Returns the record id.
     *
     * @return the record id
     */
    public String recordId() {
        return recordId;
    }

    /**
     * Returns a copy of the encoded form that is authenticated as associated data.
     *
     * @return the encoding described in the class documentation
     */
    public byte[] toAssociatedData() {
        return encoded.clone();
    }

    /** The encoding itself, not copied: for the sealer's hot path only, never handed out. */
    byte[] encoded() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordBinding
                && tenant.equals(((RecordBinding) o).tenant)
                && product.equals(((RecordBinding) o).product)
                && recordId.equals(((RecordBinding) o).recordId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, product, recordId);
    }

    @Override
    public String toString() {
        return "RecordBinding[tenant=" + tenant + ", product=" + product + ", recordId=" + recordId + "]";
    }
}
