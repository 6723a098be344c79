package io.cardkey.postgres.internal;

import java.time.Instant;

/**
 * Instants as bigint nanoseconds since the epoch: exact for {@link Instant} (timestamptz keeps microseconds), and
 * ordered like the instants themselves.
 */
public final class Nanos {
    /** The earliest instant a bigint of nanoseconds holds. */
    public static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);

    /** The latest instant a bigint of nanoseconds holds. */
    public static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private static final long PER_SECOND = 1_000_000_000L;

    private Nanos() {}

    /**
     * Returns the nanoseconds since the epoch of {@code instant}.
     *
     * @param instant the instant
     * @param name what it is, for the message
     * @return nanoseconds since 1970-01-01T00:00:00Z
     * @throws IllegalArgumentException if the instant lies outside {@link #MIN}..{@link #MAX}
     */
    public static long of(Instant instant, String name) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException(
                    name + " was " + instant + "; the PostgreSQL store keeps instants between " + MIN + " and " + MAX);
        }
        long seconds = instant.getEpochSecond();
        long nano = instant.getNano();
        if (seconds < 0 && nano > 0) {
            // Near MIN, seconds * 10^9 alone would overflow before the nanoseconds pull it back in range.
            seconds++;
            nano -= PER_SECOND;
        }
        return Math.multiplyExact(seconds, PER_SECOND) + nano;
    }

    /**
     * Returns the instant {@code nanos} after the epoch.
     *
     * @param nanos nanoseconds since 1970-01-01T00:00:00Z
     * @return the instant
     */
    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, PER_SECOND), Math.floorMod(nanos, PER_SECOND));
    }
}
