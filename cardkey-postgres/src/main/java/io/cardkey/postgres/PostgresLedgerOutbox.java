package io.cardkey.postgres;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConflictException;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.ConstraintViolationException;
import io.cardkey.ledger.Posting;
import io.cardkey.ledger.Transaction;
import io.cardkey.postgres.internal.EntryCodec;
import io.cardkey.postgres.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
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
 *   <li>Account constraints are checked <em>before</em> the recording transaction commits, for accounts opened
 *       through this outbox ({@link #openAccount}): their balances are kept in a table that every recording updates
 *       with a conditional {@code UPDATE} in the same transaction, so a posting that would overdraw a prepaid balance
 *       fails with {@link ConstraintViolationException} and writes nothing, whichever instance records it, and
 *       concurrent spenders of one balance are serialised on its row. The balance counts what was recorded through
 *       the outbox: open a constrained account here, and post to it only here.
 *   <li>The ledger's other rules (known accounts, currencies, ids reused with other content) are checked when the
 *       entry is chained; an entry the ledger refuses is kept with the reason (see {@link
 *       PostgresLedgerSealer#refused()}).
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
     * it that posts to the account is chained after it. Opening an account again with the same currency and
     * constraint does nothing.
     *
     * @param account the account
     * @throws AccountConflictException if the account was opened through this outbox with another currency or
     *     constraint (nothing was written)
     * @throws PostgresStoreException if the database refused the write
     */
    public void openAccount(Account account) {
        Objects.requireNonNull(account, "account");
        inTransaction("record account " + account.id(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cardkey_ledger_account"
                    + " (ledger, account, currency, constraint_kind) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (ledger, account) DO NOTHING")) {
                insert.setString(1, ledger);
                insert.setString(2, account.id().value());
                insert.setString(3, account.currency().getCurrencyCode());
                insert.setString(4, account.constraint().name());
                if (insert.executeUpdate() == 0) {
                    Account existing = account(connection, account.id()).orElseThrow();
                    if (!existing.equals(account)) {
                        throw new AccountConflictException(existing, account);
                    }
                }
            }
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
     * Returns an account opened through this outbox.
     *
     * @param id the account id
     * @return the account, or empty if it was not opened through the outbox
     * @throws PostgresStoreException if the database cannot be read
     */
    public Optional<Account> account(AccountId id) {
        Objects.requireNonNull(id, "id");
        try (Connection connection = dataSource.getConnection()) {
            return account(connection, id);
        } catch (SQLException e) {
            throw failure("read account " + id + " of ledger '" + ledger + "'", e);
        }
    }

    private Optional<Account> account(Connection connection, AccountId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT currency, constraint_kind" + " FROM cardkey_ledger_account WHERE ledger = ? AND account = ?")) {
            select.setString(1, ledger);
            select.setString(2, id.value());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(Account.of(
                        id, Currency.getInstance(rows.getString(1)), AccountConstraint.valueOf(rows.getString(2))));
            }
        }
    }

    /**
     * Returns the net balance (credits minus debits) of an account opened through this outbox with a constraint, as
     * recorded through the outbox: what its constraint is checked against.
     *
     * @param id the account id
     * @return the net balance, or empty if the account was not opened through the outbox
     * @throws PostgresStoreException if the database cannot be read
     */
    public OptionalLong recordedNet(AccountId id) {
        Objects.requireNonNull(id, "id");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT net FROM cardkey_ledger_account WHERE ledger = ? AND account = ?")) {
            select.setString(1, ledger);
            select.setString(2, id.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw failure("read the balance of account " + id + " of ledger '" + ledger + "'", e);
        }
    }

    /**
     * Returns a transaction recorded and not yet chained.
     *
     * @param id the transaction id
     * @return the transaction, or empty if none is pending under this id
     * @throws PostgresStoreException if the database cannot be read
     */
    public Optional<Transaction> pendingTransaction(String id) {
        Objects.requireNonNull(id, "id");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT body FROM cardkey_ledger_pending"
                        + " WHERE ledger = ? AND kind = 'transaction' AND entry_id = ?")) {
            select.setString(1, ledger);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(EntryCodec.toTransaction(rows.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read pending transaction '" + id + "' of ledger '" + ledger + "'", e);
        }
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
        checkRecorded(writes.execute(connection), at, transactions);
    }

    /**
     * Adds the insert of {@code transactions} (not empty) to a batch of the caller's transaction, after the update of
     * the balances of constrained accounts they post to; pass the batch's outcomes and the returned position to
     * {@link #checkRecorded}. An id pending already is skipped rather than failing the batch, so that the caller can
     * first check the outcomes that explain a repeated write (a retried change that was committed).
     *
     * @return the position of the insert; the balance update, if any, is the statement before it
     */
    int add(WriteBatch writes, Connection connection, List<Transaction> transactions) throws SQLException {
        addBalances(writes, connection, transactions);
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
     * Adds the update of the balances of constrained accounts that {@code transactions} post to, if they post: one
     * conditional {@code UPDATE} that applies a delta only where the constraint still holds after it, then a query
     * naming the constrained accounts it did not update (with the constraint and the balance the delta would leave).
     * The update comes before the insert of the entries, so it takes the rows' locks first: the entries of two
     * transactions spending one balance get ids in the order the balance was spent, and the sealer chains them so.
     */
    private void addBalances(WriteBatch writes, Connection connection, List<Transaction> transactions)
            throws SQLException {
        Map<String, Long> deltas = new TreeMap<>();
        for (Transaction tx : transactions) {
            for (Posting p : tx.postings()) {
                deltas.merge(p.debit().value(), -p.amount(), Math::subtractExact);
                deltas.merge(p.credit().value(), p.amount(), Math::addExact);
            }
        }
        if (deltas.isEmpty()) {
            return;
        }
        java.sql.Array accounts =
                connection.createArrayOf("text", deltas.keySet().toArray());
        java.sql.Array amounts =
                connection.createArrayOf("bigint", deltas.values().toArray());
        writes.add(
                "WITH d AS (SELECT account, delta FROM unnest(?::text[], ?::bigint[]) AS x(account, delta)),"
                        + " u AS (UPDATE cardkey_ledger_account a SET net = a.net + d.delta FROM d"
                        + " WHERE a.ledger = ? AND a.account = d.account AND a.constraint_kind <> 'NONE'"
                        + " AND CASE a.constraint_kind WHEN 'DEBITS_MUST_NOT_EXCEED_CREDITS' THEN a.net + d.delta >= 0"
                        + " ELSE a.net + d.delta <= 0 END RETURNING a.account)"
                        + " SELECT a.account || ' ' || a.constraint_kind || ' ' || (a.net + d.delta)"
                        + " FROM cardkey_ledger_account a JOIN d ON a.account = d.account"
                        + " WHERE a.ledger = ? AND a.constraint_kind <> 'NONE'"
                        + " AND a.account NOT IN (SELECT account FROM u) ORDER BY a.account",
                4,
                (statement, first) -> {
                    statement.setArray(first, accounts);
                    statement.setArray(first + 1, amounts);
                    statement.setString(first + 2, ledger);
                    statement.setString(first + 3, ledger);
                });
    }

    /**
     * Throws if the balance update added by {@link #add} found a constraint broken, or its insert skipped an id that
     * was pending already.
     *
     * @param outcomes the batch's outcomes
     * @param at the position {@link #add} returned
     * @throws ConstraintViolationException naming the first account whose constraint would break (the caller's
     *     transaction must then roll back)
     * @throws PostgresStoreException naming the first id that was pending already
     */
    void checkRecorded(List<Object> outcomes, int at, List<Transaction> transactions) {
        boolean posts = transactions.stream().anyMatch(tx -> !tx.postings().isEmpty());
        if (posts) {
            @SuppressWarnings("unchecked")
            List<String> broken = (List<String>) outcomes.get(at - 1);
            if (!broken.isEmpty()) {
                throw violation(broken.get(0), transactions);
            }
        }
        @SuppressWarnings("unchecked")
        Set<String> inserted = new HashSet<>((List<String>) outcomes.get(at));
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

    /** The refusal of {@code transactions} for a broken account, given as {@code "<account> <constraint> <net>"}. */
    private static ConstraintViolationException violation(String broken, List<Transaction> transactions) {
        String[] parts = broken.split(" ");
        AccountId account = AccountId.of(parts[0]);
        AccountConstraint constraint = AccountConstraint.valueOf(parts[1]);
        long net = Long.parseLong(parts[2]);
        String id = transactions.get(0).id();
        for (Transaction tx : transactions) {
            for (Posting p : tx.postings()) {
                if (p.debit().equals(account) || p.credit().equals(account)) {
                    id = tx.id();
                }
            }
        }
        // The net is as of the statement's snapshot; at least one minor unit was missing.
        return new ConstraintViolationException(id, account, constraint, Math.max(1, Math.abs(net)));
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
