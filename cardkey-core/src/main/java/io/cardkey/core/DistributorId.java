package io.cardkey.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifier of a distributor (a node of the distribution tree), chosen by the host, such as {@code
 * "agent-42"}: 1 to 64 characters from {@code A-Z a-z 0-9 . _ : -}, starting with a letter or digit.
 * Case-sensitive.
 *
 * <p>Instances are immutable and thread-safe; equal when their codes are equal.
 */
public final class DistributorId implements Comparable<DistributorId> {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final String code;

    private DistributorId(String code) {
        this.code = code;
    }

    /**
     * Returns the distributor id with this code.
     *
     * @param code 1 to 64 characters from {@code A-Z a-z 0-9 . _ : -}, starting with a letter or digit
     * @return the id
     * @throws IllegalArgumentException if the code breaks that rule
     */
    public static DistributorId of(String code) {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("distributor id was \"" + code
                    + "\"; must be 1 to 64 characters from A-Z a-z 0-9 . _ : - starting with a letter or digit");
        }
        return new DistributorId(code);
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
    public int compareTo(DistributorId other) {
        return code.compareTo(other.code);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof DistributorId && ((DistributorId) obj).code.equals(code);
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
