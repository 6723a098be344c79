package io.cardkey.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A plaintext secret: a card key, a card password, or any other value that must not leak.
 *
 * <p>The bytes are copied in and copied out; reading them needs {@link PlaintextAccess#grant()}. {@link #toString()}
 * prints no content. Two secrets are compared with {@link #equalsSecret(Secret)}, which takes the same time wherever
 * they differ; {@link #equals(Object)} is identity, so a secret never lands in a hash-based collection by value.
 * {@link #destroy()} overwrites the bytes with zeros; a destroyed secret refuses every further read.
 *
 * <p>Thread-safe. Mutable only through {@link #destroy()}.
 *
 * <h2>Security</h2>
 *
 * A {@code String} cannot be wiped, so prefer {@link #copyOf(byte[])} where the plaintext already is bytes. Wiping is
 * best effort: copies the JVM made (garbage collection, string interning by callers) are out of reach.
 */
public final class Secret implements Destroyable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private Secret(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns a secret holding a copy of {@code bytes}.
     *
     * @param bytes the plaintext; not retained
     * @return a new secret
     * @throws NullPointerException if {@code bytes} is null
     */
    public static Secret copyOf(byte[] bytes) {
        return new Secret(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * Returns a secret holding the UTF-8 encoding of {@code text}.
     *
     * @param text the plaintext; valid Unicode
     * @return a new secret
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} holds a lone surrogate, which has no UTF-8 form (the JDK would
     *     silently write {@code ?} for it, so two different texts would become the same secret)
     */
    public static Secret ofUtf8(CharSequence text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text has a lone surrogate at index " + i
                        + "; a secret's text must be valid Unicode so that it encodes to UTF-8 exactly");
            }
        }
        return new Secret(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the number of bytes of the plaintext.
     *
     * @return the length in bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Returns a copy of the plaintext bytes.
     *
     * @param access the token that says the caller needs the plaintext
     * @return a fresh copy; the caller should wipe it when done
     * @throws NullPointerException if {@code access} is null
     * @throws IllegalStateException if this secret was destroyed
     */
    public byte[] bytes(PlaintextAccess access) {
        Objects.requireNonNull(access, "access");
        checkNotDestroyed();
        return bytes.clone();
    }

    /**
     * Returns the plaintext decoded as UTF-8.
     *
     * @param access the token that says the caller needs the plaintext
     * @return the plaintext as text
     * @throws NullPointerException if {@code access} is null
     * @throws IllegalStateException if this secret was destroyed, or its bytes are not valid UTF-8 (they are never
     *     replaced silently, which would turn different secrets into the same text)
     */
    public String utf8(PlaintextAccess access) {
        Objects.requireNonNull(access, "access");
        checkNotDestroyed();
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(
                    "secret of " + bytes.length + " bytes is not valid UTF-8; read it with bytes(PlaintextAccess)");
        }
    }

    /**
     * Compares two secrets in time that does not depend on where they differ.
     *
     * @param other the other secret
     * @return whether both hold the same bytes
     * @throws NullPointerException if {@code other} is null
     * @throws IllegalStateException if either secret was destroyed
     */
    public boolean equalsSecret(Secret other) {
        Objects.requireNonNull(other, "other");
        checkNotDestroyed();
        other.checkNotDestroyed();
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Overwrites the plaintext with zeros; every later read throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Returns a description without any content: {@code Secret[redacted]}. */
    @Override
    public String toString() {
        return destroyed ? "Secret[destroyed]" : "Secret[redacted]";
    }

    /** Takes ownership of {@code bytes} without copying: for this package's code that just decrypted them. */
    static Secret adopt(byte[] bytes) {
        return new Secret(bytes);
    }

    /**
     * The plaintext itself, not copied: for this package's sealing hot path, which reads it once and neither keeps
     * nor changes it.
     */
    byte[] bytesWithoutCopy() {
        checkNotDestroyed();
        return bytes;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed; it can no longer be read");
        }
    }
}
