/**
 * JMH benchmarks of CardKey, each with the peer a user would otherwise pick measured in the same run as a
 * {@code @Param("impl")} value ({@code cardkey} is CardKey; any other value is a peer).
 *
 * <p>Run everything with {@code benchmarks/run quick} (or {@code full}); one benchmark with {@code benchmarks/run quick
 * SealBenchmark}. Results land in {@code benchmarks/results/} and {@code BENCHMARKS.md}.
 */
package io.cardkey.benchmarks;
