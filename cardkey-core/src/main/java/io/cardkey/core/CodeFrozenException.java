package io.cardkey.core;

/**
 * A code presented for redemption is frozen by risk control ({@link CardKeyState#FROZEN}); it can be redeemed
 * once it is unfrozen. Nothing was changed.
 *
 * <p>A {@link IllegalTransitionException} to {@link CardKeyState#REDEEMED}: the getters name the code by record
 * id and masked form, never by plaintext, and {@link #from()} is its current state.
 */
public final class CodeFrozenException extends IllegalTransitionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cardKeyId the record id of the code
     * @param maskedCode the code's display form; never the plaintext
     */
    public CodeFrozenException(long cardKeyId, String maskedCode) {
        super(
                "card key " + cardKeyId + " (" + maskedCode
                        + ") is FROZEN by risk control; it cannot be redeemed until it is unfrozen",
                cardKeyId,
                maskedCode,
                CardKeyState.FROZEN,
                CardKeyState.REDEEMED);
    }
}
