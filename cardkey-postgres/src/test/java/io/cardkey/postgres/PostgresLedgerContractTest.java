package io.cardkey.postgres;

import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.contract.LedgerContract;

/** Runs the ledger contract of {@code cardkey-ledger} unchanged on a PostgreSQL store. */
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
