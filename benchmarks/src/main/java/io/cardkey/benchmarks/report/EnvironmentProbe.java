package io.cardkey.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the environment file of a benchmark run: machine (cores, CPU model, memory, load), JDK, OS, date, profile,
 * JMH options and commit, so that every number in {@code BENCHMARKS.md} says where it was measured.
 *
 * <p>Run as {@code java -cp benchmarks.jar io.cardkey.benchmarks.report.EnvironmentProbe <out.env.json> <profile>
 * <jmh-options> <commit>}; {@code benchmarks/run} does this before each run. Stateless.
 */
public final class EnvironmentProbe {
    private EnvironmentProbe() {}

    /**
     * Writes the environment file.
     *
     * @param args the output file, the profile name, the JMH options and the commit hash
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("arguments were " + List.of(args)
                    + "; usage: EnvironmentProbe <out.env.json> <profile> <jmh-options> <commit>");
        }
        Map<String, String> environment = probe(args[1], args[2], args[3]);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(Paths.get(args[0]).toFile(), environment);
    }

    /**
     * Describes this machine and JVM.
     *
     * @param profile the benchmark profile
     * @param jmhOptions the JMH command-line options of the run
     * @param commit the commit the benchmarks were built from
     * @return the entries, in the order the report shows them
     */
    static Map<String, String> probe(String profile, String jmhOptions, String commit) {
        Runtime runtime = Runtime.getRuntime();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        environment.put("profile", profile);
        environment.put("cpu", cpuModel());
        environment.put("cores", Integer.toString(runtime.availableProcessors()));
        environment.put("memory", memory(os));
        environment.put(
                "jdk",
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.name") + ")");
        environment.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        environment.put("loadAverage", String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage()));
        environment.put("jmhOptions", jmhOptions);
        environment.put("commit", commit);
        return environment;
    }

    private static String cpuModel() {
        Path cpuinfo = Paths.get("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            // Fall through: the architecture is the best we can say.
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    private static String memory(OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long bytes = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
        }
        return "unknown";
    }
}
