package io.cardkey.benchmarks.crypto;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import io.cardkey.crypto.Suite;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealing and opening 48-byte secrets with the BouncyCastle suites, AES-256-GCM-SIV and SM4-GCM: CardKey's
 * {@link Sealer} against BouncyCastle's raw lightweight engine ({@code impl = bc}) doing the cryptographic core of the
 * same job (fresh random 96-bit nonce, 128-bit tag, the same associated data) with nothing around it, so the ratio is
 * CardKey's overhead over the engine.
 *
 * <p>{@code benchmarks/run quick SuiteSealBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SuiteSealBenchmark {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** {@code cardkey} or {@code bc}. */
    @Param({"cardkey", "bc"})
    public String impl;

    /** The suite. */
    @Param({"AES_256_GCM_SIV", "SM4_GCM"})
    public String suite;

    private Secret secret;
    private RecordBinding binding;
    private Sealer sealer;
    private SealedSecret sealed;

    private final SecureRandom random = new SecureRandom();
    private AEADCipher engine;
    private KeyParameter key;
    private byte[] payload;
    private byte[] associatedData;
    private byte[] nonce;
    private byte[] engineCiphertext;

    /** Generates keys and one sealed secret to open. */
    @Setup
    public void setUp() throws InvalidCipherTextException {
        payload = Payloads.random48();
        binding = Payloads.binding();
        associatedData = binding.toAssociatedData();
        Suite chosen = Suite.valueOf(suite);
        switch (impl) {
            case "cardkey":
                secret = Secret.copyOf(payload);
                sealer = Sealer.of(Keyset.generate(chosen));
                sealed = sealer.seal(secret, binding);
                break;
            case "bc":
                byte[] keyBytes = new byte[chosen == Suite.SM4_GCM ? 16 : 32];
                random.nextBytes(keyBytes);
                key = new KeyParameter(keyBytes);
                engine = chosen == Suite.SM4_GCM
                        ? GCMBlockCipher.newInstance(new SM4Engine())
                        : new GCMSIVBlockCipher(AESEngine.newInstance());
                nonce = new byte[NONCE_BYTES];
                engineCiphertext = engineSeal();
                break;
            default:
                throw new IllegalArgumentException("impl was " + impl + "; must be cardkey or bc");
        }
    }

    private byte[] engineSeal() throws InvalidCipherTextException {
        random.nextBytes(nonce);
        engine.init(true, new AEADParameters(key, TAG_BITS, nonce, associatedData));
        byte[] out = new byte[engine.getOutputSize(payload.length)];
        int n = engine.processBytes(payload, 0, payload.length, out, 0);
        engine.doFinal(out, n);
        return out;
    }

    private byte[] engineOpen() throws InvalidCipherTextException {
        engine.init(false, new AEADParameters(key, TAG_BITS, nonce, associatedData));
        byte[] out = new byte[engine.getOutputSize(engineCiphertext.length)];
        int n = engine.processBytes(engineCiphertext, 0, engineCiphertext.length, out, 0);
        engine.doFinal(out, n);
        return out;
    }

    /** Seals one 48-byte secret. */
    @Benchmark
    public Object seal() throws InvalidCipherTextException {
        return sealer != null ? sealer.seal(secret, binding) : engineSeal();
    }

    /** Opens (decrypts and verifies) one sealed 48-byte secret. */
    @Benchmark
    public Object open() throws InvalidCipherTextException {
        return sealer != null ? sealer.open(sealed, binding) : engineOpen();
    }
}
