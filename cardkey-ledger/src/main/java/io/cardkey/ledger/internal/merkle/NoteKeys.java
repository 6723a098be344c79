package io.cardkey.ledger.internal.merkle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 key plumbing for C2SP signed notes: raw 32-byte public keys to and from the JDK's key objects, key names and
 * key hashes. The signing side uses it; {@code ProofVerifier} keeps its own copy of the few lines it needs so that it
 * can be copied out alone, and the round-trip tests hold the two to the same answers.
 */
public final class NoteKeys {
    /** The signature type byte of Ed25519 in a signed note key. */
    public static final byte ED25519_TYPE = 0x01;
    /** The length of a raw Ed25519 public key. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** The length of a note key hash. */
    public static final int KEY_HASH_LENGTH = 4;

    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private NoteKeys() {}

    /**
     * Checks that {@code key} is an Ed25519 key of the JDK's EdDSA provider.
     *
     * @param key a public or private key
     * @param argument the argument name for the message
     * @throws IllegalArgumentException if it is another algorithm or curve
     */
    public static void requireEd25519(Key key, String argument) {
        if (!(key instanceof EdECKey)
                || !NamedParameterSpec.ED25519
                        .getName()
                        .equalsIgnoreCase(((EdECKey) key).getParams().getName())) {
            throw new IllegalArgumentException(argument + " was a " + key.getAlgorithm()
                    + " key; must be an Ed25519 key (KeyPairGenerator " + "\"Ed25519\")");
        }
    }

    /**
     * Returns the raw 32-byte encoding (RFC 8032) of an Ed25519 public key.
     *
     * @param key an Ed25519 public key
     * @return a new 32-byte array
     */
    public static byte[] raw(PublicKey key) {
        requireEd25519(key, "publicKey");
        byte[] spki = key.getEncoded();
        if (spki == null
                || spki.length != SPKI_PREFIX.length + PUBLIC_KEY_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("publicKey has no X.509 encoding of an Ed25519 key");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /**
     * Returns the JDK public key for a raw 32-byte Ed25519 public key.
     *
     * @param raw 32 bytes
     * @return the key
     * @throws IllegalArgumentException if the bytes are not a valid Ed25519 point
     */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "public key length was " + raw.length + "; must be " + PUBLIC_KEY_LENGTH + " (Ed25519)");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_LENGTH);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, PUBLIC_KEY_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no Ed25519", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public key is not a valid Ed25519 public key", e);
        }
    }

    /**
     * Returns the note key hash: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || raw public key).
     *
     * @param name the key name
     * @param rawPublicKey 32 bytes
     * @return a new 4-byte array
     */
    public static byte[] keyHash(String name, byte[] rawPublicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(ED25519_TYPE);
            sha256.update(rawPublicKey);
            return Arrays.copyOf(sha256.digest(), KEY_HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * Checks a note key name: non-empty, well-formed Unicode, no white space and no {@code +}.
     *
     * @param name the candidate
     * @param argument the argument name for the message
     * @return {@code name}
     * @throws IllegalArgumentException if it breaks a rule
     */
    public static String requireValidName(String name, String argument) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException(argument + " was empty; must be a non-empty key name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean unpaired = Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c)
                            && i + 1 < name.length()
                            && Character.isLowSurrogate(name.charAt(++i)));
            if (unpaired) {
                throw new IllegalArgumentException(argument + " holds an unpaired surrogate; must be valid Unicode");
            }
        }
        if (name.codePoints().anyMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw new IllegalArgumentException(
                    argument + " was \"" + name + "\"; a key name must not contain white space or '+'");
        }
        return name;
    }
}
