package io.cardkey.crypto;

/**
 * Thrown when a code is well formed but its check character does not match its data characters: the code was
 * mistyped (a wrong character or two neighbours swapped), or it was never issued in this format.
 *
 * <p>Neither the expected nor the typed check character is carried: the exception says only that the code is wrong.
 * Immutable.
 */
public final class CheckCharacterMismatchException extends InvalidCodeException {
    private static final long serialVersionUID = 1L;

    CheckCharacterMismatchException(Part part) {
        super(
                part,
                label(part)
                        + " has a check character that does not match its other characters;"
                        + " it was mistyped: check every character and the order of neighbours");
    }
}
