package io.cardkey.core;

/**
 * A well-formed code was presented for redemption but no code in stock matches it. Nothing was changed. The message
 * never contains the code; {@link #maskedCode()} is its masked form.
 */
public class CodeNotFoundException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String maskedCode;

    /**
     * Creates the exception.
     *
     * @param maskedCode the masked form of the code presented
     */
    public CodeNotFoundException(String maskedCode) {
        super("no card key matches " + maskedCode);
        this.maskedCode = maskedCode;
    }

    /**
     * Returns the masked form of the code presented.
     *
     * @return the masked code
     */
    public String maskedCode() {
        return maskedCode;
    }
}
