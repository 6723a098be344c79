package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a crash test's child JVM (same class path) and kills it with {@code SIGKILL}: no shutdown hooks, no close, no
 * flush. The child prints a line starting with {@code ready} once it has opened its files; every later line of its
 * standard output goes to the test's listener, until the kill cuts it (a line cut in half is dropped).
 */
final class KilledChild {
    private KilledChild() {}

    /**
     * Starts {@code main} with {@code args}, waits until it is ready, lets it run for {@code runMillis}, kills it and
     * waits until it is gone and its output is read.
     *
     * @param main the child's main class
     * @param stderr where the child's standard error goes
     * @param runMillis how long the child runs once ready
     * @param listener receives each line the child printed after {@code ready}
     * @param args the child's arguments
     */
    static void runAndKill(Class<?> main, Path stderr, long runMillis, Consumer<String> listener, String... args)
            throws IOException, InterruptedException {
        String[] command = new String[4 + args.length];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = main.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        Process child =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> read(child, ready, listener));
        reader.start();
        try {
            assertThat(ready.await(60, TimeUnit.SECONDS))
                    .as("child %s started (stderr in %s)", main.getSimpleName(), stderr)
                    .isTrue();
            Thread.sleep(runMillis);
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join();
    }

    private static void read(Process child, CountDownLatch ready, Consumer<String> listener) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ready")) {
                    ready.countDown();
                } else {
                    listener.accept(line);
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line; what was read before counts
        }
    }
}
