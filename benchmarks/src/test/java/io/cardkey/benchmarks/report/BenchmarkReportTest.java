package io.cardkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Paths.get(
                BenchmarkReportTest.class.getResource("/report/" + name).toURI());
    }

    private static String renderFixtures() throws IOException, URISyntaxException {
        return BenchmarkReport.render(
                BenchmarkReport.readRuns(fixture("runs")), BenchmarkReport.readTargets(fixture("targets.tsv")));
    }

    private static Optional<String> row(String report, String benchmark, String impl) {
        return report.lines()
                .filter(l -> l.startsWith("| " + benchmark + " |") && l.contains("| " + impl + " |"))
                .findFirst();
    }

    @Test
    void readRuns_pairsResultsWithEnvironmentAndSortsOldestFirst() throws Exception {
        List<Run> runs = BenchmarkReport.readRuns(fixture("runs"));

        assertThat(runs).extracting(Run::name).containsExactly("20261101T100000Z-quick", "20261102T100000Z-quick");
        assertThat(runs.get(0).environment()).containsEntry("cpu", "Old CPU").containsEntry("cores", "2");
        assertThat(runs.get(1).results()).hasSize(4);
    }

    @Test
    void readRuns_medianIsThe50thPercentile() throws Exception {
        Result seal = BenchmarkReport.readRuns(fixture("runs")).get(1).results().get(0);

        assertThat(seal.median()).isEqualTo(2_500_000.0);
        assertThat(seal.error()).isEqualTo(100_000.0);
        assertThat(seal.unit()).isEqualTo("ops/s");
        assertThat(seal.shortName()).isEqualTo("SealBenchmark.seal");
        assertThat(seal.params()).containsEntry("suite", "AES_256_GCM").containsEntry("impl", "cardkey");
    }

    @Test
    void readRuns_withoutPercentiles_takesMedianOfIterationScores() throws Exception {
        Result index =
                BenchmarkReport.readRuns(fixture("runs")).get(0).results().get(2);

        // Iterations 3.0, 3.5, 4.5, 5.0 M: the median of an even count is the mean of the middle two.
        assertThat(index.median()).isEqualTo(4_000_000.0);
    }

    @Test
    void readRuns_errorWrittenAsNaNString_isNaN() throws Exception {
        Result tink = BenchmarkReport.readRuns(fixture("runs")).get(0).results().get(1);

        assertThat(tink.error()).isNaN();
    }

    @Test
    void readRuns_notAJmhFile_throwsNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("20261101T000000Z-quick.json"), "{\"not\": \"an array\"}");

        assertThatThrownBy(() -> BenchmarkReport.readRuns(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("20261101T000000Z-quick.json")
                .hasMessageContaining("array");
    }

    @Test
    void readRuns_entryWithoutPrimaryMetric_throws(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("20261101T000000Z-quick.json"), "[{\"benchmark\": \"a.B.c\"}]");

        assertThatThrownBy(() -> BenchmarkReport.readRuns(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("primaryMetric");
    }

    @Test
    void render_newestRunWinsPerBenchmark_olderRunKeepsOtherBenchmarks() throws Exception {
        String report = renderFixtures();

        assertThat(report.lines().filter(l -> l.startsWith("| SealBenchmark.seal |")))
                .hasSize(2)
                .allMatch(l -> l.endsWith("| 20261102T100000Z-quick |"));
        assertThat(row(report, "BlindIndexBenchmark.index", "**cardkey**"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("| 20261101T100000Z-quick |"));
    }

    @Test
    void render_throughputRatio_isOursOverPeer() throws Exception {
        String report = renderFixtures();

        assertThat(row(report, "SealBenchmark.seal", "**cardkey**"))
                .hasValueSatisfying(l -> assertThat(l).contains("| 1.250× vs tink |"));
        assertThat(row(report, "SealBenchmark.seal", "tink"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("× vs"));
    }

    @Test
    void render_timeRatio_isPeerOverOurs_soAboveOneMeansFaster() throws Exception {
        String report = renderFixtures();

        // CardKey p50 0.5 ms, H2 p50 10 ms: CardKey is 20 times better.
        assertThat(row(report, "LedgerLatencyBenchmark.paced", "**cardkey**"))
                .hasValueSatisfying(l -> assertThat(l).contains("| 20.00× vs h2 |"));
    }

    @Test
    void render_sampleMode_showsP99() throws Exception {
        String report = renderFixtures();

        assertThat(row(report, "LedgerLatencyBenchmark.paced", "**cardkey**"))
                .hasValueSatisfying(l -> assertThat(l).contains("| ms/op | 3.000 |"));
    }

    @Test
    void render_judgesTargets_passMissAndUnitConversion() throws Exception {
        String report = renderFixtures();

        assertThat(row(report, "SealBenchmark.seal", "**cardkey**"))
                .hasValueSatisfying(l -> assertThat(l)
                        .contains("≥ 2,000,000 ops/s; ≥ 1.500× vs tink")
                        .contains("| pass; **MISS** |"));
        // 4.0 M ops/s is 4.0 ops/us, below the 4.5 ops/us target.
        assertThat(row(report, "BlindIndexBenchmark.index", "**cardkey**"))
                .hasValueSatisfying(l -> assertThat(l).contains("**MISS**"));
        // p99 3.0 ms is 3000 us, above the 2000 us bound.
        assertThat(row(report, "LedgerLatencyBenchmark.paced", "**cardkey**"))
                .hasValueSatisfying(
                        l -> assertThat(l).contains("≤ 2,000 us/op (p99)").contains("**MISS**"));
        assertThat(row(report, "LedgerLatencyBenchmark.paced", "h2"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("MISS").doesNotContain("pass"));
    }

    @Test
    void render_countsTargetsAndListsUnmeasuredOnes() throws Exception {
        String report = renderFixtures();

        assertThat(report).contains("**Targets: 1 pass, 3 miss, 1 not measured.**");
        assertThat(report).contains("## Targets not measured by any run");
        assertThat(report).contains("| LedgerVerifyBenchmark.verify | — | ≥ 2,000,000 ops/s (median) | verify speed |");
    }

    @Test
    void render_environmentHeader_listsEveryContributingRunNewestFirst() throws Exception {
        String report = renderFixtures();

        assertThat(report)
                .contains("| 20261102T100000Z-quick | 2026-11-02T10:00:00Z | quick | New CPU | 2 | 23.5 GiB |")
                .contains("| 20261101T100000Z-quick | 2026-11-01T10:00:00Z | quick | Old CPU | 2 | 8.0 GiB |");
        assertThat(report.indexOf("New CPU")).isLessThan(report.indexOf("Old CPU"));
        assertThat(report).contains("JMH options of 20261102T100000Z-quick: `-f 1 -wi 2 -w 1s -i 3 -r 2s .*`");
        assertThat(report).contains("> 1 means CardKey is better");
    }

    @Test
    void render_runWithoutEnvironmentFile_showsUnknowns(@TempDir Path dir) throws Exception {
        Files.copy(fixture("runs/20261101T100000Z-quick.json"), dir.resolve("20261103T000000Z-full.json"));

        String report = BenchmarkReport.render(BenchmarkReport.readRuns(dir), List.of());

        assertThat(report).contains("| 20261103T000000Z-full | ? | ? | ? |");
        assertThat(report).contains("**Targets: 0 pass, 0 miss, 0 not measured.**");
    }

    @Test
    void main_writesTheReportFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("BENCHMARKS.md");

        BenchmarkReport.main(
                new String[] {fixture("runs").toString(), fixture("targets.tsv").toString(), out.toString()});

        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(renderFixtures());
    }

    @Test
    void main_wrongArgumentCount_throwsWithUsage() {
        assertThatThrownBy(() -> BenchmarkReport.main(new String[] {"only-one"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage: BenchmarkReport <results-dir> <targets.tsv> <output.md>");
    }

    @Test
    void readTargets_parsesParamsMetricAndBound() throws Exception {
        List<Target> targets = BenchmarkReport.readTargets(fixture("targets.tsv"));

        assertThat(targets).hasSize(5);
        Target latency = targets.get(3);
        assertThat(latency.benchmark()).isEqualTo("LedgerLatencyBenchmark.paced");
        assertThat(new TreeMap<>(latency.match())).isEqualTo(Map.of("rate", "50000", "threads", "64"));
        assertThat(latency.metric()).isEqualTo("p99");
        assertThat(latency.atLeast()).isFalse();
        assertThat(latency.value()).isEqualTo(2000.0);
        assertThat(targets.get(1).ratioPeer()).isEqualTo("tink");
        assertThat(targets.get(0).ratioPeer()).isNull();
    }

    @Test
    void readTargets_wrongCellCount_throwsNamingTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets.tsv");
        Files.writeString(file, "header\nSealBenchmark.seal\t-\tmedian\n");

        assertThatThrownBy(() -> BenchmarkReport.readTargets(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targets.tsv:2")
                .hasMessageContaining("has 3 tab-separated cells; must have 7");
    }

    @Test
    void readTargets_unknownMetric_throws(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets.tsv");
        Files.writeString(file, "header\nA.b\t-\tmean\t>=\t1\tops/s\tnote\n");

        assertThatThrownBy(() -> BenchmarkReport.readTargets(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric was 'mean'; must be median, p50, p99 or ratio:<peer>");
    }

    @Test
    void readTargets_badOperatorValueOrParams_throw(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets.tsv");
        Files.writeString(file, "header\nA.b\t-\tmedian\t>\t1\tops/s\tnote\n");
        assertThatThrownBy(() -> BenchmarkReport.readTargets(file)).hasMessageContaining("op was '>'");

        Files.writeString(file, "header\nA.b\t-\tmedian\t>=\tmany\tops/s\tnote\n");
        assertThatThrownBy(() -> BenchmarkReport.readTargets(file)).hasMessageContaining("value was 'many'");

        Files.writeString(file, "header\nA.b\tthreads\tmedian\t>=\t1\tops/s\tnote\n");
        assertThatThrownBy(() -> BenchmarkReport.readTargets(file))
                .hasMessageContaining("params entry was 'threads'; must be name=value");
    }

    @Test
    void ratio_convertsPeerUnitToOurs() {
        Result ours = result("thrpt", 2.0, "ops/us");
        Result peer = result("thrpt", 1_000_000.0, "ops/s");

        assertThat(BenchmarkReport.ratio(ours, peer)).isCloseTo(2.0, within(1e-9));
    }

    private static Result result(String mode, double median, String unit) {
        return new Result("run", "a.B.c", mode, 1, new TreeMap<>(), median, Double.NaN, unit, Map.of());
    }
}
