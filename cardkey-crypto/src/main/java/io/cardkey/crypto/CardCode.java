package io.cardkey.crypto;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A code of a known {@link CodeFormat}, parsed or generated: its normalised form as a {@link Secret}, with the
 * format it belongs to.
 *
 * <p>{@link #normalised()} is what gets sealed and what the blind index hashes; {@link #display(PlaintextAccess)} is
 * the form to show the buyer; {@link #masked()} and {@link #toString()} are safe for logs. Two codes are compared
 * with {@link #equalsCode(CardCode)} in constant time; {@link #equals(Object)} is identity.
 *
 * <p>Thread-safe. Mutable only through {@link #destroy()}, which wipes the normalised form.
 *
 * <h2>Security</h2>
 *
 * The displayed form is a {@code String} and cannot be wiped; ask for it only to show it.
 */
public final class CardCode implements Destroyable {
    private final CodeFormat format;
    private final Secret normalised;

    CardCode(CodeFormat format, byte[] normalised) {
        this.format = Objects.requireNonNull(format, "format");
        this.normalised = Secret.copyOf(normalised);
    }

    /**
     * Returns the format this code belongs to.
     *
     * @return the format
     */
    public CodeFormat format() {
        return format;
    }

    /**
     * Returns the normalised code (see {@link CodeFormat} for the exact rules): the bytes to seal and to index. This
     * is the code's own secret, not a copy, so destroying it destroys this code.
     *
     * @return the normalised code
     */
    public Secret normalised() {
        return normalised;
    }

    /**
     * Returns the canonical display form: prefix, grouped data characters, check character, for example
     * {@code 7K2Q-M8ZD-4T1V-9XHC-1}; for supplier text, the normalised text.
     *
     * @param access the token that says the caller needs the plaintext
     * @return the display form
     * @throws NullPointerException if {@code access} is null
     * @throws IllegalStateException if this code was destroyed
     */
    public String display(PlaintextAccess access) {
        byte[] bytes = normalised.bytes(Objects.requireNonNull(access, "access"));
        try {
            return format.render(bytes, 0, true);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Returns the display form with all but the last four data characters masked (see {@link CodeMask#lastFour()}),
     * for example {@code ****-****-****-9XHC-*}. Safe for logs.
     *
     * @return the masked form
     * @throws IllegalStateException if this code was destroyed
     */
    public String masked() {
        return CodeMask.lastFour().mask(this);
    }

    /**
     * Compares two codes in time that does not depend on where their normalised forms differ.
     *
     * @param other another code
     * @return whether both have equal formats and equal normalised forms
     * @throws NullPointerException if {@code other} is null
     * @throws IllegalStateException if either code was destroyed
     */
    public boolean equalsCode(CardCode other) {
        Objects.requireNonNull(other, "other");
        boolean sameContent = normalised.equalsSecret(other.normalised);
        return format.equals(other.format) & sameContent;
    }

    /** Overwrites the normalised form with zeros; later reads throw {@link IllegalStateException}. */
    @Override
    public void destroy() {
        normalised.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return normalised.isDestroyed();
    }

    /** Returns {@code CardCode[}masked form{@code ]}, or {@code CardCode[destroyed]}. */
    @Override
    public String toString() {
        return isDestroyed() ? "CardCode[destroyed]" : "CardCode[" + masked() + "]";
    }
}
