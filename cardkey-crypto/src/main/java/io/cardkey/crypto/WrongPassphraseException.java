package io.cardkey.crypto;

/**
 * A passphrase-wrapped keyset was opened with a passphrase other than the one it was wrapped with.
 *
 * <p>Immutable.
 */
public final class WrongPassphraseException extends CardKeyCryptoException {
    private static final long serialVersionUID = 1L;

    WrongPassphraseException() {
        super(
                "the passphrase does not open this keyset; check the passphrase (and that this is the right keyset file)");
    }
}
