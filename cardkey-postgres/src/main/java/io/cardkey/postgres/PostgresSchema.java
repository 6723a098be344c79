package io.cardkey.postgres;

import io.cardkey.postgres.internal.Migration;
import io.cardkey.postgres.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the CardKey tables in a PostgreSQL database.
 *
 * <p>The migrations ship in this jar, numbered from 1. {@link #migrate} applies the missing ones in order, in one
 * transaction, under a transaction-scoped advisory lock, so several application instances may start at once: one
 * migrates, the others wait and then find nothing to do. Each applied migration is recorded in
 * {@code cardkey_schema_version} with a SHA-256 checksum of its text; a migration edited after it was applied, or a
 * database already migrated by a newer CardKey, is refused with {@link SchemaMigrationException} rather than guessed
 * at.
 *
 * <p>The stores of this module call {@link #migrate} when they open; call it yourself to migrate at deployment time.
 * Thread-safe (it holds no state).
 */
public final class PostgresSchema {
    /** The advisory lock key that serialises migrations: "cardkey" in ASCII. */
    private static final long MIGRATION_LOCK = 0x636172646b6579L;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSchema.class);

    private PostgresSchema() {}

    /**
     * Returns the schema version this library migrates to.
     *
     * @return the number of the newest migration in this jar
     */
    public static int latestVersion() {
        return Migration.all().size();
    }

    /**
     * Applies every migration the database lacks, or does nothing if it is up to date.
     *
     * @param dataSource connections to the database; the migrations run in its default schema
     * @return the number of migrations applied now (0 if the database was up to date)
     * @throws SchemaMigrationException if a migration fails, an applied migration was edited since, or the database
     *     was migrated by a newer CardKey; nothing is changed then
     */
    public static int migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int applied = migrate(connection);
                connection.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new SchemaMigrationException(
                    "could not migrate the CardKey schema (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private static int migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS cardkey_schema_version ("
                    + "version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
        }
        Map<Integer, String> appliedChecksums = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, checksum FROM cardkey_schema_version")) {
            while (rows.next()) {
                appliedChecksums.put(rows.getInt(1), rows.getString(2));
            }
        }
        List<Migration> migrations = Migration.all();
        for (int version : appliedChecksums.keySet()) {
            if (version > migrations.size()) {
                throw new SchemaMigrationException("the database is at CardKey schema version " + version
                        + ", newer than this library's " + migrations.size()
                        + "; upgrade the library on every instance");
            }
        }
        int applied = 0;
        for (Migration migration : migrations) {
            String recorded = appliedChecksums.get(migration.version());
            if (recorded != null) {
                if (!recorded.equals(migration.checksum())) {
                    throw new SchemaMigrationException("migration " + migration.name()
                            + " was changed after it was applied to this database (checksum " + recorded
                            + " applied, " + migration.checksum() + " now); restore the original migration");
                }
                continue;
            }
            apply(connection, migration);
            applied++;
        }
        return applied;
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(migration.sql());
        } catch (SQLException e) {
            throw new SchemaMigrationException(
                    "migration " + migration.name() + " failed (SQL state " + e.getSQLState() + "): " + e.getMessage(),
                    e);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO cardkey_schema_version (version, name, checksum) VALUES (?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setString(3, migration.checksum());
            insert.executeUpdate();
        }
        LOG.info("applied CardKey schema migration {}", migration.name());
    }
}
