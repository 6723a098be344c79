package io.cardkey.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifier of a product (stock-keeping unit), such as {@code "steam-100-cny"}: 1 to 64 characters from
 * {@code A-Z a-z 0-9 . _ : -}, starting with a letter or digit. Case-sensitive.
 *
 * <p>Instances are immutable and thread-safe; equal when their codes are equal.
 */
public final class Sku implements Comparable<Sku> {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final String code;

    private Sku(String code) {
        this.code = code;
    }

    /**
     * Returns the SKU with this code.
     *
     * @param code 1 to 64 characters from {@code A-Z a-z 0-9 . _ : -}, starting with a letter or digit
     * @return the SKU
     * @throws IllegalArgumentException if the code breaks that rule
     */
    public static Sku of(String code) {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("sku was \"" + code
                    + "\"; must be 1 to 64 characters from A-Z a-z 0-9 . _ : - starting with a letter or digit");
        }
        return new Sku(code);
    }

    /**
     * Returns the code.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    @Override
    public int compareTo(Sku other) {
        return code.compareTo(other.code);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Sku && ((Sku) obj).code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    /** Returns the code. */
    @Override
    public String toString() {
        return code;
    }
}
