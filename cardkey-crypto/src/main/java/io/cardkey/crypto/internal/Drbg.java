package io.cardkey.crypto.internal;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** The one way this package makes a deterministic random bit generator, so codes, nonces and keys agree on it. */
final class Drbg {
    private Drbg() {}

    /**
     * Returns a new NIST SP 800-90A DRBG (the JDK's {@code DRBG} mechanism, Hash_DRBG with SHA-256 by default) at
     * 256-bit strength with reseeding, instantiated with entropy from the operating system. Meant to be owned by one
     * thread: a shared instance serialises its callers.
     */
    static SecureRandom newInstance() {
        try {
            return SecureRandom.getInstance(
                    "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no DRBG SecureRandom with 256-bit strength", e);
        }
    }
}
