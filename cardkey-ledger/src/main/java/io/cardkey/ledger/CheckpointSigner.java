package io.cardkey.ledger;

import io.cardkey.ledger.internal.merkle.NoteKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs {@link Checkpoint}s as C2SP {@code signed-note}s with an Ed25519 key the host supplies (or generates), using
 * the JDK's own {@code Ed25519} implementation.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * <p>The private key stays inside this object: it is never returned, printed or written anywhere, and
 * {@link #toString()} shows only the key name and key hash. Keep the key where the host keeps its other signing keys;
 * publish {@link #verifierKey()} out of band so auditors can check checkpoints without trusting the ledger's host.
 */
public final class CheckpointSigner {
    private final PrivateKey privateKey;
    private final CheckpointVerifierKey verifierKey;

    private CheckpointSigner(PrivateKey privateKey, CheckpointVerifierKey verifierKey) {
        this.privateKey = privateKey;
        this.verifierKey = verifierKey;
    }

    /**
     * Creates a signer from a host-supplied Ed25519 key pair. The pair is needed, not only the private key, because the
     * JDK cannot derive an Ed25519 public key from a private key and the signature lines name the public key's hash.
     *
     * @param keyName the key name: non-empty, no white space, no {@code +}; by convention the checkpoint origin
     * @param keyPair an Ed25519 key pair, e.g. from {@code KeyPairGenerator.getInstance("Ed25519")}
     * @return the signer
     * @throws IllegalArgumentException if the name breaks its rule, a key is not Ed25519, or the two keys do not
     *     belong together
     */
    public static CheckpointSigner of(String keyName, KeyPair keyPair) {
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(keyPair, "keyPair");
        PrivateKey privateKey = Objects.requireNonNull(keyPair.getPrivate(), "keyPair.getPrivate()");
        NoteKeys.requireEd25519(privateKey, "keyPair.getPrivate()");
        CheckpointVerifierKey verifierKey =
                CheckpointVerifierKey.of(keyName, Objects.requireNonNull(keyPair.getPublic(), "keyPair.getPublic()"));
        byte[] probe = "cardkey checkpoint signer key pair check\n".getBytes(StandardCharsets.UTF_8);
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(verifierKey.publicKey());
            verifier.update(probe);
            if (!verifier.verify(sign(privateKey, probe))) {
                throw new IllegalArgumentException("keyPair holds a private key and a public key that do not belong "
                        + "together; must be one Ed25519 key pair");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("keyPair could not be checked: " + e.getMessage(), e);
        }
        return new CheckpointSigner(privateKey, verifierKey);
    }

    /**
     * Creates a signer with a freshly generated Ed25519 key pair, for tests and for hosts that then persist the key
     * themselves. The private key cannot be read back from the signer.
     *
     * @param keyName the key name: non-empty, no white space, no {@code +}
     * @return the signer
     * @throws IllegalArgumentException if the name breaks its rule
     */
    public static CheckpointSigner generate(String keyName) {
        Objects.requireNonNull(keyName, "keyName");
        try {
            return of(keyName, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no Ed25519", e);
        }
    }

    /**
     * Signs a checkpoint: its {@link Checkpoint#body() body}, a blank line and the signature line
     * {@code — <key name> <base64(key hash || signature)>}.
     *
     * @param checkpoint the tree head to sign
     * @return the checkpoint with its signed note
     */
    public SignedCheckpoint sign(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        String body = checkpoint.body();
        byte[] signature = sign(privateKey, body.getBytes(StandardCharsets.UTF_8));
        byte[] keyHash = verifierKey.keyHash();
        byte[] blob = new byte[keyHash.length + signature.length];
        System.arraycopy(keyHash, 0, blob, 0, keyHash.length);
        System.arraycopy(signature, 0, blob, keyHash.length, signature.length);
        String note = body + "\n\u2014 " + verifierKey.name() + " "
                + Base64.getEncoder().encodeToString(blob) + "\n";
        return new SignedCheckpoint(checkpoint, note, verifierKey.name());
    }

    private static byte[] sign(PrivateKey privateKey, byte[] message) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Returns the public verifier key to give to auditors.
     *
     * @return the verifier key
     */
    public CheckpointVerifierKey verifierKey() {
        return verifierKey;
    }

    /**
     * Returns the key name.
     *
     * @return the name
     */
    public String keyName() {
        return verifierKey.name();
    }

    /** Returns the key name and key hash only, never key material. */
    @Override
    public String toString() {
        return "CheckpointSigner[keyName=" + verifierKey.name() + ", keyHash=" + verifierKey.keyHashHex() + "]";
    }
}
