package io.cardkey.benchmarks.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The peer a user would build instead of CardKey's ledger: an embedded H2 database in file mode with an account
 * table and a ledger table, one row per transaction, one commit per append call.
 *
 * <h2>Durability</h2>
 *
 * <p>H2 acknowledges a commit before it reaches the disk: with its defaults, 200 commits issued 0 {@code fsync}
 * calls (checked with {@code strace -e fsync,fdatasync}; even {@code WRITE_DELAY=0} only writes, it does not sync).
 * So there are two variants. {@code durable = true} ({@code impl = h2}) runs {@code CHECKPOINT SYNC} after each
 * commit, which H2 documents as the way to force data to the device: the like-for-like peer of a durable append.
 * {@code durable = false} ({@code impl = h2-nosync}) is H2 as configured out of the box, shown for reference because
 * its acknowledgements survive a process crash but not a power loss.
 *
 * <p>Thread-safe: each appender has its own connection.
 */
final class H2Ledger implements LedgerSubject {
    private final String url;
    private final boolean durable;
    private final Connection schemaConnection;

    H2Ledger(Path directory, boolean durable) {
        this.url = "jdbc:h2:file:" + directory.resolve("ledger").toAbsolutePath();
        this.durable = durable;
        try {
            schemaConnection = DriverManager.getConnection(url, "sa", "");
            try (Statement statement = schemaConnection.createStatement()) {
                statement.execute("CREATE TABLE account (id VARCHAR(128) PRIMARY KEY, currency CHAR(3) NOT NULL)");
                statement.execute("CREATE TABLE ledger_tx ("
                        + "seq BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "tx_id VARCHAR(128) NOT NULL UNIQUE, "
                        + "type VARCHAR(64) NOT NULL, "
                        + "debit VARCHAR(128) NOT NULL REFERENCES account(id), "
                        + "credit VARCHAR(128) NOT NULL REFERENCES account(id), "
                        + "amount BIGINT NOT NULL CHECK (amount > 0), "
                        + "order_id VARCHAR(128))");
            }
            try (PreparedStatement insert = schemaConnection.prepareStatement("INSERT INTO account VALUES (?, ?)")) {
                insert.setString(1, Workload.PLATFORM);
                insert.setString(2, Workload.CURRENCY);
                insert.addBatch();
                for (int i = 0; i < Workload.DISTRIBUTORS; i++) {
                    insert.setString(1, Workload.distributor(i));
                    insert.setString(2, Workload.CURRENCY);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            syncIfDurable(schemaConnection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the H2 ledger at " + url, e);
        }
    }

    private void syncIfDurable(Connection connection) throws SQLException {
        if (durable) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
        }
    }

    @Override
    public Appender appender() {
        try {
            Connection connection = DriverManager.getConnection(url, "sa", "");
            connection.setAutoCommit(false);
            return new H2Appender(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url, e);
        }
    }

    /** Returns the number of transactions stored, to check that the benchmark really wrote them. */
    long count() {
        try (Statement statement = schemaConnection.createStatement();
                var rows = statement.executeQuery("SELECT COUNT(*) FROM ledger_tx")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            schemaConnection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class H2Appender implements Appender {
        private final Connection connection;
        private final PreparedStatement insert;
        private final Statement sync;

        H2Appender(Connection connection) throws SQLException {
            this.connection = connection;
            this.insert = connection.prepareStatement(
                    "INSERT INTO ledger_tx (tx_id, type, debit, credit, amount, order_id) VALUES (?, ?, ?, ?, ?, ?)");
            this.sync = connection.createStatement();
        }

        private void bind(TxSpec tx) throws SQLException {
            insert.setString(1, tx.id());
            insert.setString(2, tx.type());
            insert.setString(3, tx.debit());
            insert.setString(4, tx.credit());
            insert.setLong(5, tx.amount());
            insert.setString(6, tx.orderId());
        }

        @Override
        public void append(TxSpec transaction) {
            try {
                bind(transaction);
                insert.executeUpdate();
                commit();
            } catch (SQLException e) {
                rollback(e);
            }
        }

        @Override
        public void append(List<TxSpec> batch) {
            try {
                for (TxSpec tx : batch) {
                    bind(tx);
                    insert.addBatch();
                }
                insert.executeBatch();
                commit();
            } catch (SQLException e) {
                rollback(e);
            }
        }

        private void commit() throws SQLException {
            connection.commit();
            if (durable) {
                sync.execute("CHECKPOINT SYNC");
            }
        }

        private void rollback(SQLException cause) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
            throw new IllegalStateException("H2 append failed", cause);
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
