package io.cardkey.core;

import io.cardkey.crypto.Secret;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * A code opened for its buyer: the plaintext as a {@link Secret}, with the card password for number + password cards.
 *
 * <p>Thread-safe; mutable only through {@link #destroy()}, which wipes the plaintext.
 *
 * <h2>Security</h2>
 *
 * {@link #toString()} prints the record id and the masked form only. Show the code to the buyer and destroy it.
 */
public final class RevealedCode implements Destroyable {
    private final long cardKeyId;
    private final String maskedCode;
    private final Secret code;
    private final Optional<Secret> password;

    /**
     * Creates a revealed code; it takes ownership of the secrets.
     *
     * @param cardKeyId the record id
     * @param maskedCode the display form
     * @param code the code or card number
     * @param password the card password, for pairs
     */
    public RevealedCode(long cardKeyId, String maskedCode, Secret code, Optional<Secret> password) {
        this.cardKeyId = cardKeyId;
        this.maskedCode = Objects.requireNonNull(maskedCode, "maskedCode");
        this.code = Objects.requireNonNull(code, "code");
        this.password = Objects.requireNonNull(password, "password");
    }

    /**
     * Returns the record id.
     *
     * @return the id
     */
    public long cardKeyId() {
        return cardKeyId;
    }

    /**
     * Returns the display form.
     *
     * @return the masked code
     */
    public String maskedCode() {
        return maskedCode;
    }

    /**
     * Returns the code (or the card number of a pair) in normal form.
     *
     * @return the secret
     */
    public Secret code() {
        return code;
    }

    /**
     * Returns the card password, for number + password cards.
     *
     * @return the password, or empty
     */
    public Optional<Secret> password() {
        return password;
    }

    /** Wipes the plaintext. */
    @Override
    public void destroy() {
        code.destroy();
        password.ifPresent(Secret::destroy);
    }

    @Override
    public boolean isDestroyed() {
        return code.isDestroyed();
    }

    /** Returns the id and masked form; never the plaintext. */
    @Override
    public String toString() {
        return "RevealedCode[" + cardKeyId + ", " + maskedCode + "]";
    }
}
