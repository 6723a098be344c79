package io.cardkey.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM through the JDK's SunJCE provider, which uses AES-NI and CLMUL intrinsics where the CPU has them. */
final class JdkAesGcm extends Aead {
    private final SecretKeySpec key;
    private final Cipher cipher;

    JdkAesGcm(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        Arrays.fill(key, (byte) 0);
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding cipher", e);
        }
    }

    @Override
    public void seal(
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
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce, nonceOff, NONCE_LENGTH));
            cipher.updateAAD(aad, aadOff, aadLen);
            cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public boolean open(
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
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce, nonceOff, NONCE_LENGTH));
            cipher.updateAAD(aad, aadOff, aadLen);
            cipher.doFinal(in, inOff, inLen, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            // The JDK verifies the tag before it releases any plaintext, so out holds nothing to wipe.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
