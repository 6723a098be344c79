package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.normalised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {
    private static final CodeFormat STANDARD = CodeFormat.standard();
    private static final CodeFormat DIGITS = CodeFormat.builder()
            .alphabet("0123456789")
            .pattern("XXXX-XXXX-XXXX-XXXX")
            .build();

    // chi-square critical values at significance 0.001
    private static final double CHI2_CRITICAL_DF31 = 61.098;
    private static final double CHI2_CRITICAL_DF9 = 27.877;

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }

    // ---- generation

    @Test
    void generate_returnsValidCodesOfTheFormat() {
        CodeGenerator generator = CodeGenerator.create(STANDARD, 1_000_000);
        for (int i = 0; i < 1000; i++) {
            CardCode code = generator.generate();
            assertThat(code.format()).isEqualTo(STANDARD);
            assertThat(normalised(code)).hasSize(17).matches("[0-9A-HJKMNP-TV-Z]{16}[0-9A-HJKMNP-TV-Z*~$=U]");
            assertThat(STANDARD.parse(normalised(code)).equalsCode(code)).isTrue();
        }
    }

    @Test
    void generate_withPrefixAndWithoutCheck_parsesBack() {
        CodeFormat format = CodeFormat.builder()
                .prefix("VIP")
                .pattern("XXXXX-XXXXX-XXXXX-XXXXX")
                .checkCharacter(false)
                .build();
        CardCode code = CodeGenerator.create(format, 10).generate();
        assertThat(normalised(code)).hasSize(20);
        assertThat(code.display(Codes.ACCESS)).startsWith("VIP-").hasSize(27);
        assertThat(format.parse(code.display(Codes.ACCESS)).equalsCode(code)).isTrue();
    }

    @Test
    void generateBatch_oneMillion_hasNoDuplicates() {
        List<CardCode> batch = CodeGenerator.create(STANDARD, 1L << 40).generateBatch(1_000_000);
        assertThat(batch).hasSize(1_000_000);
        Set<String> distinct = new HashSet<>(2_000_000);
        for (CardCode code : batch) {
            distinct.add(normalised(code));
        }
        assertThat(distinct).hasSize(1_000_000);
        assertThatThrownBy(() -> batch.add(batch.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    /** A source that repeats one block of zeros first, so the batch must notice and redraw duplicates. */
    @Test
    void generateBatch_duplicateDraws_areRedrawn() throws NoSuchAlgorithmException {
        SecureRandom seeded = seeded(7);
        SecureRandom zerosFirst = new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private boolean first = true;

            @Override
            public synchronized void nextBytes(byte[] bytes) {
                if (first) {
                    java.util.Arrays.fill(bytes, (byte) 0);
                    first = false;
                } else {
                    seeded.nextBytes(bytes);
                }
            }
        };
        List<CardCode> batch = new CodeGenerator(STANDARD, 100, zerosFirst).generateBatch(3);
        // 512 zero bytes make 51 identical codes 0000000000000000-0; only the first may be kept
        assertThat(normalised(batch.get(0))).isEqualTo("00000000000000000");
        assertThat(batch.stream().map(Codes::normalised).distinct()).hasSize(3);
    }

    @Test
    void generate_fromTwoThreads_staysDistinct() throws Exception {
        CodeGenerator generator = CodeGenerator.create(STANDARD, 1L << 40);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                results.add(pool.submit(() -> {
                    List<String> codes = new ArrayList<>();
                    for (int i = 0; i < 50_000; i++) {
                        codes.add(normalised(generator.generate()));
                    }
                    return codes;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> result : results) {
                all.addAll(result.get());
            }
            assertThat(all).hasSize(100_000);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void injectedSeed_makesGenerationRepeatable() throws NoSuchAlgorithmException {
        List<String> first = new CodeGenerator(STANDARD, 100, seeded(42))
                .generateBatch(5).stream().map(Codes::normalised).toList();
        List<String> second = new CodeGenerator(STANDARD, 100, seeded(42))
                .generateBatch(5).stream().map(Codes::normalised).toList();
        assertThat(first).isEqualTo(second).doesNotHaveDuplicates();
    }

    // ---- distribution

    @Test
    void symbols_areUniform_perPositionAndOverall_base32() throws NoSuchAlgorithmException {
        int samples = 100_000;
        long[][] counts = countSymbols(new CodeGenerator(STANDARD, samples, seeded(20261129)), samples, 32);
        for (int position = 0; position < 16; position++) {
            assertThat(chiSquare(counts[position])).as("position %d", position).isLessThan(CHI2_CRITICAL_DF31);
        }
        assertThat(chiSquare(counts[16])).as("overall").isLessThan(CHI2_CRITICAL_DF31);
    }

    /** Ten symbols take four bits with values 10..15 rejected; modulo reduction would favour 0..5. */
    @Test
    void symbols_areUniform_perPositionAndOverall_base10_rejectionSampling() throws NoSuchAlgorithmException {
        int samples = 100_000;
        long[][] counts = countSymbols(new CodeGenerator(DIGITS, 1, seeded(20261130)), samples, 10);
        for (int position = 0; position < 16; position++) {
            assertThat(chiSquare(counts[position])).as("position %d", position).isLessThan(CHI2_CRITICAL_DF9);
        }
        assertThat(chiSquare(counts[16])).as("overall").isLessThan(CHI2_CRITICAL_DF9);
    }

    /** The test has the power to see modulo bias: a byte reduced mod 10 fails it at the same sample size. */
    @Test
    void chiSquare_detectsModuloBias() throws NoSuchAlgorithmException {
        SecureRandom random = seeded(1);
        long[] counts = new long[10];
        byte[] bytes = new byte[1_600_000];
        random.nextBytes(bytes);
        for (byte b : bytes) {
            counts[(b & 0xFF) % 10]++;
        }
        assertThat(chiSquare(counts)).isGreaterThan(CHI2_CRITICAL_DF9);
    }

    /** Counts symbol values per data position (rows 0..15) and overall (row 16) over single generate() calls. */
    private static long[][] countSymbols(CodeGenerator generator, int samples, int base) {
        String alphabet = generator.format().alphabet().orElseThrow();
        long[][] counts = new long[17][base];
        for (int i = 0; i < samples; i++) {
            String code = normalised(generator.generate());
            for (int position = 0; position < 16; position++) {
                int value = alphabet.indexOf(code.charAt(position));
                counts[position][value]++;
                counts[16][value]++;
            }
        }
        return counts;
    }

    private static double chiSquare(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    // ---- the entropy rule

    @Test
    void create_standardFormat_carriesExactly2To40LiveCodes() {
        assertThat(CodeGenerator.create(STANDARD, 1L << 40).liveCodes()).isEqualTo(1L << 40);
        assertThatThrownBy(() -> CodeGenerator.create(STANDARD, (1L << 40) + 1))
                .asInstanceOf(type(InsufficientEntropyException.class))
                .satisfies(e -> {
                    assertThat(e.entropyBits()).isEqualTo(80.0, Offset.offset(1e-9));
                    assertThat(e.liveCodes()).isEqualTo((1L << 40) + 1);
                    assertThat(e.requiredMarginBits()).isEqualTo(40);
                    assertThat(e).hasMessageContaining("80.0 bits").hasMessageContaining("1099511627777 live codes");
                })
                .isInstanceOf(CardKeyCryptoException.class);
    }

    @Test
    void create_lowEntropyFormat_isRefused() {
        CodeFormat eight = CodeFormat.builder().pattern("XXXX-XXXX").build(); // 40 bits
        assertThat(CodeGenerator.create(eight, 1).format()).isEqualTo(eight);
        assertThatThrownBy(() -> CodeGenerator.create(eight, 2)).isInstanceOf(InsufficientEntropyException.class);
        CodeFormat twelveDigits = CodeFormat.builder()
                .alphabet("0123456789")
                .pattern("XXXX-XXXX-XXXX")
                .build(); // 39.9 bits
        assertThatThrownBy(() -> CodeGenerator.create(twelveDigits, 1))
                .asInstanceOf(type(InsufficientEntropyException.class))
                .extracting(InsufficientEntropyException::entropyBits)
                .satisfies(bits -> assertThat(bits).isEqualTo(39.86, Offset.offset(0.01)));
    }

    @Test
    void create_invalidArguments_throwJdkExceptions() {
        assertThatNullPointerException()
                .isThrownBy(() -> CodeGenerator.create(null, 1))
                .withMessage("format");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeGenerator.create(STANDARD, 0))
                .withMessage("liveCodes was 0; must be at least 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeGenerator.create(CodeFormat.supplierText(), 1))
                .withMessageContaining("supplier text cannot be generated");
    }

    @Test
    void generateBatch_countOutOfRange_throws() {
        CodeGenerator generator = CodeGenerator.create(STANDARD, 10);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> generator.generateBatch(0))
                .withMessageStartingWith("count was 0; must be between 1 and 10");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> generator.generateBatch(11))
                .withMessageStartingWith("count was 11; must be between 1 and 10");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeGenerator.create(STANDARD, 1L << 40).generateBatch(CodeGenerator.MAX_BATCH + 1))
                .withMessageStartingWith("count was 10000001; must be between 1 and 10000000");
        assertThat(generator).hasToString("CodeGenerator[format=" + STANDARD + ", liveCodes=10]");
    }
}
