package io.cardkey.ledger.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock for tests that moves only when told to. Thread-safe. */
public final class MutableClock implements InstantSource {
    private Instant now;

    /**
     * Creates a clock.
     *
     * @param start the first instant
     */
    public MutableClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    /**
     * Moves the clock.
     *
     * @param by how far; may be negative to simulate a clock step back
     */
    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }
}
