package io.cardkey.benchmarks.report;

import java.util.Locale;

/** Conversions between JMH score units, and number formatting for the report. Stateless. */
final class Units {
    private Units() {}

    /**
     * Converts a score from one JMH unit to another of the same kind.
     *
     * @param value the score
     * @param from its unit, {@code ops/<time>} or {@code <time>/op}
     * @param to the wanted unit of the same kind
     * @return the converted score
     * @throws IllegalArgumentException if the units are not both throughput or both time per operation
     */
    static double convert(double value, String from, String to) {
        if (from.equals(to)) {
            return value;
        }
        if (from.startsWith("ops/") && to.startsWith("ops/")) {
            // ops per a longer time unit is more ops: multiply by (to time / from time).
            return value * seconds(to.substring(4)) / seconds(from.substring(4));
        }
        if (from.endsWith("/op") && to.endsWith("/op")) {
            return value * seconds(from.substring(0, from.length() - 3)) / seconds(to.substring(0, to.length() - 3));
        }
        throw new IllegalArgumentException("cannot convert " + from + " to " + to + "; units must be of the same kind");
    }

    private static double seconds(String unit) {
        switch (unit) {
            case "s":
                return 1;
            case "ms":
                return 1e-3;
            case "us":
                return 1e-6;
            case "ns":
                return 1e-9;
            case "min":
                return 60;
            default:
                throw new IllegalArgumentException("time unit was " + unit + "; must be one of s, ms, us, ns, min");
        }
    }

    /**
     * Formats a number with three significant digits below 1,000 and thousands separators above, independent of the
     * default locale.
     */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
