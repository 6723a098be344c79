package io.cardkey.crypto;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A card number and its password (卡号 + 卡密), as some suppliers issue them; parsed by {@link PairFormat}.
 *
 * <p>Both parts are held as {@link CardCode}s, since a card number can be enough to redeem a card at some
 * suppliers. {@link #toString()} shows only their masked forms.
 *
 * <p>Thread-safe. Mutable only through {@link #destroy()}, which wipes both parts.
 */
public final class CardPair implements Destroyable {
    private final CardCode number;
    private final CardCode password;

    CardPair(CardCode number, CardCode password) {
        this.number = Objects.requireNonNull(number, "number");
        this.password = Objects.requireNonNull(password, "password");
    }

    /**
     * Returns the card number.
     *
     * @return the number, normalised by the pair format's number format
     */
    public CardCode number() {
        return number;
    }

    /**
     * Returns the password.
     *
     * @return the password, normalised by the pair format's password format
     */
    public CardCode password() {
        return password;
    }

    /**
     * Compares two pairs in constant time.
     *
     * @param other another pair
     * @return whether both numbers and both passwords are equal codes
     * @throws NullPointerException if {@code other} is null
     * @throws IllegalStateException if either pair was destroyed
     */
    public boolean equalsPair(CardPair other) {
        Objects.requireNonNull(other, "other");
        boolean sameNumber = number.equalsCode(other.number);
        boolean samePassword = password.equalsCode(other.password);
        return sameNumber & samePassword;
    }

    /** Wipes the number and the password. */
    @Override
    public void destroy() {
        number.destroy();
        password.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return number.isDestroyed() && password.isDestroyed();
    }

    /** Returns {@code CardPair[number=}masked{@code , password=}masked{@code ]}, or {@code CardPair[destroyed]}. */
    @Override
    public String toString() {
        if (number.isDestroyed() || password.isDestroyed()) {
            return "CardPair[destroyed]";
        }
        return "CardPair[number=" + number.masked() + ", password=" + password.masked() + "]";
    }
}
