package io.cardkey.ledger;

/** Runs the store contract against {@link LedgerStore#inMemory()}; it keeps nothing across close. */
class InMemoryLedgerStoreContractTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return LedgerStore.inMemory();
    }
}
