package io.cardkey.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long operation on stderr, redrawn in place at most five times a second, and only when stderr is a
 * terminal (never in pipes, logs or tests that do not ask for it).
 *
 * <p>Not thread-safe.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private long lastDrawn;
    private boolean drawn;

    Progress(PrintWriter err, boolean enabled, String label) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
    }

    /** Shows that the operation started, for steps that cannot report how far they are. */
    void started(String what) {
        if (enabled) {
            err.print("\r" + label + ": " + what);
            err.flush();
            drawn = true;
        }
    }

    void update(long done, long total, String unit) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDrawn < INTERVAL_NANOS && done < total) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        err.print(String.format(Locale.ROOT, "\r%s: %3d%% (%,d of %,d %s)", label, percent, done, total, unit));
        err.flush();
    }

    /** Ends the progress line, so that what follows starts on a fresh line. */
    void finish() {
        if (enabled && drawn) {
            err.println();
            err.flush();
        }
    }
}
