package io.cardkey.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of {@code benchmarks/run}: the JMH results file {@code <timestamp>-<profile>.json} and, beside it, the
 * environment file {@code <timestamp>-<profile>.env.json} written by {@link EnvironmentProbe}.
 *
 * @param name the results file name without {@code .json}; sorts by time because it starts with the UTC timestamp
 * @param environment the environment entries, in file order; empty if the environment file is missing
 * @param results the results in file order
 */
record Run(String name, Map<String, String> environment, List<Result> results) {

    /** Suffix of the environment file that accompanies a results file. */
    static final String ENVIRONMENT_SUFFIX = ".env.json";

    /** Returns {@code true} if {@code file} is a JMH results file rather than an environment file. */
    static boolean isResultsFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.endsWith(ENVIRONMENT_SUFFIX);
    }

    /**
     * Reads a results file and its environment file.
     *
     * @param resultsFile a JMH JSON results file
     * @param mapper the JSON mapper
     * @return the run
     * @throws IOException if a file cannot be read or is not what JMH writes
     */
    static Run read(Path resultsFile, ObjectMapper mapper) throws IOException {
        String fileName = resultsFile.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".json".length());
        JsonNode root = mapper.readTree(resultsFile.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(resultsFile + " is not a JMH JSON results file: the top level must be an array");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode entry : root) {
            results.add(parseResult(name, entry, resultsFile));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        Path environmentFile = resultsFile.resolveSibling(name + ENVIRONMENT_SUFFIX);
        if (Files.exists(environmentFile)) {
            JsonNode env = mapper.readTree(environmentFile.toFile());
            for (Map.Entry<String, JsonNode> field : env.properties()) {
                environment.put(field.getKey(), field.getValue().asText());
            }
        }
        return new Run(name, Collections.unmodifiableMap(environment), List.copyOf(results));
    }

    private static Result parseResult(String run, JsonNode entry, Path file) throws IOException {
        JsonNode metric = entry.path("primaryMetric");
        if (!entry.hasNonNull("benchmark") || metric.isMissingNode()) {
            throw new IOException(file + ": an entry lacks 'benchmark' or 'primaryMetric'");
        }
        TreeMap<String, String> params = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : entry.path("params").properties()) {
            params.put(field.getKey(), field.getValue().asText());
        }
        Map<String, Double> percentiles = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : metric.path("scorePercentiles").properties()) {
            percentiles.put(field.getKey(), number(field.getValue()));
        }
        Double median = percentiles.get("50.0");
        if (median == null || median.isNaN()) {
            median = medianOfIterations(metric.path("rawData"));
        }
        return new Result(
                run,
                entry.get("benchmark").asText(),
                entry.path("mode").asText(),
                entry.path("threads").asInt(1),
                Collections.unmodifiableSortedMap(params),
                median,
                number(metric.path("scoreError")),
                metric.path("scoreUnit").asText(),
                Collections.unmodifiableMap(percentiles));
    }

    /** JMH writes {@code "NaN"} as a string when it cannot compute a value. */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static double medianOfIterations(JsonNode rawData) {
        List<Double> scores = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode iteration : fork) {
                scores.add(number(iteration));
            }
        }
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(scores);
        int middle = scores.size() / 2;
        return scores.size() % 2 == 1 ? scores.get(middle) : (scores.get(middle - 1) + scores.get(middle)) / 2;
    }
}
