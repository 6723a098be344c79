package io.cardkey.crypto;

import java.util.Objects;

/**
 * Argon2id cost parameters for deriving a keyset's wrapping key from a passphrase. They are stored in the clear
 * beside the wrapped keyset, so unwrapping needs only the passphrase.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 *
 * {@link #recommended()} follows RFC 9106's second recommended option (64 MiB, 3 passes) with one lane. Use smaller
 * values only in tests. Unwrapping refuses stored parameters above {@value #MAX_MEMORY_KIB} KiB or
 * {@value #MAX_ITERATIONS} passes, so an edited file cannot make the host exhaust its memory.
 */
public final class PassphraseParameters {
    /** Largest memory cost accepted, in KiB (1 GiB). */
    public static final int MAX_MEMORY_KIB = 1 << 20;
    /** Largest number of passes accepted. */
    public static final int MAX_ITERATIONS = 64;
    /** Largest number of lanes accepted. */
    public static final int MAX_PARALLELISM = 16;

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    private PassphraseParameters(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /**
     * Returns 64 MiB, 3 passes, 1 lane.
     *
     * @return the recommended parameters
     */
    public static PassphraseParameters recommended() {
        return new PassphraseParameters(64 * 1024, 3, 1);
    }

    /**
     * Returns the given parameters.
     *
     * @param memoryKiB memory cost in KiB, from {@code 8 * parallelism} to {@value #MAX_MEMORY_KIB}
     * @param iterations passes over memory, 1 to {@value #MAX_ITERATIONS}
     * @param parallelism lanes, 1 to {@value #MAX_PARALLELISM}
     * @return the parameters
     * @throws IllegalArgumentException if a value is out of range
     */
    public static PassphraseParameters of(int memoryKiB, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "parallelism was " + parallelism + "; must be between 1 and " + MAX_PARALLELISM);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB was " + memoryKiB + "; must be between " + 8 * parallelism
                    + " (8 per lane) and " + MAX_MEMORY_KIB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "iterations was " + iterations + "; must be between 1 and " + MAX_ITERATIONS);
        }
        return new PassphraseParameters(memoryKiB, iterations, parallelism);
    }

    /**
     * Returns the memory cost.
     *
     * @return KiB
     */
    public int memoryKiB() {
        return memoryKiB;
    }

    /**
     * Returns the number of passes.
     *
     * @return passes
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Returns the number of lanes.
     *
     * @return lanes
     */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PassphraseParameters
                && memoryKiB == ((PassphraseParameters) o).memoryKiB
                && iterations == ((PassphraseParameters) o).iterations
                && parallelism == ((PassphraseParameters) o).parallelism;
    }

    @Override
    public int hashCode() {
        return Objects.hash(memoryKiB, iterations, parallelism);
    }

    @Override
    public String toString() {
        return "PassphraseParameters[Argon2id, memoryKiB=" + memoryKiB + ", iterations=" + iterations + ", parallelism="
                + parallelism + "]";
    }
}
