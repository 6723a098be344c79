package io.cardkey.crypto.internal;

import java.security.SecureRandom;

/**
 * Fresh random 96-bit nonces, fast on every thread.
 *
 * <p>Design: one {@code SecureRandom} shared by all threads does not scale (the JDK's {@code NativePRNG} serialises
 * callers), and a DRBG call costs about 300 ns whatever its size. So each thread owns a Hash_DRBG (SHA-256, 256-bit
 * strength, seeded by the JDK from the operating system) and draws nonces in batches of {@value #BATCH} into a buffer.
 * Nonces are public values, so the buffer needs no protection; each one is handed out once.
 */
public final class NonceSource {
    private static final int BATCH = 256;
    private static final ThreadLocal<NonceSource> LOCAL = ThreadLocal.withInitial(NonceSource::new);

    private final SecureRandom random;
    private final byte[] buffer = new byte[BATCH * Aead.NONCE_LENGTH];
    private int position = buffer.length;

    private NonceSource() {
        random = Drbg.newInstance();
    }

    /**
     * Writes a fresh 12-byte nonce at {@code out[off]}.
     *
     * @param out destination
     * @param off offset
     */
    public static void next(byte[] out, int off) {
        LOCAL.get().fill(out, off);
    }

    /**
     * Returns fresh random bytes from this thread's DRBG (for salts and keys, not only nonces).
     *
     * @param length how many bytes
     * @return the bytes
     */
    public static byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        LOCAL.get().random.nextBytes(out);
        return out;
    }

    private void fill(byte[] out, int off) {
        if (position == buffer.length) {
            random.nextBytes(buffer);
            position = 0;
        }
        System.arraycopy(buffer, position, out, off, Aead.NONCE_LENGTH);
        position += Aead.NONCE_LENGTH;
    }
}
