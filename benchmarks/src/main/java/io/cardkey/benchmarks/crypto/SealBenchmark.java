package io.cardkey.benchmarks.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import io.cardkey.crypto.Suite;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealing and opening 48-byte secrets with AES-256-GCM: CardKey's {@link Sealer} (fresh random nonce, record binding
 * as associated data, authenticated header) against Google Tink's AES-256-GCM {@link Aead} (fresh random nonce, Tink
 * key-id prefix) given the same plaintext and the same associated data bytes, in the same run.
 *
 * <p>{@code benchmarks/run quick SealBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealBenchmark {
    /** {@code cardkey} or {@code tink}. */
    @Param({"cardkey", "tink"})
    public String impl;

    /** The suite; Tink offers AES-GCM, so that is where the two meet. */
    @Param({"AES_256_GCM"})
    public String suite;

    private Secret secret;
    private RecordBinding binding;
    private Sealer sealer;
    private SealedSecret sealed;
    private byte[] payload;
    private byte[] associatedData;
    private Aead tink;
    private byte[] tinkCiphertext;

    /** Generates keys and one sealed secret to open. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        payload = Payloads.random48();
        binding = Payloads.binding();
        associatedData = binding.toAssociatedData();
        switch (impl) {
            case "cardkey":
                secret = Secret.copyOf(payload);
                sealer = Sealer.of(Keyset.generate(Suite.valueOf(suite)));
                sealed = sealer.seal(secret, binding);
                break;
            case "tink":
                AeadConfig.register();
                tink = KeysetHandle.newBuilder()
                        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                                .withRandomId()
                                .makePrimary())
                        .build()
                        .getPrimitive(RegistryConfiguration.get(), Aead.class);
                tinkCiphertext = tink.encrypt(payload, associatedData);
                break;
            default:
                throw new IllegalArgumentException("impl was " + impl + "; must be cardkey or tink");
        }
    }

    /** Seals one 48-byte secret. */
    @Benchmark
    public Object seal() throws GeneralSecurityException {
        return sealer != null ? sealer.seal(secret, binding) : tink.encrypt(payload, associatedData);
    }

    /** Opens (decrypts and verifies) one sealed 48-byte secret. */
    @Benchmark
    public Object open() throws GeneralSecurityException {
        return sealer != null ? sealer.open(sealed, binding) : tink.decrypt(tinkCiphertext, associatedData);
    }
}
