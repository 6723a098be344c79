package io.cardkey.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The PostgreSQL server the tests use, named by {@code CARDKEY_PG_URL} (environment) or {@code cardkey.pg.url}
 * (system property), e.g. {@code jdbc:postgresql://127.0.0.1:5432/cardkey_test?user=cardkey&password=cardkey}.
 *
 * <p>Without one the PostgreSQL tests are skipped, with a note on stderr saying how to enable them, unless
 * {@code CARDKEY_PG_REQUIRED=true} (CI sets it), which turns the absence into a failure. A test run works in a new
 * schema of its own, through one small connection pool as a host would; tests keep apart by naming their own ledgers.
 */
final class TestDatabase {
    private static DataSource shared;
    private static boolean warned;

    private TestDatabase() {}

    /** Returns the run's pooled data source. Test classes using it carry {@link RequiresPostgres}. */
    static synchronized DataSource dataSource() {
        if (shared == null) {
            shared = create(url());
        }
        return shared;
    }

    /**
     * Returns a new pool over a new, empty schema, for tests that need the database to themselves (migrations).
     * The caller closes it.
     */
    static HikariDataSource newSchema() {
        return create(url());
    }

    /** Closes a pool from {@link #newSchema()} and drops its schema with everything in it; null is ignored. */
    static void drop(HikariDataSource database) {
        if (database == null) {
            return;
        }
        String schema = database.getSchema();
        database.close();
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }

    /** Returns a name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static HikariDataSource create(String url) {
        String schema = "ck_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test schema on " + redacted(url), e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setSchema(schema);
        pool.setMaximumPoolSize(16);
        pool.setMinimumIdle(2);
        pool.setPoolName("cardkey-test");
        return new HikariDataSource(pool);
    }

    /**
     * Returns why PostgreSQL tests must be skipped, or empty if a server is configured.
     *
     * @throws IllegalStateException if none is configured but {@code CARDKEY_PG_REQUIRED=true}
     */
    static synchronized Optional<String> skipReason() {
        if (configuredUrl().isPresent()) {
            return Optional.empty();
        }
        String message = "PostgreSQL tests skipped: no server configured. Set CARDKEY_PG_URL, e.g. "
                + "jdbc:postgresql://127.0.0.1:5432/cardkey_test?user=cardkey&password=cardkey (see the README,"
                + " section PostgreSQL)";
        if ("true".equalsIgnoreCase(System.getenv("CARDKEY_PG_REQUIRED"))) {
            throw new IllegalStateException("CARDKEY_PG_REQUIRED is set but " + message);
        }
        if (!warned) {
            warned = true;
            System.err.println("[cardkey-postgres] " + message);
        }
        return Optional.of(message);
    }

    private static Optional<String> configuredUrl() {
        String url = System.getenv("CARDKEY_PG_URL");
        if (url == null || url.isBlank()) {
            url = System.getProperty("cardkey.pg.url");
        }
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url);
    }

    private static String url() {
        return configuredUrl()
                .orElseThrow(() -> new IllegalStateException("a PostgreSQL test ran without @RequiresPostgres"));
    }

    private static String redacted(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
