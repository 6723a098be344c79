package io.cardkey.crypto.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * An AEAD from BouncyCastle's lightweight API (no JCA provider is registered). Subclasses say whether the mode can be
 * re-initialised with the same key without repeating its key schedule.
 */
abstract class BcAead extends Aead {
    private final AEADCipher cipher;
    private final KeyParameter key;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private boolean keyed;

    BcAead(AEADCipher cipher, byte[] key) {
        this.cipher = cipher;
        this.key = new KeyParameter(key);
        Arrays.fill(key, (byte) 0);
    }

    /** Whether {@code init} with a {@code null} key reuses the key schedule of the previous {@code init}. */
    abstract boolean reusesKeySchedule();

    private void init(boolean forEncryption, byte[] src, int off) {
        System.arraycopy(src, off, nonce, 0, NONCE_LENGTH);
        KeyParameter k = keyed && reusesKeySchedule() ? null : key;
        cipher.init(forEncryption, new AEADParameters(k, TAG_LENGTH * 8, nonce));
        keyed = true;
    }

    @Override
    public final void seal(
            byte[] nonce,
            int nonceOff,
            byte[] aad,
            int aadOff,
            int aadLen,
            byte[] in,
            int inOff,
            int inLen,
            byte[] out,
            int outOff) {
        init(true, nonce, nonceOff);
        cipher.processAADBytes(aad, aadOff, aadLen);
        int n = cipher.processBytes(in, inOff, inLen, out, outOff);
        try {
            cipher.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(cipher.getAlgorithmName() + " encryption failed", e);
        }
    }

    @Override
    public final boolean open(
            byte[] nonce,
            int nonceOff,
            byte[] aad,
            int aadOff,
            int aadLen,
            byte[] in,
            int inOff,
            int inLen,
            byte[] out,
            int outOff) {
        init(false, nonce, nonceOff);
        cipher.processAADBytes(aad, aadOff, aadLen);
        int n = cipher.processBytes(in, inOff, inLen, out, outOff);
        try {
            cipher.doFinal(out, outOff + n);
            return true;
        } catch (InvalidCipherTextException e) {
            // GCM streams plaintext out before it checks the tag: wipe whatever was written.
            Arrays.fill(out, outOff, outOff + Math.max(0, inLen - TAG_LENGTH), (byte) 0);
            cipher.reset();
            return false;
        }
    }
}
