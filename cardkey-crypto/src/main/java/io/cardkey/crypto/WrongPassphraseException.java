package io.cardkey.crypto;

/**
 * A passphrase-wrapped keyset was opened with a passphrase other than the one it was wrapped with.
 *
 * <p>The check compares a value derived from the passphrase, the stored salt and the stored Argon2id parameters, so a
 * file whose salt, parameters or check value were edited (and its checksum recomputed) also ends here: those edits
 * cannot be told apart from a wrong passphrase. An edit anywhere else is a {@link KeysetIntegrityException}.
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
