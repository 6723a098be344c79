package io.cardkey.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by {@link VolumeBrackets.Builder#build()} when the brackets do not cover every volume from zero upwards
 * exactly once: a gap between two brackets, an overlap, a first bracket that does not start at zero, or no
 * open-ended last bracket.
 */
public final class BracketTableException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the table. */
    public enum Problem {
        /** The table has no brackets. */
        EMPTY,
        /** The lowest bracket does not start at zero. */
        NOT_FROM_ZERO,
        /** Volumes between two brackets belong to neither. */
        GAP,
        /** Volumes belong to two brackets. */
        OVERLAP,
        /** The highest bracket has an upper bound, or an open-ended bracket is not the highest. */
        NOT_OPEN_ENDED
    }

    private final Problem problem;
    private final transient Money at;

    BracketTableException(String message, Problem problem, Money at) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.at = at;
    }

    /**
     * Returns what is wrong.
     *
     * @return the problem
     */
    public Problem getProblem() {
        return problem;
    }

    /**
     * Returns the volume where the problem starts (the start of a gap or overlap, the first bound).
     *
     * @return the volume, or empty for an empty table
     */
    public Optional<Money> getAt() {
        return Optional.ofNullable(at);
    }
}
