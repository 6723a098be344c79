package io.cardkey.crypto.internal;

import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;

/**
 * SM4-GCM (GB/T 32907 block cipher in GCM, RFC 8998). Keeps its key schedule and GHASH tables between messages, which
 * BouncyCastle's GCM allows by re-initialising with a {@code null} key.
 */
final class BcSm4Gcm extends BcAead {
    BcSm4Gcm(byte[] key) {
        super(GCMBlockCipher.newInstance(new SM4Engine()), key);
    }

    @Override
    boolean reusesKeySchedule() {
        return true;
    }
}
