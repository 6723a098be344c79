package io.cardkey.crypto.internal;

import java.util.Arrays;

/** HKDF (RFC 5869) over an HMAC {@link Prf.Algorithm}. Stateless and thread-safe. */
public final class Hkdf {
    private Hkdf() {}

    /**
     * Derives {@code length} bytes.
     *
     * @param algorithm the HMAC
     * @param salt the salt; empty means a string of zeros of the hash length, as the RFC says
     * @param ikm the input keying material
     * @param info the context
     * @param length output length, 1 to 255 times the hash length
     * @return the output keying material
     * @throws IllegalArgumentException if {@code length} is out of range
     */
    public static byte[] derive(Prf.Algorithm algorithm, byte[] salt, byte[] ikm, byte[] info, int length) {
        int hashLength = algorithm.length();
        if (length < 1 || length > 255 * hashLength) {
            throw new IllegalArgumentException(
                    "HKDF output length was " + length + "; must be between 1 and " + 255 * hashLength);
        }
        byte[] prk = new byte[hashLength];
        algorithm.newPrf(salt.length == 0 ? new byte[hashLength] : salt).compute(ikm, 0, ikm.length, prk, 0);
        Prf expand = algorithm.newPrf(prk);
        Arrays.fill(prk, (byte) 0);
        byte[] okm = new byte[length];
        byte[] block = new byte[hashLength + info.length + 1];
        byte[] t = new byte[hashLength];
        int previous = 0;
        for (int i = 1, done = 0; done < length; i++) {
            System.arraycopy(t, 0, block, 0, previous);
            System.arraycopy(info, 0, block, previous, info.length);
            block[previous + info.length] = (byte) i;
            expand.compute(block, 0, previous + info.length + 1, t, 0);
            int n = Math.min(hashLength, length - done);
            System.arraycopy(t, 0, okm, done, n);
            done += n;
            previous = hashLength;
        }
        Arrays.fill(block, (byte) 0);
        Arrays.fill(t, (byte) 0);
        return okm;
    }
}
