package io.cardkey.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many failed redemptions came from one account or one source (an IP address, a device ...): further attempts are
 * refused, before any code is looked up, until the back-off ends. Each failure past the limit doubles the wait.
 */
public class RedemptionThrottledException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final long failures;
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param subject what is throttled, e.g. {@code "account alice"} or {@code "source 203.0.113.9"}
     * @param failures the failed attempts counted
     * @param retryAfter how long until the next attempt is accepted
     */
    public RedemptionThrottledException(String subject, long failures, Duration retryAfter) {
        super(subject + " failed " + failures + " redemptions; retry after " + retryAfter.toMillis() + " ms");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.failures = failures;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * Returns what is throttled.
     *
     * @return e.g. {@code "account alice"}
     */
    public String subject() {
        return subject;
    }

    /**
     * Returns the failed attempts counted.
     *
     * @return the failures
     */
    public long failures() {
        return failures;
    }

    /**
     * Returns how long until the next attempt is accepted.
     *
     * @return the wait, positive
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
