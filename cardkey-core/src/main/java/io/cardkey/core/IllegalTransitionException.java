package io.cardkey.core;

import java.util.Objects;

/**
 * A card key was asked to make a move the lifecycle table ({@link CardKeyState}) forbids, such as redeeming a code
 * that was never sold, refunding one that was redeemed, or returning a revealed code to stock. Nothing was changed.
 *
 * <p>The message and getters name the code by record id and masked form only, never by plaintext.
 */
public class IllegalTransitionException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final long cardKeyId;
    private final String maskedCode;
    private final CardKeyState from;
    private final CardKeyState to;

    /**
     * Creates the exception.
     *
     * @param cardKeyId the record id of the code
     * @param maskedCode the code's display form; never the plaintext
     * @param from its current state
     * @param to the state it was asked to move to
     */
    public IllegalTransitionException(long cardKeyId, String maskedCode, CardKeyState from, CardKeyState to) {
        this(
                "card key " + cardKeyId + " (" + maskedCode + ") cannot move from " + from + " to " + to
                        + "; the lifecycle allows " + from + " -> " + from.allowedTargets(),
                cardKeyId,
                maskedCode,
                from,
                to);
    }

    /**
     * Creates the exception with a message of its own, for the more specific refusals.
     *
     * @param message what was refused and why; names the code by id and masked form only
     * @param cardKeyId the record id of the code
     * @param maskedCode the code's display form; never the plaintext
     * @param from its current state
     * @param to the state it was asked to move to
     */
    protected IllegalTransitionException(
            String message, long cardKeyId, String maskedCode, CardKeyState from, CardKeyState to) {
        super(message);
        this.cardKeyId = cardKeyId;
        this.maskedCode = Objects.requireNonNull(maskedCode, "maskedCode");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    /**
     * Returns the record id of the code.
     *
     * @return the id
     */
    public long cardKeyId() {
        return cardKeyId;
    }

    /**
     * Returns the display form of the code.
     *
     * @return the masked code; never the plaintext
     */
    public String maskedCode() {
        return maskedCode;
    }

    /**
     * Returns the state the code is in, unchanged.
     *
     * @return the current state
     */
    public CardKeyState from() {
        return from;
    }

    /**
     * Returns the state the code was asked to move to.
     *
     * @return the refused target state
     */
    public CardKeyState to() {
        return to;
    }
}
