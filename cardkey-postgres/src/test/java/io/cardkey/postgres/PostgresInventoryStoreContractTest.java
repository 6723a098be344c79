package io.cardkey.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.contract.InventoryStoreContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the inventory contract of {@code cardkey-core} unchanged against PostgreSQL, each test in a schema of its own. */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresInventoryStoreContractTest extends InventoryStoreContract {
    private HikariDataSource database;

    @Override
    protected InventoryStore newStore() {
        database = TestDatabase.newSchema();
        return PostgresInventoryStore.open(database);
    }

    @AfterEach
    void dropSchema() {
        TestDatabase.drop(database);
    }
}
