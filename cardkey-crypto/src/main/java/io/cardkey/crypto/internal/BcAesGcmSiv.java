package io.cardkey.crypto.internal;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;

/** AES-256-GCM-SIV (RFC 8452), nonce-misuse resistant; derives fresh message keys from every nonce. */
final class BcAesGcmSiv extends BcAead {
    BcAesGcmSiv(byte[] key) {
        super(new GCMSIVBlockCipher(AESEngine.newInstance()), key);
    }

    @Override
    boolean reusesKeySchedule() {
        return false;
    }
}
