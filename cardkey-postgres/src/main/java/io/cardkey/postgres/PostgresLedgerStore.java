package io.cardkey.postgres;

import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.postgres.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * A {@link LedgerStore} in PostgreSQL: the ledger's records and its latest snapshot in two tables, under a ledger name,
 * so that several ledgers may share one database.
 *
 * <p>Each append is one database transaction that inserts the whole batch, so a batch is all there or not at all, and
 * the append returns once PostgreSQL has committed it (durable as the server's {@code synchronous_commit} setting
 * makes it; keep the default {@code on}). The primary key {@code (ledger, sequence)} keeps the sequence gap-free and
 * single-valued even with several application instances: an instance whose ledger fell behind because another
 * instance appended gets {@link ConcurrentAppendException} and nothing is written.
 *
 * <h2>Failures</h2>
 *
 * A lost connection or a serialization failure while appending is retried (at most {@value #ATTEMPTS} attempts in
 * all); before a retry the store reads back what a commit that was lost in transit may have written, and counts the
 * batch as appended if exactly its records are there. Anything else fails with {@link PostgresStoreException}, which
 * names the SQL state.
 *
 * <p>Thread-safe. {@link #close()} releases nothing of the host's: the {@link DataSource} stays the host's to close.
 */
public final class PostgresLedgerStore implements LedgerStore {
    static final int ATTEMPTS = 3;
    private static final int READ_PAGE = 10_000;

    private final DataSource dataSource;
    private final String ledger;
    private final Object writeLock = new Object();
    private volatile long lastSequence;
    private volatile boolean closed;

    private PostgresLedgerStore(DataSource dataSource, String ledger, long lastSequence) {
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.lastSequence = lastSequence;
    }

    /**
     * Opens the ledger named {@code ledger} in the database, migrating the schema first if it is behind.
     *
     * @param dataSource connections to the database; its default schema holds the tables
     * @param ledger the ledger's name, 1 to 200 characters
     * @return the open store
     * @throws IllegalArgumentException if the name is empty or too long
     * @throws SchemaMigrationException if the schema cannot be migrated
     * @throws PostgresStoreException if the database cannot be read
     */
    public static PostgresLedgerStore open(DataSource dataSource, String ledger) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(ledger, "ledger");
        if (ledger.isEmpty() || ledger.length() > 200) {
            throw new IllegalArgumentException(
                    "ledger name had " + ledger.length() + " characters; must have between 1 and 200");
        }
        PostgresSchema.migrate(dataSource);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT coalesce(max(sequence), 0) FROM cardkey_ledger_record WHERE ledger = ?")) {
            query.setString(1, ledger);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new PostgresLedgerStore(dataSource, ledger, rows.getLong(1));
            }
        } catch (SQLException e) {
            throw failure("open ledger '" + ledger + "'", e);
        }
    }

    @Override
    public long lastSequence() {
        checkOpen();
        return lastSequence;
    }

    @Override
    public CompletableFuture<Void> append(long firstSequence, List<byte[]> records) {
        Objects.requireNonNull(records, "records");
        List<byte[]> copies = new ArrayList<>(records.size());
        for (byte[] record : records) {
            copies.add(Objects.requireNonNull(record, "records must not contain null")
                    .clone());
        }
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("records was empty; an append needs at least one record");
        }
        synchronized (writeLock) {
            checkOpen();
            if (firstSequence != lastSequence + 1) {
                throw new IllegalArgumentException("firstSequence was " + firstSequence + "; must be "
                        + (lastSequence + 1) + ", the next sequence number of ledger '" + ledger + "'");
            }
            insertWithRetries(firstSequence, copies);
            lastSequence = firstSequence + copies.size() - 1;
        }
        return CompletableFuture.completedFuture(null);
    }

    private void insertWithRetries(long first, List<byte[]> records) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt > 1 && alreadyStored(first, records)) {
                    return;
                }
                insert(first, records);
                return;
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new ConcurrentAppendException(ledger, first);
                }
                if (!Sql.isTransient(e) || attempt == ATTEMPTS) {
                    throw failure("append records " + first + ".." + (first + records.size() - 1), e);
                }
            }
        }
    }

    private void insert(long first, List<byte[]> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO cardkey_ledger_record (ledger, sequence, body) VALUES (?, ?, ?)")) {
                for (int i = 0; i < records.size(); i++) {
                    insert.setString(1, ledger);
                    insert.setLong(2, first + i);
                    insert.setBytes(3, records.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    /** After a lost commit: true if exactly these records are stored, false if none of them is. */
    private boolean alreadyStored(long first, List<byte[]> records) throws SQLException {
        List<byte[]> stored = new ArrayList<>();
        readPage(first, first + records.size() - 1, (sequence, record) -> stored.add(record));
        if (stored.isEmpty()) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            if (i >= stored.size() || !Arrays.equals(stored.get(i), records.get(i))) {
                throw new ConcurrentAppendException(ledger, first + i);
            }
        }
        return true;
    }

    @Override
    public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        checkOpen();
        long last = lastSequence;
        if (fromSequence < 1 || toSequence < fromSequence || toSequence > last) {
            throw new IllegalArgumentException("read range was " + fromSequence + ".." + toSequence
                    + "; must be within 1.." + last + " and not empty");
        }
        try {
            for (long from = fromSequence; from <= toSequence; from += READ_PAGE) {
                readPage(from, Math.min(toSequence, from + READ_PAGE - 1), consumer);
            }
        } catch (SQLException e) {
            throw failure("read records " + fromSequence + ".." + toSequence, e);
        }
    }

    private void readPage(long from, long to, RecordConsumer consumer) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT sequence, body FROM cardkey_ledger_record"
                        + " WHERE ledger = ? AND sequence BETWEEN ? AND ? ORDER BY sequence")) {
            query.setString(1, ledger);
            query.setLong(2, from);
            query.setLong(3, to);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows.getLong(1), rows.getBytes(2));
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code UPDATE} of the record's row, committed before this returns, that only applies if the stored bytes
     * have the same length. <b>Security:</b> PostgreSQL keeps the old row version until {@code VACUUM} removes it
     * (autovacuum does, eventually; run {@code VACUUM cardkey_ledger_record} to be sure), and the old bytes stay in
     * write-ahead log segments and backups taken before.
     *
     * @throws PostgresStoreException if the database cannot be written
     */
    @Override
    public void redact(long sequence, byte[] record) {
        Objects.requireNonNull(record, "record");
        checkOpen();
        long last = lastSequence;
        if (sequence < 1 || sequence > last) {
            throw new IllegalArgumentException(
                    "sequence was " + sequence + "; must be within 1.." + last + " of ledger '" + ledger + "'");
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE cardkey_ledger_record SET body = ?"
                        + " WHERE ledger = ? AND sequence = ? AND octet_length(body) = ?")) {
            update.setBytes(1, record);
            update.setString(2, ledger);
            update.setLong(3, sequence);
            update.setInt(4, record.length);
            if (update.executeUpdate() != 1) {
                throw new IllegalArgumentException("record length was " + record.length
                        + "; must be the stored length of record " + sequence + " of ledger '" + ledger + "'");
            }
        } catch (SQLException e) {
            throw failure("redact record " + sequence, e);
        }
    }

    @Override
    public void saveSnapshot(long sequence, byte[] state) {
        Objects.requireNonNull(state, "state");
        checkOpen();
        if (sequence < 1 || sequence > lastSequence) {
            throw new IllegalArgumentException(
                    "snapshot sequence was " + sequence + "; must be within 1.." + lastSequence);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO cardkey_ledger_snapshot (ledger, sequence, state) VALUES (?, ?, ?)"
                                + " ON CONFLICT (ledger) DO UPDATE SET sequence = excluded.sequence,"
                                + " state = excluded.state WHERE cardkey_ledger_snapshot.sequence < excluded.sequence")) {
            upsert.setString(1, ledger);
            upsert.setLong(2, sequence);
            upsert.setBytes(3, state);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw failure("save the snapshot of record " + sequence, e);
        }
    }

    @Override
    public Optional<Snapshot> latestSnapshot() {
        checkOpen();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT sequence, state FROM cardkey_ledger_snapshot WHERE ledger = ?")) {
            query.setString(1, ledger);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new Snapshot(rows.getLong(1), rows.getBytes(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the latest snapshot", e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    String ledgerName() {
        return ledger;
    }

    @Override
    public String toString() {
        return "PostgresLedgerStore[ledger=" + ledger + ", lastSequence=" + lastSequence + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new LedgerClosedException("PostgreSQL ledger store '" + ledger + "'");
        }
    }

    private static PostgresStoreException failure(String what, SQLException e) {
        return new PostgresStoreException(
                "could not " + what + " in PostgreSQL (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
