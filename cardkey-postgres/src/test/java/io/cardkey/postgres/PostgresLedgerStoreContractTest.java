package io.cardkey.postgres;

import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.contract.LedgerStoreContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the store contract of {@code cardkey-ledger} unchanged against PostgreSQL. */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresLedgerStoreContractTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return PostgresLedgerStore.open(TestDatabase.dataSource(), TestDatabase.uniqueName("ledger"));
    }

    @Override
    protected LedgerStore reopen(LedgerStore store) {
        store.close();
        return PostgresLedgerStore.open(TestDatabase.dataSource(), ((PostgresLedgerStore) store).ledgerName());
    }
}
