package io.cardkey.core;

/**
 * A code presented for redemption is not (or no longer) sold: it is still in stock or reserved ({@link
 * CardKeyState#AVAILABLE}, {@link CardKeyState#RESERVED}), its sale was refunded ({@link CardKeyState#VOIDED}) or it
 * was reported bad ({@link CardKeyState#DISPUTED}). Nothing was changed.
 *
 * <p>A {@link IllegalTransitionException} to {@link CardKeyState#REDEEMED}: the getters name the code by record id
 * and masked form, never by plaintext, and {@link #from()} is its current state.
 */
public final class CodeNotSoldException extends IllegalTransitionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cardKeyId the record id of the code
     * @param maskedCode the code's display form; never the plaintext
     * @param from the code's state: AVAILABLE, RESERVED, VOIDED or DISPUTED
     * @throws IllegalArgumentException if {@code from} is another state (that refusal has its own exception)
     */
    public CodeNotSoldException(long cardKeyId, String maskedCode, CardKeyState from) {
        super(
                "card key " + cardKeyId + " (" + maskedCode + ") is " + unsold(from)
                        + ", not sold; only a sold code can be redeemed",
                cardKeyId,
                maskedCode,
                from,
                CardKeyState.REDEEMED);
    }

    private static CardKeyState unsold(CardKeyState from) {
        java.util.Objects.requireNonNull(from, "from");
        if (from != CardKeyState.AVAILABLE
                && from != CardKeyState.RESERVED
                && from != CardKeyState.VOIDED
                && from != CardKeyState.DISPUTED) {
            throw new IllegalArgumentException(
                    "from was " + from + "; must be AVAILABLE, RESERVED, VOIDED or DISPUTED");
        }
        return from;
    }
}
