package io.cardkey.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the ledger-level {@link LedgerContract} with the file journal underneath (small segments, so they roll). Each
 * new store gets its own directory; the contract's jqwik properties do not take JUnit's {@code @TempDir}, so the
 * directories live under one temporary base that is removed when the JVM exits.
 */
class FileLedgerContractTest extends LedgerContract {
    private static final FileLedgerStore.Options OPTIONS =
            FileLedgerStore.options().segmentSize(64 * 1024).build();
    private static final Path BASE = createBase();

    private final Map<LedgerStore, Path> directories = new IdentityHashMap<>();

    private static Path createBase() {
        try {
            Path base = Files.createTempDirectory("file-ledger-contract");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(base)));
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path base) {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit; the base lives under the build's temporary directory
        }
    }

    private LedgerStore open(Path directory) {
        LedgerStore store = FileLedgerStore.open(directory, OPTIONS);
        synchronized (directories) {
            directories.put(store, directory);
        }
        return store;
    }

    @Override
    protected LedgerStore newStore() {
        try {
            return open(Files.createTempDirectory(BASE, "store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected LedgerStore reopen(LedgerStore closed) {
        closed.close();
        Path directory;
        synchronized (directories) {
            directory = directories.get(closed);
        }
        return open(directory);
    }
}
