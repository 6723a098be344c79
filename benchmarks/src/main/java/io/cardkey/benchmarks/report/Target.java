package io.cardkey.benchmarks.report;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * A target from {@code benchmarks/targets.tsv}: what a CardKey result must reach.
 *
 * @param benchmark the short benchmark name, {@code Class.method}
 * @param match parameters the result must have ({@code threads} included); the result must also be CardKey's
 * @param metric {@code median}, {@code p50}, {@code p99} (from the score percentiles) or {@code ratio:<peer>}
 * @param atLeast {@code true} for {@code >=}, {@code false} for {@code <=}
 * @param value the bound, in {@code unit}
 * @param unit the unit of {@code value}: a JMH score unit such as {@code ops/s} or {@code ms/op}, or {@code x} for
 *     a ratio
 * @param note where the target comes from
 */
record Target(
        String benchmark,
        Map<String, String> match,
        String metric,
        boolean atLeast,
        double value,
        String unit,
        String note) {

    /** Returns {@code true} if this target is about {@code result}. */
    boolean appliesTo(Result result) {
        if (!result.isOurs() || !benchmark.equals(result.shortName())) {
            return false;
        }
        for (Map.Entry<String, String> entry : match.entrySet()) {
            String actual = "threads".equals(entry.getKey())
                    ? Integer.toString(result.threads())
                    : result.params().get(entry.getKey());
            if (!entry.getValue().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the peer a ratio target compares with, or {@code null} for a score target. */
    String ratioPeer() {
        return metric.startsWith("ratio:") ? metric.substring("ratio:".length()) : null;
    }

    /**
     * Returns the measured value this target judges, in the target's unit.
     *
     * @param result a result this target applies to
     * @param ratios the result's ratios to the peers of the same run, keyed by peer
     * @return the value, or empty if the run did not measure it
     */
    OptionalDouble measured(Result result, Map<String, Double> ratios) {
        String peer = ratioPeer();
        if (peer != null) {
            Double ratio = ratios.get(peer);
            return ratio == null ? OptionalDouble.empty() : OptionalDouble.of(ratio);
        }
        OptionalDouble raw;
        switch (metric) {
            case "median":
                raw = OptionalDouble.of(result.median());
                break;
            case "p50":
                raw = result.percentile(50.0);
                break;
            case "p99":
                raw = result.percentile(99.0);
                break;
            default:
                throw new IllegalStateException("metric was " + metric + "; must be median, p50, p99 or ratio:<peer>");
        }
        if (raw.isEmpty()) {
            return raw;
        }
        return OptionalDouble.of(Units.convert(raw.getAsDouble(), result.unit(), unit));
    }

    /** Returns {@code true} if {@code measured} meets the bound. */
    boolean isMetBy(double measured) {
        return atLeast ? measured >= value : measured <= value;
    }

    /** Returns the bound as people read it, e.g. {@code ≥ 3,000,000 ops/s}. */
    String describe() {
        String bound = (atLeast ? "≥ " : "≤ ") + Units.format(value);
        String peer = ratioPeer();
        return peer != null ? bound + "× vs " + peer : bound + " " + unit;
    }
}
