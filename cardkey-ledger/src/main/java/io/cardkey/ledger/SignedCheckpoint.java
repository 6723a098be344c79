package io.cardkey.ledger;

import java.util.Objects;

/**
 * A {@link Checkpoint} together with its signed note, the text to publish: the C2SP {@code tlog-checkpoint} body, a
 * blank line and one signature line {@code — <key name> <base64(key hash || Ed25519 signature)>}, which transparency
 * log tooling (for example Go's {@code golang.org/x/mod/sumdb/note}) reads as it is.
 *
 * <p>Instances come only from {@link CheckpointSigner#sign} or, after the signature was checked, from
 * {@link CheckpointVerifierKey#open}, so holding one means the note is signed by the key named in
 * {@link #keyName()}.
 *
 * <p>Immutable and thread-safe. Equal when the notes are equal.
 */
public final class SignedCheckpoint {
    private final Checkpoint checkpoint;
    private final String note;
    private final String keyName;

    SignedCheckpoint(Checkpoint checkpoint, String note, String keyName) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.note = Objects.requireNonNull(note, "note");
        this.keyName = Objects.requireNonNull(keyName, "keyName");
    }

    /**
     * Returns the checkpoint the note signs.
     *
     * @return the checkpoint
     */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /**
     * Returns the whole signed note, ending in a newline: publish or store this text.
     *
     * @return the note
     */
    public String note() {
        return note;
    }

    /**
     * Returns the name of the key whose signature was made or checked.
     *
     * @return the key name
     */
    public String keyName() {
        return keyName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedCheckpoint && ((SignedCheckpoint) other).note.equals(note);
    }

    @Override
    public int hashCode() {
        return note.hashCode();
    }

    @Override
    public String toString() {
        return "SignedCheckpoint[" + checkpoint + ", keyName=" + keyName + "]";
    }
}
