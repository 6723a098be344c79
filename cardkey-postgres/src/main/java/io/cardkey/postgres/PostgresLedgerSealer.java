package io.cardkey.postgres;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConflictException;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.AmountOverflowException;
import io.cardkey.ledger.ConstraintViolationException;
import io.cardkey.ledger.CurrencyMismatchException;
import io.cardkey.ledger.IdempotencyConflictException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerException;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.Transaction;
import io.cardkey.ledger.UnknownAccountException;
import io.cardkey.postgres.internal.EntryCodec;
import io.cardkey.postgres.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains the pending entries of a {@link PostgresLedgerOutbox} into the hash-chained ledger, in order, in batches.
 *
 * <h2>Design</h2>
 *
 * Every application instance may run a sealer; one at a time holds the <em>sealer role</em>, a session-level
 * advisory lock on the schema and the ledger's name held on a connection of its own for as long as the sealer is open. The holder
 * keeps a {@link Ledger} over a {@link PostgresLedgerStore} and, on each {@link #sealPending()}, reads the oldest
 * pending entries (by id, up to {@value #BATCH} at a time), appends them to that ledger — which checks its rules,
 * chains and writes them as one database transaction — and then deletes them from the pending table. So the chain is
 * extended under one lock per batch, never one per sale, and its order is strict: the order of sealing.
 *
 * <p>Crash safety: if the holder dies between chaining a batch and deleting it, its lock goes with its connection;
 * the next holder reopens the ledger (reading what was chained), seals the same entries again, and the ledger's
 * idempotency (same id, same content: the original result) turns that into a no-op before they are deleted. If two
 * holders ever overlapped (a lock lost with its connection while a batch was in flight), the primary key of the
 * records refuses the second writer ({@link ConcurrentAppendException}) and nothing is written twice.
 *
 * <p>An entry the ledger refuses (a constraint, an unknown account, a currency mismatch, a conflicting reuse of an
 * id) does not stop the chain: a transaction refused on its own is recorded in the chain as rejected, as the ledger
 * always does, and the entry moves to {@code cardkey_ledger_refused} with the reason (see {@link #refused()}).
 *
 * <p>Thread-safe: calls are serialised.
 */
public final class PostgresLedgerSealer implements AutoCloseable {
    /** The most entries chained in one ledger append. */
    static final int BATCH = 5_000;

    /** First key of the advisory lock that elects the sealer of a ledger: "cl" in ASCII. */
    private static final int SEALER_LOCK = 0x636c;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLedgerSealer.class);

    private final DataSource dataSource;
    private final String name;
    private Connection role;
    private Ledger ledger;
    /** The ledger read from the database while another instance holds the role; {@code null} until asked for. */
    private Ledger follower;
    /** The ledger last chained by this sealer or read by it: what {@link #chainedTransaction} reads, lock-free. */
    private volatile Ledger latest;

    private boolean closed;

    private PostgresLedgerSealer(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /**
     * Creates a sealer for the ledger named {@code ledger}; it tries for the sealer role on its first
     * {@link #sealPending()}.
     *
     * @param dataSource connections to the database; the sealer keeps one while it holds the role
     * @param ledger the ledger's name, 1 to 200 characters
     * @return the sealer
     * @throws IllegalArgumentException if the name is empty or too long
     * @throws SchemaMigrationException if the schema cannot be migrated
     */
    public static PostgresLedgerSealer open(DataSource dataSource, String ledger) {
        Objects.requireNonNull(dataSource, "dataSource");
        PostgresLedgerOutbox.checkName(ledger);
        PostgresSchema.migrate(dataSource);
        return new PostgresLedgerSealer(dataSource, ledger);
    }

    /**
     * Chains every entry pending now, if this sealer holds or can take the sealer role; returns at once otherwise.
     * Call it periodically (every few hundred milliseconds) on every instance: whichever holds the role does the work,
     * and another takes over within one period when it stops.
     *
     * @return how many entries were chained or refused; 0 if none was pending or another instance holds the role
     * @throws PostgresStoreException if the database failed; the sealer gives up the role and the entries stay pending
     * @throws LedgerException if the ledger failed in another way; the entries stay pending
     */
    public synchronized int sealPending() {
        if (closed) {
            throw new LedgerClosedException("PostgreSQL ledger sealer '" + name + "'");
        }
        try {
            if (!holdRole()) {
                return 0;
            }
            int sealed = 0;
            while (true) {
                List<Entry> batch = readPending();
                if (batch.isEmpty()) {
                    return sealed;
                }
                currentLedger();
                latest = ledger;
                seal(batch);
                sealed += batch.size();
                if (batch.size() < BATCH) {
                    return sealed;
                }
            }
        } catch (SQLException e) {
            giveUpRole(e);
            throw new PostgresStoreException(
                    "could not seal the pending entries of ledger '" + name + "' (SQL state " + e.getSQLState() + "): "
                            + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            giveUpRole(e);
            throw e;
        }
    }

    /**
     * Returns the hash-chained ledger, as current as this instance can make it: if this sealer holds or can take the
     * sealer role, after chaining every entry pending now (so it holds every entry committed before the call);
     * otherwise the ledger as the instance that holds the role chained it so far, read again from the database if it
     * grew since the last call (a replay from the latest snapshot). The sealer owns the ledger: do not close it, and do
     * not append to it (append through the outbox); a ledger returned earlier may be closed when the role changes
     * hands.
     *
     * @return the ledger
     * @throws PostgresStoreException if the database failed
     * @throws LedgerException if the ledger failed in another way
     */
    public synchronized Ledger ledger() {
        sealPending();
        try {
            if (role != null) {
                currentLedger();
                latest = ledger;
                return ledger;
            }
            long stored;
            try (Connection connection = dataSource.getConnection()) {
                stored = storedSequence(connection);
            }
            if (follower == null || follower.lastSequence() != stored) {
                if (follower != null) {
                    follower.close();
                }
                follower = null;
                follower = Ledger.open(PostgresLedgerStore.open(dataSource, name));
            }
            latest = follower;
            return follower;
        } catch (SQLException e) {
            throw new PostgresStoreException(
                    "could not read ledger '" + name + "' (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Returns a chained transaction from the ledger this sealer chained or read last, without touching the database:
     * what a lookup that must not wait for a batch being chained reads. A transaction chained since by another
     * instance may be missing; {@link #ledger()} first to be sure.
     *
     * @param id the transaction id
     * @return the transaction, or empty
     */
    public Optional<Transaction> chainedTransaction(String id) {
        Objects.requireNonNull(id, "id");
        Ledger current = latest;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return current.transaction(id).flatMap(LedgerRecord::transaction);
        } catch (LedgerClosedException replaced) {
            return Optional.empty();
        }
    }

    /**
     * Returns an account of the ledger this sealer chained or read last, without touching the database; see {@link
     * #chainedTransaction}.
     *
     * @param id the account id
     * @return the account, or empty
     */
    public Optional<Account> chainedAccount(AccountId id) {
        Objects.requireNonNull(id, "id");
        Ledger current = latest;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return current.account(id);
        } catch (LedgerClosedException replaced) {
            return Optional.empty();
        }
    }

    /**
     * Returns whether this sealer holds the sealer role now.
     *
     * @return true if it does
     */
    public synchronized boolean isSealer() {
        return role != null;
    }

    /**
     * Returns the ids of the entries the ledger refused, oldest first, with the reason, as {@code id: reason}.
     *
     * @return the refusals; empty if there were none
     * @throws PostgresStoreException if the database cannot be read
     */
    public List<String> refused() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT entry_id, reason FROM cardkey_ledger_refused WHERE ledger = ? ORDER BY id")) {
            select.setString(1, name);
            List<String> refusals = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    refusals.add(rows.getString(1) + ": " + rows.getString(2));
                }
            }
            return refusals;
        } catch (SQLException e) {
            throw new PostgresStoreException(
                    "could not read the refused entries of ledger '" + name + "' (SQL state " + e.getSQLState() + ")",
                    e);
        }
    }

    /** Gives up the sealer role and closes the ledger it kept. The data source stays the host's. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            giveUpRole(null);
            if (follower != null) {
                follower.close();
                follower = null;
            }
            latest = null;
        }
    }

    @Override
    public synchronized String toString() {
        return "PostgresLedgerSealer[ledger=" + name + ", sealer=" + (role != null) + "]";
    }

    private record Entry(long id, String kind, String entryId, byte[] body) {}

    private boolean holdRole() throws SQLException {
        if (role != null) {
            if (role.isValid(2)) {
                return true;
            }
            giveUpRole(null); // the lock went with the connection; try again below
        }
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            // Advisory locks are database-wide: the key names the schema too, so that ledgers of the same name in
            // two schemas (two shops, or two test runs, in one database) each get a sealer.
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(?, hashtext(current_schema() || '.' || ?))")) {
                lock.setInt(1, SEALER_LOCK);
                lock.setString(2, name);
                try (ResultSet rows = lock.executeQuery()) {
                    rows.next();
                    if (!rows.getBoolean(1)) {
                        connection.close();
                        return false;
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        role = connection;
        LOG.info("took the sealer role of ledger '{}'", name);
        return true;
    }

    private void giveUpRole(Throwable cause) {
        if (ledger != null) {
            try {
                ledger.close();
            } catch (LedgerException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                }
            }
            ledger = null;
        }
        if (role != null) {
            try {
                role.close(); // ends the session, and with it the advisory lock
            } catch (SQLException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                }
            }
            role = null;
        }
    }

    /** Opens the ledger, or reopens it if records were chained since by another holder of the role. */
    private void currentLedger() throws SQLException {
        long stored = storedSequence(role);
        if (ledger != null && ledger.lastSequence() == stored) {
            return;
        }
        if (ledger != null) {
            ledger.close();
            ledger = null;
        }
        ledger = Ledger.open(PostgresLedgerStore.open(dataSource, name));
    }

    private long storedSequence(Connection connection) throws SQLException {
        try (PreparedStatement max = connection.prepareStatement(
                "SELECT coalesce(max(sequence), 0) FROM cardkey_ledger_record WHERE ledger = ?")) {
            max.setString(1, name);
            try (ResultSet rows = max.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<Entry> readPending() throws SQLException {
        List<Entry> batch = new ArrayList<>();
        try (PreparedStatement select = role.prepareStatement("SELECT id, kind, entry_id, body"
                + " FROM cardkey_ledger_pending WHERE ledger = ? ORDER BY id LIMIT " + BATCH)) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getBytes(4)));
                }
            }
        }
        return batch;
    }

    /** Chains a batch in order, then deletes it from the pending table (refusals move to the refused table). */
    private void seal(List<Entry> batch) throws SQLException {
        List<Entry> run = new ArrayList<>();
        List<Entry> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Entry entry : batch) {
            if (entry.kind().equals("account")) {
                chain(run, refused, reasons);
                run.clear();
                try {
                    ledger.openAccount(EntryCodec.toAccount(entry.body()));
                } catch (AccountConflictException | IllegalArgumentException e) {
                    refused.add(entry);
                    reasons.add(e.getMessage());
                }
            } else {
                run.add(entry);
            }
        }
        chain(run, refused, reasons);
        remove(batch, refused, reasons);
    }

    /** Appends a run of transactions in one go, or one by one if one of them is refused. */
    private void chain(List<Entry> run, List<Entry> refused, List<String> reasons) {
        if (run.isEmpty()) {
            return;
        }
        List<Transaction> txs = new ArrayList<>(run.size());
        for (Entry entry : run) {
            txs.add(EntryCodec.toTransaction(entry.body()));
        }
        for (int from = 0; from < txs.size(); from += Ledger.MAX_BATCH) {
            List<Transaction> slice = txs.subList(from, Math.min(txs.size(), from + Ledger.MAX_BATCH));
            try {
                ledger.append(slice);
            } catch (ConstraintViolationException
                    | UnknownAccountException
                    | CurrencyMismatchException
                    | AmountOverflowException
                    | IdempotencyConflictException refusedOne) {
                for (int i = 0; i < slice.size(); i++) {
                    try {
                        ledger.append(slice.get(i));
                    } catch (ConstraintViolationException
                            | UnknownAccountException
                            | CurrencyMismatchException
                            | AmountOverflowException
                            | IdempotencyConflictException e) {
                        Entry entry = run.get(from + i);
                        LOG.warn("ledger '{}' refused pending entry {}: {}", name, entry.entryId(), e.getMessage());
                        refused.add(entry);
                        reasons.add(e.getMessage());
                    }
                }
            }
        }
    }

    private void remove(List<Entry> batch, List<Entry> refused, List<String> reasons) throws SQLException {
        Long[] ids = batch.stream().map(Entry::id).toArray(Long[]::new);
        role.setAutoCommit(false);
        try {
            if (!refused.isEmpty()) {
                try (PreparedStatement insert = role.prepareStatement("INSERT INTO cardkey_ledger_refused"
                        + " (ledger, id, kind, entry_id, body, reason) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (ledger, id) DO NOTHING")) {
                    for (int i = 0; i < refused.size(); i++) {
                        Entry entry = refused.get(i);
                        insert.setString(1, name);
                        insert.setLong(2, entry.id());
                        insert.setString(3, entry.kind());
                        insert.setString(4, entry.entryId());
                        insert.setBytes(5, entry.body());
                        insert.setString(6, reasons.get(i));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            try (PreparedStatement delete =
                    role.prepareStatement("DELETE FROM cardkey_ledger_pending WHERE ledger = ? AND id = ANY (?)")) {
                delete.setString(1, name);
                delete.setArray(2, role.createArrayOf("bigint", ids));
                delete.executeUpdate();
            }
            role.commit();
        } catch (SQLException | RuntimeException e) {
            Sql.rollbackQuietly(role, e);
            throw e;
        } finally {
            role.setAutoCommit(true);
        }
    }
}
