package io.cardkey.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The identifier of a ledger account, e.g. {@code "distributor:42:available"}.
 *
 * <p>An id is 1 to 128 characters of printable ASCII ({@code !} to {@code ~}); the ledger compares ids exactly
 * (case-sensitive). Immutable and thread-safe.
 */
public final class AccountId implements Comparable<AccountId> {
    /** The longest id accepted, in characters. */
    public static final int MAX_LENGTH = 128;

    private final String value;

    private AccountId(String value) {
        this.value = value;
    }

    /**
     * Returns the account id for {@code value}.
     *
     * @param value 1 to {@value #MAX_LENGTH} printable ASCII characters, no spaces
     * @return the id
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is empty, too long or has a character outside {@code !..~}
     */
    public static AccountId of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "account id length was " + value.length() + "; must be between 1 and " + MAX_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException("account id '" + value.replaceAll("[^!-~]", "?")
                        + "' has a character at index " + i + " outside printable ASCII '!'..'~'");
            }
        }
        return new AccountId(value);
    }

    /**
     * Returns the id as text.
     *
     * @return the id, as given to {@link #of}
     */
    public String value() {
        return value;
    }

    byte[] utf8() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountId && ((AccountId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Returns the id itself. */
    @Override
    public String toString() {
        return value;
    }
}
