package io.cardkey.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Summarises JMH results into {@code BENCHMARKS.md}, so the table is generated rather than typed.
 *
 * <p>For every benchmark the newest run that measured it wins. Within that run each CardKey result ({@code impl =
 * cardkey}, or no {@code impl} parameter) is compared with every peer result that has the same benchmark, mode,
 * threads and other parameters: the ratio is oriented so that a value above 1 means CardKey is better (more
 * operations per second, or less time per operation). Targets from {@code benchmarks/targets.tsv} are judged against
 * the median (or a percentile, or a ratio) and reported as pass or miss; targets no run measured are listed too.
 *
 * <p>Run it as {@code java -cp benchmarks/target/benchmarks.jar io.cardkey.benchmarks.report.BenchmarkReport
 * <results-dir> <targets.tsv> <output.md>}; {@code benchmarks/run} does this after every run. Stateless.
 */
public final class BenchmarkReport {
    private static final List<String> ENVIRONMENT_COLUMNS =
            List.of("date", "profile", "cpu", "cores", "memory", "jdk", "os", "loadAverage", "commit");

    private BenchmarkReport() {}

    /**
     * Writes the report.
     *
     * @param args the results directory, the targets file and the output file
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("arguments were " + List.of(args)
                    + "; usage: BenchmarkReport <results-dir> <targets.tsv> <output.md>");
        }
        Path results = Paths.get(args[0]);
        Path targets = Paths.get(args[1]);
        Path output = Paths.get(args[2]);
        String report = render(readRuns(results), readTargets(targets));
        Files.writeString(output, report, StandardCharsets.UTF_8);
    }

    /**
     * Reads every run in a results directory.
     *
     * @param directory the directory holding {@code <timestamp>-<profile>.json} files
     * @return the runs, oldest first
     * @throws IOException if the directory or a file cannot be read
     */
    static List<Run> readRuns(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        ObjectMapper mapper = new ObjectMapper();
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> resultFiles = files.filter(Run::isResultsFile).sorted().collect(Collectors.toList());
            for (Path file : resultFiles) {
                runs.add(Run.read(file, mapper));
            }
        }
        runs.sort(Comparator.comparing(Run::name));
        return runs;
    }

    /**
     * Reads targets: tab-separated lines {@code benchmark, params, metric, op, value, unit, note} after a header line;
     * blank lines and lines starting with {@code #} are skipped. {@code params} is {@code -} or a comma-separated list
     * of {@code name=value} ({@code threads} included); {@code op} is {@code >=} or {@code <=}.
     *
     * @param file the targets file
     * @return the targets in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a line is malformed, naming the line
     */
    static List<Target> readTargets(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Target> targets = new ArrayList<>();
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            targets.add(parseTarget(line, file + ":" + (i + 1)));
        }
        return targets;
    }

    private static Target parseTarget(String line, String where) {
        String[] cells = line.split("\t", -1);
        if (cells.length != 7) {
            throw new IllegalArgumentException(where + " has " + cells.length + " tab-separated cells; must have 7: "
                    + "benchmark, params, metric, op, value, unit, note");
        }
        Map<String, String> match = new LinkedHashMap<>();
        if (!"-".equals(cells[1].trim())) {
            for (String pair : cells[1].split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(where + ": params entry was '" + pair + "'; must be name=value");
                }
                match.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        String metric = cells[2].trim();
        if (!metric.equals("median")
                && !metric.equals("p50")
                && !metric.equals("p99")
                && !metric.startsWith("ratio:")) {
            throw new IllegalArgumentException(
                    where + ": metric was '" + metric + "'; must be median, p50, p99 or ratio:<peer>");
        }
        String op = cells[3].trim();
        if (!op.equals(">=") && !op.equals("<=")) {
            throw new IllegalArgumentException(where + ": op was '" + op + "'; must be >= or <=");
        }
        double value;
        try {
            value = Double.parseDouble(cells[4].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": value was '" + cells[4] + "'; must be a number", e);
        }
        return new Target(
                cells[0].trim(), Map.copyOf(match), metric, op.equals(">="), value, cells[5].trim(), cells[6].trim());
    }

    /**
     * Renders the report.
     *
     * @param runs all runs, in any order
     * @param targets the targets
     * @return the Markdown text of {@code BENCHMARKS.md}
     */
    static String render(List<Run> runs, List<Target> targets) {
        List<Result> latest = newestPerBenchmark(runs);
        Map<String, List<Result>> groups = new HashMap<>();
        for (Result result : latest) {
            groups.computeIfAbsent(result.run() + "#" + result.comparisonKey(), k -> new ArrayList<>())
                    .add(result);
        }
        latest.sort(Comparator.comparing(Result::shortName)
                .thenComparing(Result::mode)
                .thenComparing(r -> r.params().entrySet().stream()
                        .filter(e -> !Result.IMPL.equals(e.getKey()))
                        .map(Object::toString)
                        .collect(Collectors.joining(",")))
                .thenComparingInt(Result::threads)
                .thenComparing(r -> !r.isOurs())
                .thenComparing(Result::impl));

        StringBuilder out = new StringBuilder();
        out.append("# CardKey benchmarks\n\n");
        out.append("Generated by `benchmarks/run` with `io.cardkey.benchmarks.report.BenchmarkReport` from the JSON ")
                .append(
                        "files in `benchmarks/results/`; do not edit by hand. For each benchmark the newest run wins.\n\n");
        out.append("*median*: median of the measurement iterations (in sample mode: of all sampled operations). ")
                .append("*± error*: JMH's 99.9% confidence half-width of the mean. ")
                .append("*vs peer*: CardKey's result relative to the peer measured in the same run, ")
                .append("oriented so that **> 1 means CardKey is better** (more operations per second or less time ")
                .append("per operation).\n\n");

        Set<String> usedRuns = new LinkedHashSet<>();
        latest.forEach(r -> usedRuns.add(r.run()));
        appendEnvironment(out, runs, usedRuns);

        int pass = 0;
        int miss = 0;
        Set<Target> measured = new LinkedHashSet<>();
        out.append("## Results\n\n");
        out.append("| benchmark | params | threads | impl | median | ± error | unit | p99 | vs peer (> 1: CardKey ")
                .append("better) | target | verdict | run |\n");
        out.append("|---|---|---:|---|---:|---:|---|---:|---|---|---|---|\n");
        for (Result result : latest) {
            Map<String, Double> ratios = new TreeMap<>();
            if (result.isOurs()) {
                for (Result peer : groups.get(result.run() + "#" + result.comparisonKey())) {
                    if (!peer.isOurs()) {
                        ratios.put(peer.impl(), ratio(result, peer));
                    }
                }
            }
            List<String> bounds = new ArrayList<>();
            List<String> verdicts = new ArrayList<>();
            for (Target target : targets) {
                if (!target.appliesTo(result)) {
                    continue;
                }
                measured.add(target);
                OptionalDouble value = target.measured(result, ratios);
                bounds.add(target.describe() + (target.metric().startsWith("p") ? " (" + target.metric() + ")" : ""));
                if (value.isEmpty()) {
                    verdicts.add("not measured");
                } else if (target.isMetBy(value.getAsDouble())) {
                    verdicts.add("pass");
                    pass++;
                } else {
                    verdicts.add("**MISS**");
                    miss++;
                }
            }
            String params = result.params().entrySet().stream()
                    .filter(e -> !Result.IMPL.equals(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            String p99 = "sample".equals(result.mode())
                    ? result.percentile(99.0).stream()
                            .mapToObj(Units::format)
                            .findFirst()
                            .orElse("")
                    : "";
            String vsPeer = ratios.entrySet().stream()
                    .map(e -> Units.format(e.getValue()) + "× vs " + e.getKey())
                    .collect(Collectors.joining("; "));
            out.append("| ")
                    .append(result.shortName())
                    .append(" | ")
                    .append(params.isEmpty() ? "—" : params)
                    .append(" | ")
                    .append(result.threads())
                    .append(" | ")
                    .append(result.isOurs() ? "**" + result.impl() + "**" : result.impl())
                    .append(" | ")
                    .append(Units.format(result.median()))
                    .append(" | ")
                    .append(Units.format(result.error()))
                    .append(" | ")
                    .append(result.unit())
                    .append(" | ")
                    .append(p99)
                    .append(" | ")
                    .append(vsPeer)
                    .append(" | ")
                    .append(String.join("; ", bounds))
                    .append(" | ")
                    .append(String.join("; ", verdicts))
                    .append(" | ")
                    .append(result.run())
                    .append(" |\n");
        }
        out.append('\n');

        List<Target> unmeasured =
                targets.stream().filter(t -> !measured.contains(t)).collect(Collectors.toList());
        out.append(String.format(
                Locale.ROOT, "**Targets: %d pass, %d miss, %d not measured.**%n%n", pass, miss, unmeasured.size()));
        if (!unmeasured.isEmpty()) {
            out.append("## Targets not measured by any run\n\n");
            out.append("| benchmark | params | target | source |\n|---|---|---|---|\n");
            for (Target target : unmeasured) {
                String match = target.match().isEmpty()
                        ? "—"
                        : new TreeMap<>(target.match())
                                .entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(", "));
                out.append("| ")
                        .append(target.benchmark())
                        .append(" | ")
                        .append(match)
                        .append(" | ")
                        .append(target.describe())
                        .append(" (")
                        .append(target.metric())
                        .append(") | ")
                        .append(target.note())
                        .append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Ratio oriented so that a value above 1 means {@code ours} is better than {@code peer}. */
    static double ratio(Result ours, Result peer) {
        double peerScore = Units.convert(peer.median(), peer.unit(), ours.unit());
        return ours.higherIsBetter() ? ours.median() / peerScore : peerScore / ours.median();
    }

    /** Keeps, for each benchmark method and mode, only the results of the newest run that measured it. */
    private static List<Result> newestPerBenchmark(List<Run> runs) {
        List<Run> newestFirst = new ArrayList<>(runs);
        newestFirst.sort(Comparator.comparing(Run::name).reversed());
        Map<String, String> owner = new HashMap<>();
        List<Result> latest = new ArrayList<>();
        for (Run run : newestFirst) {
            for (Result result : run.results()) {
                String key = result.benchmark() + "|" + result.mode();
                String claimedBy = owner.putIfAbsent(key, run.name());
                if (claimedBy == null || claimedBy.equals(run.name())) {
                    latest.add(result);
                }
            }
        }
        return latest;
    }

    private static void appendEnvironment(StringBuilder out, List<Run> runs, Set<String> usedRuns) {
        out.append("## Runs\n\n| run | ")
                .append(String.join(" | ", ENVIRONMENT_COLUMNS))
                .append(" |\n|---");
        ENVIRONMENT_COLUMNS.forEach(c -> out.append("|---"));
        out.append("|\n");
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::name).reversed());
        for (Run run : sorted) {
            if (!usedRuns.contains(run.name())) {
                continue;
            }
            out.append("| ").append(run.name());
            for (String column : ENVIRONMENT_COLUMNS) {
                out.append(" | ").append(run.environment().getOrDefault(column, "?"));
            }
            out.append(" |\n");
        }
        out.append('\n');
        out.append("*loadAverage* is the machine's one-minute load when the run started: above the core count, other ")
                .append("processes competed for the CPU and the run's figures are lower bounds with wide errors.\n\n");
        sorted.stream()
                .filter(r -> usedRuns.contains(r.name()) && r.environment().containsKey("jmhOptions"))
                .forEach(r -> out.append("JMH options of ")
                        .append(r.name())
                        .append(": `")
                        .append(r.environment().get("jmhOptions"))
                        .append("`\n\n"));
    }
}
