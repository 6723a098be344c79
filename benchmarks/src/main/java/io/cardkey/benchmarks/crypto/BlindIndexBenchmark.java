package io.cardkey.benchmarks.crypto;

import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Secret;
import io.cardkey.crypto.Suite;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Blind indexes per second: CardKey's {@link BlindIndexer} (HMAC-SHA256 of the normalised code under a derived key,
 * truncated to 16 bytes) against the JDK's bare HMAC-SHA256 of the same bytes, truncated the same way
 * ({@code impl = jdk}).
 *
 * <p>{@code benchmarks/run quick BlindIndexBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlindIndexBenchmark {
    /** {@code cardkey} or {@code jdk}. */
    @Param({"cardkey", "jdk"})
    public String impl;

    private Secret code;
    private BlindIndexer indexer;
    private Mac mac;
    private byte[] codeBytes;

    /** Generates a keyset and one standard code. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        code = CodeGenerator.create(CodeFormat.standard(), 1_000_000).generate().normalised();
        switch (impl) {
            case "cardkey":
                indexer = BlindIndexer.of(Keyset.generate(Suite.AES_256_GCM));
                break;
            case "jdk":
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                codeBytes = code.bytes(PlaintextAccess.grant());
                break;
            default:
                throw new IllegalArgumentException("impl was " + impl + "; must be cardkey or jdk");
        }
    }

    /** Indexes one code. */
    @Benchmark
    public Object index() {
        return indexer != null ? indexer.index(code) : Arrays.copyOf(mac.doFinal(codeBytes), 16);
    }
}
