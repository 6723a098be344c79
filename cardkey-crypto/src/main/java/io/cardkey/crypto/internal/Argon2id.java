package io.cardkey.crypto.internal;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) through BouncyCastle. Stateless and thread-safe. */
public final class Argon2id {
    private Argon2id() {}

    /**
     * Derives {@code length} bytes from a passphrase.
     *
     * @param passphrase the passphrase bytes; not retained
     * @param salt the salt
     * @param memoryKiB memory in KiB
     * @param iterations passes over memory
     * @param parallelism lanes
     * @param length output length in bytes
     * @return the derived bytes
     */
    public static byte[] derive(
            byte[] passphrase, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(passphrase, out);
        return out;
    }
}
