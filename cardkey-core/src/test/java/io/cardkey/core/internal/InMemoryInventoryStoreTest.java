package io.cardkey.core.internal;

import io.cardkey.core.InventoryStore;
import io.cardkey.core.contract.InventoryStoreContract;

class InMemoryInventoryStoreTest extends InventoryStoreContract {
    @Override
    protected InventoryStore newStore() {
        return new InMemoryInventoryStore();
    }
}
