package io.cardkey.postgres;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.Transaction;
import io.cardkey.postgres.internal.EntryCodec;
import io.cardkey.postgres.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The write side of a ledger shared by several application instances: entries (transactions, account openings) are
 * committed <em>unchained</em> into a pending table by any instance, and {@link PostgresLedgerSealer} chains them in
 * order into the hash-chained ledger a moment later.
 *
 * <h2>Why</h2>
 *
 * A hash chain is a sequence: record n holds the hash of record n-1, so appending it needs the previous record first.
 * If every instance appended to the chain directly, every commit of every sale would wait on one global lock for the
 * whole of its transaction. Here a sale commits its inventory change and its ledger entries in one database
 * transaction, concurrently with every other sale (see {@link PostgresInventoryStore#apply(io.cardkey.core.InventoryStore.Change,
 * PostgresLedgerOutbox, java.util.function.Function)}), and the chain is extended afterwards by a single sealer in
 * batches of thousands of entries: one lock per batch instead of one per commit.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>An entry is pending exactly when the transaction that wrote it committed; a rolled-back sale leaves none.
 *   <li>A transaction id is pending at most once per ledger (a unique index): a second instance recording the same id
 *       fails with {@link PostgresStoreException} and writes nothing. Once chained, the ledger's own idempotency
 *       applies (the same content again is a no-op, other content is refused).
 *   <li>The ledger's rules (account constraints, known accounts, currencies) are checked when the entry is chained,
 *       not when it is recorded; an entry the ledger refuses is kept with the reason (see {@link
 *       PostgresLedgerSealer#refused()}). Record here only what cannot break a rule on its own — inventory events and
 *       postings between unconstrained accounts — and append postings whose refusal the caller must see at once (a
 *       withdrawal against a no-overdraft account) through the {@link io.cardkey.ledger.Ledger} of the sealer.
 * </ul>
 *
 * <p>Thread-safe and stateless apart from its ledger name.
 */
public final class PostgresLedgerOutbox {
    private final DataSource dataSource;
    private final String ledger;

    private PostgresLedgerOutbox(DataSource dataSource, String ledger) {
        this.dataSource = dataSource;
        this.ledger = ledger;
    }

    /**
     * Opens the outbox of the ledger named {@code ledger}, migrating the schema first if it is behind.
     *
     * @param dataSource connections to the database; the host's, and the host closes it
     * @param ledger the ledger's name, 1 to 200 characters (the name {@link PostgresLedgerStore} uses)
     * @return the outbox
     * @throws IllegalArgumentException if the name is empty or too long
     * @throws SchemaMigrationException if the schema cannot be migrated
     */
    public static PostgresLedgerOutbox open(DataSource dataSource, String ledger) {
        Objects.requireNonNull(dataSource, "dataSource");
        checkName(ledger);
        PostgresSchema.migrate(dataSource);
        return new PostgresLedgerOutbox(dataSource, ledger);
    }

    /**
     * Returns the ledger's name.
     *
     * @return the name
     */
    public String ledger() {
        return ledger;
    }

    /**
     * Records that {@code account} is to be opened, committed before this returns, so that every entry recorded after
     * it that posts to the account is chained after it. Recording an account already pending does nothing.
     *
     * @param account the account
     * @throws PostgresStoreException if the database refused the write
     */
    public void openAccount(Account account) {
        Objects.requireNonNull(account, "account");
        inTransaction("record account " + account.id(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO cardkey_ledger_pending (ledger, kind, entry_id, body) VALUES (?, 'account', ?, ?)"
                            + " ON CONFLICT (ledger, kind, entry_id) DO NOTHING")) {
                insert.setString(1, ledger);
                insert.setString(2, account.id().value());
                insert.setBytes(3, EntryCodec.account(account));
                insert.executeUpdate();
            }
        });
    }

    /**
     * Records transactions in a transaction of their own, all or none.
     *
     * @param transactions the transactions, with distinct ids
     * @throws IllegalArgumentException if two have the same id
     * @throws PostgresStoreException if an id is pending already or the database refused the write; nothing is written
     */
    public void append(List<Transaction> transactions) {
        Objects.requireNonNull(transactions, "transactions");
        checkDistinct(transactions);
        inTransaction("record " + transactions.size() + " ledger transactions", c -> record(c, transactions));
    }

    /**
     * Records transactions in the caller's open transaction; they become pending when it commits.
     *
     * @throws PostgresStoreException if an id is pending already (the caller's transaction must then roll back)
     */
    void record(Connection connection, List<Transaction> transactions) throws SQLException {
        if (transactions.isEmpty()) {
            return;
        }
        WriteBatch writes = new WriteBatch();
        int at = add(writes, connection, transactions);
        checkRecorded(writes.execute(connection).get(at), transactions);
    }

    /**
     * Adds the insert of {@code transactions} (not empty) to a batch of the caller's transaction; pass the statement's
     * outcome to {@link #checkRecorded}. An id pending already is skipped rather than failing the batch, so that the
     * caller can first check the outcomes that explain a repeated write (a retried change that was committed).
     */
    int add(WriteBatch writes, Connection connection, List<Transaction> transactions) throws SQLException {
        String[] ids = new String[transactions.size()];
        byte[][] bodies = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = transactions.get(i).id();
            bodies[i] = EntryCodec.transaction(transactions.get(i));
        }
        java.sql.Array idArray = connection.createArrayOf("text", ids);
        java.sql.Array bodyArray = connection.createArrayOf("bytea", bodies);
        // One statement whatever the count; WITH ORDINALITY keeps the caller's order in the ids the rows get.
        return writes.add(
                "INSERT INTO cardkey_ledger_pending (ledger, kind, entry_id, body)"
                        + " SELECT ?, 'transaction', e.entry_id, e.body"
                        + " FROM unnest(?::text[], ?::bytea[]) WITH ORDINALITY AS e(entry_id, body, n) ORDER BY e.n"
                        + " ON CONFLICT (ledger, kind, entry_id) DO NOTHING RETURNING entry_id",
                3,
                (insert, first) -> {
                    insert.setString(first, ledger);
                    insert.setArray(first + 1, idArray);
                    insert.setArray(first + 2, bodyArray);
                });
    }

    /**
     * Throws if the insert added by {@link #add} skipped an id that was pending already.
     *
     * @param outcome the statement's outcome: the ids it inserted
     * @throws PostgresStoreException naming the first id that was pending already
     */
    void checkRecorded(Object outcome, List<Transaction> transactions) {
        @SuppressWarnings("unchecked")
        Set<String> inserted = new HashSet<>((List<String>) outcome);
        for (Transaction tx : transactions) {
            if (!inserted.contains(tx.id())) {
                throw new PostgresStoreException("ledger '" + ledger + "' has a transaction '" + tx.id()
                        + "' pending already; nothing was written (ids are idempotency keys: reuse one only for a"
                        + " retry of the same change)");
            }
        }
    }

    /**
     * Counts the entries committed and not yet chained.
     *
     * @return the number of pending entries
     * @throws PostgresStoreException if the database cannot be read
     */
    public long pending() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count =
                        connection.prepareStatement("SELECT count(*) FROM cardkey_ledger_pending WHERE ledger = ?")) {
            count.setString(1, ledger);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("count the pending entries of ledger '" + ledger + "'", e);
        }
    }

    @Override
    public String toString() {
        return "PostgresLedgerOutbox[ledger=" + ledger + "]";
    }

    static void checkDistinct(List<Transaction> transactions) {
        Set<String> ids = new HashSet<>();
        for (Transaction tx : transactions) {
            if (!ids.add(Objects.requireNonNull(tx, "transactions must not contain null")
                    .id())) {
                throw new IllegalArgumentException("transactions named id '" + tx.id() + "' twice; ids must differ");
            }
        }
    }

    static void checkName(String ledger) {
        Objects.requireNonNull(ledger, "ledger");
        if (ledger.isEmpty() || ledger.length() > 200) {
            throw new IllegalArgumentException(
                    "ledger name had " + ledger.length() + " characters; must have between 1 and 200");
        }
    }

    /** Work in one transaction. */
    @FunctionalInterface
    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private void inTransaction(String what, Work work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    work.run(connection);
                    connection.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    Sql.rollbackQuietly(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                // A lost connection may have lost a commit that happened: retrying a transaction then fails on the
                // unique index, which names the cause; an account retried is a no-op.
                if (!Sql.isTransient(e) || attempt == PostgresInventoryStore.ATTEMPTS) {
                    throw failure(what, e);
                }
            }
        }
    }

    private static PostgresStoreException failure(String what, SQLException e) {
        return new PostgresStoreException(
                "could not " + what + " in PostgreSQL (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
