package io.cardkey.postgres;

import io.cardkey.core.CardKeys;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CardKeys} facade on PostgreSQL, for a host application that runs several instances against one database:
 * open one per instance, on the instance's connection pool, and use {@link #cardKeys()} exactly as the embedded facade.
 *
 * <pre>{@code
 * try (PostgresCardKeys shop = PostgresCardKeys.open(dataSource, "books", CardKeys.builder().keyset(keyset))) {
 *     CardKeys cardKeys = shop.cardKeys();
 *     Order order = cardKeys.reserve("order-1", "buyer-7", sku, 1, Duration.ofMinutes(15));
 *     cardKeys.confirm("order-1", payment);
 * }
 * }</pre>
 *
 * <h2>How it writes</h2>
 *
 * The inventory is a {@link PostgresInventoryStore}; the facade's ledger entries go to a {@link PostgresLedgerOutbox},
 * and each change (a reservation, a sale, a redemption, a refund) commits its rows and its ledger entries in <em>one</em>
 * database transaction: after a crash or a lost connection a sale is there with its entries, or not at all. The
 * entries are those the facade decides, exactly as on the embedded store. Each instance runs a {@link
 * PostgresLedgerSealer} on a thread of its own ({@code cardkey-sealer-<ledger>}), every {@code sealInterval} while
 * idle; one instance at a time holds the sealer role and chains the committed entries into the hash-chained ledger in
 * batches, so no sale waits on a lock around the chain. Account constraints (a prepaid balance that must not go
 * negative) are checked before the change commits, on the balance rows of the outbox (see {@link
 * PostgresLedgerOutbox}).
 *
 * <h2>What the host reads</h2>
 *
 * <ul>
 *   <li>Inventory, orders, codes and stock ({@code order}, {@code cardKey}, {@code stock}, ...) are read from the
 *       database: every instance sees every committed change at once.
 *   <li>Idempotency lookups (a retried redemption request) read the entries still pending and the ledger the sealer
 *       chained: on the instance that holds the sealer role, every entry committed so far; on another instance, an
 *       entry chained by the holder since this instance last read the ledger may be missed, and a retried redemption
 *       then fails with {@link io.cardkey.core.CodeAlreadyRedeemedException} instead of returning the code (the code
 *       is never redeemed or credited twice: that rests on the code's row).
 *   <li>The ledger ({@code cardKeys().ledger()}, {@code history}, {@code orderHistory}, balances, proofs) is the
 *       chained ledger: on the holder of the sealer role, every entry pending is chained before the read, so it holds
 *       everything committed before it; on another instance it holds what the holder chained so far (the lag is about
 *       one seal interval), read again from the database when it grew (a replay from the latest snapshot).
 * </ul>
 *
 * <p>Not supported here (refused by {@link CardKeys.Builder#build()}): sales through distributors ({@code
 * commissions}), whose earnings keep a ledger of their own, and a ledger or data directory of the facade's own.
 *
 * <p>Thread-safe. {@link #close()} leaves the {@link DataSource} open: it is the host's.
 */
public final class PostgresCardKeys implements AutoCloseable {
    /** How long the sealer thread waits when nothing is pending, unless told otherwise. */
    public static final Duration DEFAULT_SEAL_INTERVAL = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCardKeys.class);

    private final CardKeys cardKeys;
    private final PostgresLedgerOutbox outbox;
    private final PostgresLedgerSealer sealer;
    private final Thread sealing;
    private final long intervalNanos;
    private volatile boolean running = true;
    private boolean closed;

    private PostgresCardKeys(
            CardKeys cardKeys, PostgresLedgerOutbox outbox, PostgresLedgerSealer sealer, Duration sealInterval) {
        this.cardKeys = cardKeys;
        this.outbox = outbox;
        this.sealer = sealer;
        this.intervalNanos = sealInterval.toNanos();
        this.sealing = new Thread(this::sealUntilClosed, "cardkey-sealer-" + outbox.ledger());
        this.sealing.setDaemon(true);
        this.sealing.start();
    }

    /**
     * Opens the facade on PostgreSQL with the default seal interval; see {@link #open(DataSource, String,
     * CardKeys.Builder, Duration)}.
     *
     * @param dataSource the instance's connections to the database; the host's, and the host closes it
     * @param ledger the ledger's name, 1 to 200 characters: the same on every instance
     * @param cardKeys the facade's configuration (keyset, clock, code format, limits), without a store, ledger, data
     *     directory or commissions
     * @return the open facade
     */
    public static PostgresCardKeys open(DataSource dataSource, String ledger, CardKeys.Builder cardKeys) {
        return open(dataSource, ledger, cardKeys, DEFAULT_SEAL_INTERVAL);
    }

    /**
     * Opens the facade on PostgreSQL: migrates the schema if it is behind, opens the inventory and the ledger's outbox,
     * starts this instance's sealer thread and builds the facade. Give the pool a connection more than the threads that
     * call the facade at once, for the sealer.
     *
     * @param dataSource the instance's connections to the database; the host's, and the host closes it
     * @param ledger the ledger's name, 1 to 200 characters: the same on every instance
     * @param cardKeys the facade's configuration (keyset, clock, code format, limits), without a store, ledger, data
     *     directory or commissions; its store is set here
     * @param sealInterval how long the sealer waits when nothing is pending, 1 ms to 1 minute
     * @return the open facade
     * @throws IllegalArgumentException if the ledger name or the interval is out of range
     * @throws IllegalStateException if {@code cardKeys} has no keyset, or sets a ledger, a data directory or
     *     commissions
     * @throws SchemaMigrationException if the schema cannot be migrated
     */
    public static PostgresCardKeys open(
            DataSource dataSource, String ledger, CardKeys.Builder cardKeys, Duration sealInterval) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(cardKeys, "cardKeys");
        Objects.requireNonNull(sealInterval, "sealInterval");
        if (sealInterval.compareTo(Duration.ofMillis(1)) < 0 || sealInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "sealInterval was " + sealInterval + "; must be between 1 ms and 1 minute");
        }
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(dataSource, ledger);
        PostgresLedgerSealer sealer = PostgresLedgerSealer.open(dataSource, ledger);
        try {
            PostgresInventoryStore store = PostgresInventoryStore.open(dataSource, outbox, sealer);
            CardKeys built = cardKeys.store(store).build();
            return new PostgresCardKeys(built, outbox, sealer, sealInterval);
        } catch (RuntimeException e) {
            sealer.close();
            throw e;
        }
    }

    /**
     * Returns the facade.
     *
     * @return the facade; closed by {@link #close()}
     */
    public CardKeys cardKeys() {
        return cardKeys;
    }

    /**
     * Counts the ledger entries committed and not yet chained: how far the sealer is behind.
     *
     * @return the number of pending entries
     * @throws PostgresStoreException if the database cannot be read
     */
    public long pendingEntries() {
        return outbox.pending();
    }

    /**
     * Returns the entries the ledger refused when they were chained, as {@code id: reason}; see {@link
     * PostgresLedgerSealer#refused()}.
     *
     * @return the refusals; empty if there were none
     * @throws PostgresStoreException if the database cannot be read
     */
    public List<String> refusedEntries() {
        return sealer.refused();
    }

    /**
     * Stops the sealer thread after it chained what is pending (if this instance holds the sealer role), then closes
     * the facade and gives up the role. Idempotent; call it after every other call returned.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        LockSupport.unpark(sealing); // wakes it from its wait, and never interrupts a database call
        boolean interrupted = false;
        while (sealing.isAlive()) {
            try {
                sealing.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            sealer.sealPending();
        } catch (RuntimeException e) {
            LOG.warn("the last seal at close failed; the entries stay pending for another instance: {}", e.toString());
        }
        try {
            cardKeys.close();
        } finally {
            sealer.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PostgresCardKeys[ledger=" + outbox.ledger() + ", " + sealer + "]";
    }

    private void sealUntilClosed() {
        while (running) {
            int sealed = 0;
            try {
                sealed = sealer.sealPending();
            } catch (RuntimeException e) {
                LOG.warn("sealing ledger '{}' failed; retrying: {}", outbox.ledger(), e.toString());
            }
            if (sealed == 0 && running) {
                LockSupport.parkNanos(this, intervalNanos);
            }
        }
    }
}
