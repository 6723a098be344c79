package io.cardkey.ledger;

/** Runs the store-level {@link LedgerStoreContract} against {@link LedgerStore#inMemory()}. */
class InMemoryLedgerStoreContractTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return LedgerStore.inMemory();
    }
}
