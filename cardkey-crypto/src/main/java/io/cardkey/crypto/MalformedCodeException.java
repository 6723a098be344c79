package io.cardkey.crypto;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Thrown when text is not shaped like a code of its {@link CodeFormat}: empty, too short or too long, a character
 * that may not appear where it does, a wrong prefix, or a line that is not a card number and password pair.
 *
 * <p>{@link #reason()} says which rule was broken and {@link #index()} where, as an index into the text that was
 * passed to the parsing method (so a user interface can highlight the character). Neither the message nor any getter
 * contains a character of the input. Immutable.
 */
public final class MalformedCodeException extends InvalidCodeException {
    private static final long serialVersionUID = 1L;

    /** The rule that the input broke. */
    public enum Reason {
        /** Nothing but separators or white space was given. */
        EMPTY,
        /** Fewer characters than the format needs. */
        TOO_SHORT,
        /** More characters than the format allows. */
        TOO_LONG,
        /** A character that the format does not allow at that place ({@link #index()} says where). */
        INVALID_CHARACTER,
        /** The code starts with a prefix other than the format's ({@link #index()} is its first wrong character). */
        WRONG_PREFIX,
        /** A line that cannot be split into exactly one card number and one password. */
        NOT_A_PAIR
    }

    /** The rule that was broken. */
    private final Reason reason;
    /** Where, or -1 for the whole input. */
    private final int index;

    MalformedCodeException(Part part, Reason reason, int index, String detail) {
        super(part, message(part, reason, index, detail));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.index = index;
    }

    private static String message(Part part, Reason reason, int index, String detail) {
        String what = label(part);
        String where = index >= 0 ? " at index " + index : "";
        return what + " is malformed (" + reason + where + "): " + detail;
    }

    /**
     * Returns the rule that the input broke.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the index (0-based, in UTF-16 units) of the offending character in the text passed to the parsing
     * method, if the problem is at one place.
     *
     * @return the index, or empty for problems of the whole input (empty, too short, too long, not a pair)
     */
    public OptionalInt index() {
        return index >= 0 ? OptionalInt.of(index) : OptionalInt.empty();
    }
}
