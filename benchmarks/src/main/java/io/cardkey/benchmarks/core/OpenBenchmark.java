package io.cardkey.benchmarks.core;

import io.cardkey.benchmarks.BenchDirectories;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.ImportReport;
import io.cardkey.core.Money;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Map;
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
 * Open of a data directory holding 10,000,000 codes, single shot: open the file journal and the ledger, load the
 * newest inventory snapshot (checksum, columns, blind-index table, id sets), replay the ledger records after it, and
 * return a ready {@link CardKeys}.
 *
 * <p>The data directory is a fixture under {@code benchmarks/target/bench-data/fixtures/open-<codes>}, built once by
 * importing the codes in files of 1,000,000 and closing (which writes the snapshot), and reused while its marker file
 * names the same content; {@code benchmarks/run} keeps {@code fixtures/}. Building 10,000,000 codes takes a few
 * minutes on the 2-core reference machine. The JVM runs with a 3 GB heap: the open inventory of 10,000,000 codes
 * takes about 1.6 GB.
 *
 * <p>{@code benchmarks/run quick OpenBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class OpenBenchmark {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("STEAM-100");
    private static final int FILE = 1_000_000;
    /** Changes whenever the fixture's content or layout changes, so an old fixture is rebuilt. */
    private static final String FIXTURE_VERSION = "v2";

    /** {@code cardkey}: the library's open. */
    @Param({"cardkey"})
    public String impl;

    /** How many codes the data directory holds. */
    @Param({"10000000"})
    public int codes;

    private Path dir;
    private Keyset keyset;
    private CardKeys opened;

    /** Builds the fixture unless a valid one exists. */
    @Setup(Level.Trial)
    public void fixture() throws IOException {
        dir = BenchDirectories.fixture("open-" + codes);
        Path marker = dir.resolve("fixture.txt");
        Path keyFile = dir.resolve("bench-keyset.bin");
        String expected = FIXTURE_VERSION + " codes=" + codes + "\n";
        if (Files.exists(marker) && Files.readString(marker).equals(expected) && Files.exists(keyFile)) {
            keyset = Keyset.importUnencrypted(Files.readAllBytes(keyFile), PlaintextAccess.grant());
            return;
        }
        BenchDirectories.delete(dir);
        Files.createDirectories(dir);
        keyset = Keyset.generate(Suite.AES_256_GCM);
        // Benchmark data only: the key protects random test codes.
        Files.write(keyFile, keyset.exportUnencrypted(PlaintextAccess.grant()));
        long start = System.nanoTime();
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(keyset).dataDirectory(dir).build()) {
            cardKeys.putProduct(new Product(SKU, "Steam 100", Money.ofMinor(10000, CNY), false));
            for (int f = 0; f * FILE < codes; f++) {
                int n = Math.min(FILE, codes - f * FILE);
                Batch batch = new Batch(
                        "S" + f, SKU, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty());
                ImportReport report = cardKeys.importFile(
                        batch, new CodeLines(f * FILE, n, f), ImportFormat.codes(CodeFormat.supplierText()));
                if (report.accepted() != n) {
                    throw new IllegalStateException("fixture import accepted " + report.accepted() + " of " + n);
                }
            }
        }
        Files.writeString(marker, expected);
        System.out.printf("%nbuilt the %,d-code fixture in %.1f s%n", codes, (System.nanoTime() - start) / 1e9);
    }

    /** Opens the data directory. */
    @Benchmark
    public CardKeys open() {
        opened = CardKeys.builder().keyset(keyset).dataDirectory(dir).build();
        return opened;
    }

    /** Checks the open instance holds every code, then closes it (nothing new, so no snapshot is written). */
    @TearDown(Level.Iteration)
    public void close() {
        Map<CardKeyState, Long> stock = opened.stock(SKU);
        opened.close();
        // Let the next open have the heap: ten million codes take about 1.6 GB.
        opened = null;
        if (stock.getOrDefault(CardKeyState.AVAILABLE, 0L) != codes) {
            throw new IllegalStateException("the open inventory holds " + stock + "; expected " + codes + " codes");
        }
    }

    /**
     * The lines of one supplier file, generated as they are read: {@code count} distinct codes of 20 characters,
     * the first six counting up from {@code first}, the rest random.
     */
    static final class CodeLines extends InputStream {
        private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        private final SplittableRandom random;
        private final byte[] line = new byte[21];
        private final long end;
        private long next;
        private int position = line.length;

        CodeLines(long first, int count, long seed) {
            this.next = first;
            this.end = first + count;
            this.random = new SplittableRandom(seed);
            line[20] = '\n';
        }

        @Override
        public int read() {
            if (position == line.length && !fill()) {
                return -1;
            }
            return line[position++];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                if (position == line.length && !fill()) {
                    break;
                }
                int k = Math.min(len - n, line.length - position);
                System.arraycopy(line, position, b, off + n, k);
                position += k;
                n += k;
            }
            return n == 0 ? -1 : n;
        }

        private boolean fill() {
            if (next == end) {
                return false;
            }
            long v = next++;
            for (int c = 5; c >= 0; c--) {
                line[c] = (byte) ALPHABET.charAt((int) (v & 31));
                v >>>= 5;
            }
            for (int c = 6; c < 20; c++) {
                line[c] = (byte) ALPHABET.charAt(random.nextInt(32));
            }
            position = 0;
            return true;
        }
    }
}
