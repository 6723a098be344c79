package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresSchemaTest {
    private HikariDataSource database;

    @BeforeEach
    void emptySchema() {
        database = TestDatabase.newSchema();
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void migrate_emptyDatabase_appliesEveryMigrationThenNothing() throws SQLException {
        assertThat(PostgresSchema.migrate(database)).isEqualTo(PostgresSchema.latestVersion());
        assertThat(PostgresSchema.migrate(database)).isZero();

        assertThat(count("SELECT count(*) FROM cardkey_schema_version")).isEqualTo(PostgresSchema.latestVersion());
        assertThat(count("SELECT count(*) FROM cardkey_ledger_record")).isZero();
    }

    @Test
    void migrate_eightInstancesStartingAtOnce_appliesEachMigrationExactlyOnce() throws Exception {
        ExecutorService instances = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                applied.add(instances.submit(() -> PostgresSchema.migrate(database)));
            }
            int total = 0;
            for (Future<Integer> result : applied) {
                total += result.get();
            }
            assertThat(total).isEqualTo(PostgresSchema.latestVersion());
        } finally {
            instances.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM cardkey_schema_version")).isEqualTo(PostgresSchema.latestVersion());
    }

    @Test
    void migrate_appliedMigrationEditedSince_throwsAndChangesNothing() throws SQLException {
        PostgresSchema.migrate(database);
        execute("UPDATE cardkey_schema_version SET checksum = 'edited' WHERE version = 1");

        assertThatThrownBy(() -> PostgresSchema.migrate(database))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("V001__ledger.sql")
                .hasMessageContaining("changed after it was applied");
    }

    @Test
    void migrate_databaseOfANewerLibrary_throwsNamingBothVersions() throws SQLException {
        PostgresSchema.migrate(database);
        execute("INSERT INTO cardkey_schema_version (version, name, checksum) VALUES (999, 'V999__future.sql', 'x')");

        assertThatThrownBy(() -> PostgresSchema.migrate(database))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("version 999")
                .hasMessageContaining("upgrade the library");
    }

    @Test
    void migrate_nullDataSource_throwsNullPointer() {
        assertThatThrownBy(() -> PostgresSchema.migrate(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dataSource");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
