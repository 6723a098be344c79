package io.cardkey.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Where the durable benchmarks keep their data directories and fixtures. Stateless. */
public final class BenchDirectories {
    private BenchDirectories() {}

    /**
     * Returns the base directory: {@code -Dcardkey.bench.dir} (set by {@code benchmarks/run} to a directory on the
     * repository's disk, so {@code fsync} reaches a real device; never a tmpfs).
     */
    public static Path base() {
        Path base = Paths.get(System.getProperty("cardkey.bench.dir", "target/bench-data"))
                .toAbsolutePath();
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return base;
    }

    /** Creates a fresh directory for one trial or iteration. */
    public static Path newDirectory(String name) {
        try {
            return Files.createTempDirectory(base(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the directory of a fixture that outlives one run ({@code benchmarks/run} keeps {@code fixtures/}).
     */
    public static Path fixture(String name) {
        return base().resolve("fixtures").resolve(name);
    }

    /** Deletes a directory and everything in it. */
    public static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
