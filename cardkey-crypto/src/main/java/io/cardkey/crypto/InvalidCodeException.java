package io.cardkey.crypto;

import java.util.Locale;
import java.util.Objects;

/**
 * Thrown when text that should be a code of a {@link CodeFormat} is not one: it is malformed
 * ({@link MalformedCodeException}) or its check character does not match ({@link CheckCharacterMismatchException}).
 *
 * <p>Catch this type to handle "the customer mistyped the code" in one place; it is always thrown <em>before</em>
 * anything is looked up, so a mistyped code costs no database round trip and reveals nothing about stored codes.
 *
 * <p>The message and the getters never contain the typed text or any character of it. Immutable.
 */
public abstract class InvalidCodeException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    /** Which part of the input was invalid. */
    public enum Part {
        /** A single code, parsed with {@link CodeFormat#parse(CharSequence)}. */
        CODE,
        /** The card number of a {@link CardPair}. */
        NUMBER,
        /** The password of a {@link CardPair}. */
        PASSWORD
    }

    /** The part of the input that was invalid. */
    private final Part part;

    InvalidCodeException(Part part, String message) {
        super(message);
        this.part = Objects.requireNonNull(part, "part");
    }

    /** Names the part in a message: "code", "number" or "password". */
    static String label(Part part) {
        return part.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns which part of the input was invalid: {@link Part#CODE} for a single code, {@link Part#NUMBER} or
     * {@link Part#PASSWORD} for a line parsed by {@link PairFormat#parseLine(CharSequence)}.
     *
     * @return the invalid part
     */
    public Part part() {
        return part;
    }
}
