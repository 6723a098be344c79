package io.cardkey.ledger;

import io.cardkey.ledger.contract.LedgerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs the {@link LedgerContract} against the durable file journal: every store gets its own directory under the
 * build's temporary directory, and reopening opens the journal in that directory again.
 */
class FileLedgerContractTest extends LedgerContract {
    private final Map<LedgerStore, Path> directories = Collections.synchronizedMap(new IdentityHashMap<>());

    private static FileLedgerStore.Options options() {
        return FileLedgerStore.options().segmentSize(64 * 1024).build();
    }

    @Override
    protected LedgerStore newStore() {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            Path directory = Files.createTempDirectory(base, "ledger-contract-");
            LedgerStore store = FileLedgerStore.open(directory, options());
            directories.put(store, directory);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected LedgerStore reopen(LedgerStore closed) {
        Path directory = directories.get(closed);
        LedgerStore store = FileLedgerStore.open(directory, options());
        directories.put(store, directory);
        return store;
    }
}
