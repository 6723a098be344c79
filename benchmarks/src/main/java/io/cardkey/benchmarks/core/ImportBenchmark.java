package io.cardkey.benchmarks.core;

import io.cardkey.benchmarks.BenchDirectories;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKeys;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.ImportReport;
import io.cardkey.core.Money;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Import of one supplier file of 1,000,000 codes into a durable data directory, single shot: read and parse every
 * line (supplier text, NFKC), drop duplicates within the file and of stock (blind index), seal each code to its
 * record, and append every stocked code to the file journal, which has fsynced it when {@code importFile} returns.
 * Each measured import goes into a fresh data directory; the JVM runs with a 512 MB heap, so the import must stream.
 *
 * <p>{@code benchmarks/run quick ImportBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ImportBenchmark {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("STEAM-100");

    /** {@code cardkey}: the library's import. */
    @Param({"cardkey"})
    public String impl;

    /** How many codes the file holds. */
    @Param({"1000000"})
    public int codes;

    private Keyset keyset;
    private Path file;
    private Path dir;
    private CardKeys cardKeys;

    /** Writes the supplier file once per trial: random 20-character codes in groups of five, one per line. */
    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        keyset = Keyset.generate(Suite.AES_256_GCM);
        file = Files.createTempFile(BenchDirectories.base(), "supplier-", ".txt");
        writeSupplierFile(file, codes, 42);
    }

    /** Opens a fresh data directory with the product in its catalog. */
    @Setup(Level.Iteration)
    public void open() {
        dir = BenchDirectories.newDirectory("import");
        cardKeys = CardKeys.builder().keyset(keyset).dataDirectory(dir).build();
        cardKeys.putProduct(new Product(SKU, "Steam 100", Money.ofMinor(10000, CNY), false));
    }

    /** Imports the file; returns the report so the work cannot be eliminated. */
    @Benchmark
    public ImportReport importFile() throws IOException {
        Batch batch = new Batch("S1", SKU, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ImportReport report = cardKeys.importFile(batch, in, ImportFormat.codes(CodeFormat.supplierText()));
            if (report.accepted() != codes) {
                throw new IllegalStateException("accepted " + report.accepted() + " of " + codes);
            }
            return report;
        }
    }

    /** Closes the instance and deletes its data directory. */
    @TearDown(Level.Iteration)
    public void close() {
        cardKeys.close();
        BenchDirectories.delete(dir);
    }

    /** Deletes the supplier file. */
    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Writes {@code count} distinct random codes of 20 characters ({@code XXXXX-XXXXX-XXXXX-XXXXX} without the dashes),
     * one per line.
     */
    static void writeSupplierFile(Path file, int count, long seed) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SplittableRandom random = new SplittableRandom(seed);
        char[] line = new char[21];
        line[20] = '\n';
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                // The first six characters count up, so the codes are distinct without a set.
                int n = i;
                for (int c = 5; c >= 0; c--) {
                    line[c] = alphabet.charAt(n & 31);
                    n >>>= 5;
                }
                for (int c = 6; c < 20; c++) {
                    line[c] = alphabet.charAt(random.nextInt(32));
                }
                out.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
