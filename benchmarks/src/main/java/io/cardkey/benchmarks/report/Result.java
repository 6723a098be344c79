package io.cardkey.benchmarks.report;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;

/**
 * One JMH result: a benchmark method measured with one set of parameters in one run.
 *
 * @param run the name of the run file the result came from
 * @param benchmark the fully qualified benchmark method, e.g. {@code io.cardkey.benchmarks.crypto.SealBenchmark.seal}
 * @param mode the JMH mode ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss})
 * @param threads the number of threads that ran the benchmark
 * @param params the {@code @Param} values, sorted by name
 * @param median the median score: the 50th percentile of the iteration scores, or of all samples in sample mode
 * @param error JMH's 99.9% confidence half-width of the mean score; NaN when JMH could not compute it
 * @param unit the score unit, e.g. {@code ops/s} or {@code ms/op}
 * @param percentiles JMH's score percentiles keyed by their JSON name ({@code "50.0"}, {@code "99.0"} ...)
 */
record Result(
        String run,
        String benchmark,
        String mode,
        int threads,
        SortedMap<String, String> params,
        double median,
        double error,
        String unit,
        Map<String, Double> percentiles) {

    /** The parameter that names the implementation measured; {@value #OURS} is CardKey, anything else a peer. */
    static final String IMPL = "impl";

    /** The {@link #IMPL} value of CardKey itself. */
    static final String OURS = "cardkey";

    /** Returns the implementation measured; a benchmark without an {@code impl} parameter measures CardKey. */
    String impl() {
        return params.getOrDefault(IMPL, OURS);
    }

    /** Returns {@code true} if this result measures CardKey rather than a peer. */
    boolean isOurs() {
        return OURS.equals(impl());
    }

    /** Returns {@code true} if a higher score is better (throughput), {@code false} for time per operation. */
    boolean higherIsBetter() {
        return "thrpt".equals(mode);
    }

    /** Returns the benchmark's short name, {@code Class.method}. */
    String shortName() {
        int method = benchmark.lastIndexOf('.');
        int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    /**
     * Returns the key of the comparison group: the same benchmark, mode, threads and parameters except {@code impl}.
     * Results in one group and one run are compared with each other.
     */
    String comparisonKey() {
        StringBuilder key = new StringBuilder(benchmark)
                .append('|')
                .append(mode)
                .append("|t")
                .append(threads);
        params.forEach((name, value) -> {
            if (!IMPL.equals(name)) {
                key.append('|').append(name).append('=').append(value);
            }
        });
        return key.toString();
    }

    /**
     * Returns a percentile of the score, e.g. {@code 99.0}.
     *
     * @param percentile the percentile as JMH names it
     * @return the value, or empty if JMH did not report it
     */
    OptionalDouble percentile(double percentile) {
        Double value = percentiles.get(Double.toString(percentile));
        return value == null || value.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
