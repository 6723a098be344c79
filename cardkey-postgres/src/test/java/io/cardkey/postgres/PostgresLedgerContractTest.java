package io.cardkey.postgres;

import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.contract.LedgerContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the ledger contract of {@code cardkey-ledger} unchanged on a PostgreSQL store. */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresLedgerContractTest extends LedgerContract {
    @Override
    protected LedgerStore newStore() {
        return PostgresLedgerStore.open(TestDatabase.dataSource(), TestDatabase.uniqueName("ledger"));
    }

    @Override
    protected LedgerStore reopen(LedgerStore closed) {
        closed.close();
        return PostgresLedgerStore.open(TestDatabase.dataSource(), ((PostgresLedgerStore) closed).ledgerName());
    }
}
