package io.cardkey.ledger;

import io.cardkey.ledger.internal.merkle.NoteKeys;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The public half of a {@link CheckpointSigner}: a key name and an Ed25519 public key, written in the C2SP
 * {@code signed-note} verifier key ({@code vkey}) format {@code <name>+<key hash, 8 hex digits>+<base64(0x01 || 32-byte
 * public key)>}, e.g. {@code PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW}. The key hash is the
 * first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key).
 *
 * <p>Immutable and thread-safe. Equal when the encoded forms are equal.
 *
 * <h2>Security</h2>
 *
 * <p>Give this text to auditors out of band (not inside the ledger it vouches for): anyone holding it can check
 * checkpoints with {@link #open} or with the standalone {@link ProofVerifier}. It holds no secret.
 */
public final class CheckpointVerifierKey {
    private final String name;
    private final byte[] rawPublicKey;
    private final byte[] keyHash;
    private final String encoded;

    private CheckpointVerifierKey(String name, byte[] rawPublicKey) {
        this.name = name;
        this.rawPublicKey = rawPublicKey;
        this.keyHash = NoteKeys.keyHash(name, rawPublicKey);
        byte[] typeAndKey = new byte[1 + rawPublicKey.length];
        typeAndKey[0] = NoteKeys.ED25519_TYPE;
        System.arraycopy(rawPublicKey, 0, typeAndKey, 1, rawPublicKey.length);
        this.encoded = name + "+" + HexFormat.of().formatHex(keyHash) + "+"
                + Base64.getEncoder().encodeToString(typeAndKey);
    }

    /**
     * Creates the verifier key for an Ed25519 public key.
     *
     * @param name the key name: non-empty, no white space, no {@code +}; by convention the origin of the log
     * @param publicKey an Ed25519 public key
     * @return the verifier key
     * @throws IllegalArgumentException if the name breaks its rule or the key is not Ed25519
     */
    public static CheckpointVerifierKey of(String name, PublicKey publicKey) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        NoteKeys.requireValidName(name, "name");
        return new CheckpointVerifierKey(name, NoteKeys.raw(publicKey));
    }

    /**
     * Parses a verifier key in {@code vkey} format.
     *
     * @param vkey {@code <name>+<8 hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>}
     * @return the verifier key
     * @throws IllegalArgumentException if the text is malformed, the key type is not Ed25519 ({@code 0x01}), the key
     *     is not a valid Ed25519 point, or the key hash does not match name and key
     */
    public static CheckpointVerifierKey parse(String vkey) {
        Objects.requireNonNull(vkey, "vkey");
        int firstPlus = vkey.indexOf('+');
        int secondPlus = firstPlus < 0 ? -1 : vkey.indexOf('+', firstPlus + 1);
        if (secondPlus < 0) {
            throw new IllegalArgumentException("vkey \"" + vkey + "\" is not <name>+<key hash>+<base64 key>");
        }
        String name = NoteKeys.requireValidName(vkey.substring(0, firstPlus), "vkey name");
        String hash = vkey.substring(firstPlus + 1, secondPlus);
        String key = vkey.substring(secondPlus + 1);
        byte[] typeAndKey;
        try {
            typeAndKey = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vkey key \"" + key + "\" is not base64", e);
        }
        if (!Base64.getEncoder().encodeToString(typeAndKey).equals(key)) {
            throw new IllegalArgumentException("vkey key \"" + key + "\" is not canonical padded base64");
        }
        if (typeAndKey.length != 1 + NoteKeys.PUBLIC_KEY_LENGTH || typeAndKey[0] != NoteKeys.ED25519_TYPE) {
            throw new IllegalArgumentException("vkey key is " + typeAndKey.length + " bytes of type "
                    + (typeAndKey.length == 0 ? "none" : typeAndKey[0]) + "; must be 33 bytes of type 1 (Ed25519)");
        }
        byte[] raw = Arrays.copyOfRange(typeAndKey, 1, typeAndKey.length);
        NoteKeys.publicKey(raw); // rejects bytes that are not a point on the curve
        CheckpointVerifierKey parsed = new CheckpointVerifierKey(name, raw);
        if (hash.length() != 8 || !parsed.keyHashHex().equals(hash.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "vkey key hash was \"" + hash + "\"; name and key give " + parsed.keyHashHex());
        }
        return parsed;
    }

    /**
     * Verifies a signed checkpoint note and returns the checkpoint it signs. The check is {@link
     * ProofVerifier#openCheckpoint}: the first signature line by this key (name and key hash) must verify, and the body
     * must be exactly origin, tree size and root hash lines.
     *
     * @param note the whole signed note
     * @return the verified checkpoint with its note
     * @throws ProofVerificationException with reason {@link ProofVerificationException.Reason#NOTE_REJECTED} if the
     *     note is malformed, not signed by this key, or the signature does not verify
     */
    public SignedCheckpoint open(String note) {
        Objects.requireNonNull(note, "note");
        return ProofVerifier.openCheckpoint(note, encoded)
                .map(verified -> new SignedCheckpoint(Checkpoint.of(verified), note, name))
                .orElseThrow(() -> new ProofVerificationException(
                        ProofVerificationException.Reason.NOTE_REJECTED,
                        "checkpoint note is malformed or carries no valid signature by verifier key " + name + "+"
                                + keyHashHex()));
    }

    /**
     * Returns the key name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the key hash as 8 lowercase hex digits; it is also the first 4 bytes of every signature by this key.
     *
     * @return the key hash
     */
    public String keyHashHex() {
        return HexFormat.of().formatHex(keyHash);
    }

    /**
     * Returns the raw 32-byte Ed25519 public key.
     *
     * @return a copy of the key bytes
     */
    public byte[] rawPublicKey() {
        return rawPublicKey.clone();
    }

    /**
     * Returns the JDK public key.
     *
     * @return an Ed25519 public key
     */
    public PublicKey publicKey() {
        return NoteKeys.publicKey(rawPublicKey);
    }

    /**
     * Returns the {@code vkey} text, which {@link #parse} reads back.
     *
     * @return the encoded verifier key
     */
    public String encoded() {
        return encoded;
    }

    byte[] keyHash() {
        return keyHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CheckpointVerifierKey && ((CheckpointVerifierKey) other).encoded.equals(encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    /** Returns {@link #encoded()}: a verifier key holds no secret. */
    @Override
    public String toString() {
        return encoded;
    }
}
