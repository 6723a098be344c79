package io.cardkey.benchmarks.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
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
 * What the JDK alone does on this machine, the ceiling under CardKey's crypto: AES-256-GCM over a 48-byte message
 * with a fresh random nonce, HMAC-SHA256 over a 17-character code, and a 16-byte {@link SecureRandom} draw. Only a
 * reference point ({@code impl = jdk}); the comparisons with CardKey live in the other benchmarks.
 *
 * <p>{@code benchmarks/run quick PrimitiveBaselineBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrimitiveBaselineBenchmark {
    /** Only the JDK is measured here. */
    @Param({"jdk"})
    public String impl;

    private final SecureRandom random = new SecureRandom();
    private final byte[] payload = new byte[48];
    private final byte[] nonce = new byte[12];
    private final byte[] draw = new byte[16];
    private final byte[] code = "7K2Q9XAB3MN4PR5TV".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private SecretKeySpec aesKey;
    private Cipher cipher;
    private Mac mac;

    /** Creates keys and primitives once per thread. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        byte[] key = new byte[32];
        random.nextBytes(key);
        random.nextBytes(payload);
        aesKey = new SecretKeySpec(key, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
    }

    /** AES-256-GCM seal of 48 bytes with a fresh random nonce. */
    @Benchmark
    public byte[] aesGcmSeal48() throws GeneralSecurityException {
        random.nextBytes(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce));
        return cipher.doFinal(payload);
    }

    /** HMAC-SHA256 of a 17-byte code. */
    @Benchmark
    public byte[] hmacSha256() {
        return mac.doFinal(code);
    }

    /** One 16-byte draw from the default {@link SecureRandom}. */
    @Benchmark
    public byte[] secureRandom16() {
        random.nextBytes(draw);
        return draw;
    }
}
