package io.cardkey.benchmarks.crypto;

import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Codes generated per second in the standard format (Crockford Base32, 16 data characters and a check character)
 * from one shared {@link CodeGenerator}, with one and with two threads: the second shows whether generation scales
 * to the second core. {@link PrimitiveBaselineBenchmark#secureRandom16} is the JDK's own draw speed beside it.
 *
 * <p>{@code benchmarks/run quick CodeGenerateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodeGenerateBenchmark {
    private CodeGenerator generator;

    /** Creates a generator for a product with up to a billion live codes. */
    @Setup
    public void setUp() {
        generator = CodeGenerator.create(CodeFormat.standard(), 1_000_000_000L);
    }

    /** One thread generating. */
    @Benchmark
    @Threads(1)
    public CardCode oneThread() {
        return generator.generate();
    }

    /** Two threads generating from the same generator. */
    @Benchmark
    @Threads(2)
    public CardCode twoThreads() {
        return generator.generate();
    }
}
