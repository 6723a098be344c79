package io.cardkey.core;

/**
 * A code presented for redemption was redeemed before (by another request). Nothing was changed; the first
 * redemption stands.
 *
 * <p>A {@link IllegalTransitionException} to {@link CardKeyState#REDEEMED}: the getters name the code by record
 * id and masked form, never by plaintext, and {@link #from()} is its current state.
 */
public final class CodeAlreadyRedeemedException extends IllegalTransitionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cardKeyId the record id of the code
     * @param maskedCode the code's display form; never the plaintext
     */
    public CodeAlreadyRedeemedException(long cardKeyId, String maskedCode) {
        super(
                "card key " + cardKeyId + " (" + maskedCode + ") is REDEEMED: it was already redeemed",
                cardKeyId,
                maskedCode,
                CardKeyState.REDEEMED,
                CardKeyState.REDEEMED);
    }
}
