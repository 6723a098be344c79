package io.cardkey.benchmarks.crypto;

import io.cardkey.crypto.RecordBinding;
import java.security.SecureRandom;

/** The data every sealing benchmark uses, for CardKey and its peers alike. */
final class Payloads {
    /** Plaintext length: a card number and password pair fits comfortably. */
    static final int LENGTH = 48;

    private Payloads() {}

    /** Returns {@value #LENGTH} random bytes. */
    static byte[] random48() {
        byte[] payload = new byte[LENGTH];
        new SecureRandom().nextBytes(payload);
        return payload;
    }

    /** The record a sealed secret is bound to; peers receive its associated data bytes. */
    static RecordBinding binding() {
        return RecordBinding.of("tenant-0001", "sku-game-card-100", "code-000000123456");
    }
}
