package io.cardkey.core.internal;

import io.cardkey.core.RedemptionThrottledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed redemptions per subject (an account, a source the host names) and refuses a subject past the limit
 * for a back-off that doubles with every further failure, up to a ceiling. A success clears the subject. Counters
 * live in memory and are forgotten when the subject is clear again, so the map holds only current offenders.
 *
 * <p>Thread-safe.
 */
public final class RedemptionGuard {
    private final Clock clock;
    private final int freeFailures;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final ConcurrentHashMap<String, Strikes> strikes = new ConcurrentHashMap<>();

    private record Strikes(long failures, Instant blockedUntil) {}

    /**
     * Creates a guard.
     *
     * @param clock the clock
     * @param freeFailures failures allowed before the back-off starts, at least 1
     * @param baseBackoff the first wait, positive
     * @param maxBackoff the longest wait, at least {@code baseBackoff}
     */
    public RedemptionGuard(Clock clock, int freeFailures, Duration baseBackoff, Duration maxBackoff) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (freeFailures < 1) {
            throw new IllegalArgumentException("freeFailures was " + freeFailures + "; must be at least 1");
        }
        if (baseBackoff.isNegative() || baseBackoff.isZero() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("baseBackoff was " + baseBackoff + " and maxBackoff " + maxBackoff
                    + "; base must be positive and at most max");
        }
        this.freeFailures = freeFailures;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Throws if any subject is blocked now.
     *
     * @param subjects e.g. {@code "account alice"}, {@code "source 203.0.113.9"}
     * @throws RedemptionThrottledException for the first blocked subject
     */
    public void check(String... subjects) {
        Instant now = clock.instant();
        for (String subject : subjects) {
            Strikes s = strikes.get(subject);
            if (s != null && s.blockedUntil().isAfter(now)) {
                throw new RedemptionThrottledException(subject, s.failures(), Duration.between(now, s.blockedUntil()));
            }
        }
    }

    /**
     * Counts a failure against every subject.
     *
     * @param subjects the subjects
     */
    public void failed(String... subjects) {
        Instant now = clock.instant();
        for (String subject : subjects) {
            strikes.merge(subject, new Strikes(1, Instant.MIN), (old, one) -> {
                long failures = old.failures() + 1;
                long over = failures - freeFailures;
                if (over <= 0) {
                    return new Strikes(failures, Instant.MIN);
                }
                Duration wait = over >= 30 ? maxBackoff : baseBackoff.multipliedBy(1L << (over - 1));
                return new Strikes(failures, now.plus(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait));
            });
        }
    }

    /**
     * Clears every subject after a successful redemption.
     *
     * @param subjects the subjects
     */
    public void succeeded(String... subjects) {
        for (String subject : subjects) {
            strikes.remove(subject);
        }
    }
}
