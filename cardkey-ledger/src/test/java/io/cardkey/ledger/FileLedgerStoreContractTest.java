package io.cardkey.ledger;

import io.cardkey.ledger.contract.LedgerStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the store contract against the file journal, with small segments so that rolling is exercised too. */
class FileLedgerStoreContractTest extends LedgerStoreContract {
    @TempDir
    Path directory;

    @Override
    protected LedgerStore newStore() {
        return FileLedgerStore.open(directory, options());
    }

    @Override
    protected LedgerStore reopen(LedgerStore store) {
        store.close();
        return FileLedgerStore.open(directory, options());
    }

    private static FileLedgerStore.Options options() {
        return FileLedgerStore.options().segmentSize(8192).maxGroupBytes(4096).build();
    }
}
