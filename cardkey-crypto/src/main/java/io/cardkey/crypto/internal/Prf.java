package io.cardkey.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One HMAC key (HMAC-SHA256 from the JDK, or HMAC-SM3 from BouncyCastle); not thread-safe (keep one per thread).
 * Used for the blind index and, through {@link Hkdf}, for key derivation.
 */
public abstract class Prf {
    /** The HMAC algorithms CardKey uses. */
    public enum Algorithm {
        /** HMAC-SHA256 through the JDK. */
        HMAC_SHA256,
        /** HMAC-SM3 (GB/T 32905) through BouncyCastle. */
        HMAC_SM3;

        /**
         * Returns a PRF under {@code key}.
         *
         * @param key the HMAC key, not empty; copied
         * @return a new instance
         */
        public Prf newPrf(byte[] key) {
            if (key.length == 0) {
                throw new IllegalArgumentException("HMAC key was empty; it needs at least one byte");
            }
            return this == HMAC_SHA256 ? new JdkHmacSha256(key.clone()) : new BcHmacSm3(key.clone());
        }

        /**
         * Returns the output length in bytes.
         *
         * @return 32 for both algorithms
         */
        public int length() {
            return 32;
        }
    }

    Prf() {}

    /**
     * Writes the full HMAC of {@code in[off, off+len)} at {@code out[outOff]}.
     *
     * @param in message array
     * @param off message offset
     * @param len message length
     * @param out output array with room for the full tag
     * @param outOff output offset
     */
    public abstract void compute(byte[] in, int off, int len, byte[] out, int outOff);

    private static final class JdkHmacSha256 extends Prf {
        private final Mac mac;

        JdkHmacSha256(byte[] key) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no HmacSHA256", e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }

        @Override
        public void compute(byte[] in, int off, int len, byte[] out, int outOff) {
            mac.update(in, off, len);
            try {
                mac.doFinal(out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 output did not fit", e);
            }
        }
    }

    private static final class BcHmacSm3 extends Prf {
        private final HMac mac = new HMac(new SM3Digest());

        BcHmacSm3(byte[] key) {
            mac.init(new KeyParameter(key));
            Arrays.fill(key, (byte) 0);
        }

        @Override
        public void compute(byte[] in, int off, int len, byte[] out, int outOff) {
            mac.update(in, off, len);
            mac.doFinal(out, outOff);
        }
    }
}
