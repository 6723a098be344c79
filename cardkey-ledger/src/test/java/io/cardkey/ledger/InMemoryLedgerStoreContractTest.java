package io.cardkey.ledger;

import io.cardkey.ledger.contract.LedgerStoreContract;

/** Runs the store-level {@link LedgerStoreContract} against {@link LedgerStore#inMemory()}. */
class InMemoryLedgerStoreContractTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return LedgerStore.inMemory();
    }
}
