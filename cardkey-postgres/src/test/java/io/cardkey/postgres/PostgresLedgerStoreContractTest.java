package io.cardkey.postgres;

import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.contract.LedgerStoreContract;

/** Runs the store contract of {@code cardkey-ledger} unchanged against PostgreSQL. */
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
