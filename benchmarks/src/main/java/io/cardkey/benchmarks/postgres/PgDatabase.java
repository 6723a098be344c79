package io.cardkey.benchmarks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server of the benchmarks, named by {@code CARDKEY_PG_URL} (see the README, section PostgreSQL): each
 * trial works in a new schema of its own through one pool, dropped afterwards.
 */
final class PgDatabase implements AutoCloseable {
    /** Why the PostgreSQL benchmarks cannot run, printed by {@code benchmarks/run} and thrown by a direct run. */
    static final String NOT_CONFIGURED = "PostgreSQL benchmarks skipped: CARDKEY_PG_URL is not set. Start a server with"
            + " `eval \"$(.ci/postgres)\"` (needs root) or set CARDKEY_PG_URL to a JDBC URL of a database you may"
            + " create schemas in.";

    private final String url;
    private final String schema;
    private final HikariDataSource pool;

    private PgDatabase(String url, String schema, HikariDataSource pool) {
        this.url = url;
        this.schema = schema;
        this.pool = pool;
    }

    /**
     * Creates a new schema and a pool of {@code connections} over it.
     *
     * @throws IllegalStateException if {@code CARDKEY_PG_URL} is not set
     */
    static PgDatabase open(String name, int connections) {
        String url = System.getenv("CARDKEY_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(NOT_CONFIGURED);
        }
        String schema = "ck_bench_" + name + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create schema " + schema + " (SQL state " + e.getSQLState() + ")", e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setSchema(schema);
        config.setMaximumPoolSize(connections);
        config.setPoolName(name);
        return new PgDatabase(url, schema, new HikariDataSource(config));
    }

    HikariDataSource pool() {
        return pool;
    }

    /** Runs SQL with {@code long} parameters in its own transaction. */
    void execute(String sql, long... parameters) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setLong(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark set-up failed (SQL state " + e.getSQLState() + "): " + sql, e);
        }
    }

    @Override
    public void close() {
        pool.close();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop schema " + schema, e);
        }
    }
}
