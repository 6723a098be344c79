package io.cardkey.core;

/**
 * A code presented for redemption is past its expiry date ({@link CardKeyState#EXPIRED}); a sold code found past
 * its date is moved to EXPIRED first. Nothing else was changed.
 *
 * <p>A {@link IllegalTransitionException} to {@link CardKeyState#REDEEMED}: the getters name the code by record
 * id and masked form, never by plaintext, and {@link #from()} is its current state.
 */
public final class CodeExpiredException extends IllegalTransitionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cardKeyId the record id of the code
     * @param maskedCode the code's display form; never the plaintext
     */
    public CodeExpiredException(long cardKeyId, String maskedCode) {
        super(
                "card key " + cardKeyId + " (" + maskedCode + ") is EXPIRED; an expired code cannot be redeemed",
                cardKeyId,
                maskedCode,
                CardKeyState.EXPIRED,
                CardKeyState.REDEEMED);
    }
}
