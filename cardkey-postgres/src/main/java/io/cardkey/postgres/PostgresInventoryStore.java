package io.cardkey.postgres;

import io.cardkey.core.Batch;
import io.cardkey.core.BuyerLimitExceededException;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.DuplicateCardKeyException;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.PaymentReferenceUsedException;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.WriteConflictException;
import io.cardkey.postgres.internal.Nanos;
import io.cardkey.postgres.internal.Sql;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * An {@link InventoryStore} in PostgreSQL, for several application instances selling from one stock.
 *
 * <p>Each {@link #apply} is one database transaction: the order, the card keys and the payment reference are written
 * compare-and-set on their {@code version}, and an allocation picks codes with {@code SELECT ... FOR UPDATE SKIP
 * LOCKED} in first-expiring-first order, so two instances never hold the same code and never wait on each other's
 * picks. Idempotency holds across instances because it rests on primary keys, not on memory: an order id is written
 * once at version 1, a payment reference pays one order. The buyer cap of a reservation is checked under a
 * transaction-scoped advisory lock on the buyer, so concurrent reservations of one buyer on different instances cannot
 * both slip under it.
 *
 * <p>The tables are created by {@link PostgresSchema} (migration V002) in the data source's default schema; one
 * inventory per database schema. Instants are kept exactly, as nanoseconds since the epoch, which limits them to the
 * years 1677 to 2262: an instant outside is refused with {@link IllegalArgumentException}.
 *
 * <h2>Failures</h2>
 *
 * A serialization failure, a deadlock or a lost connection is retried (at most {@value #ATTEMPTS} attempts in all).
 * A write retried after a commit was lost in transit finds its own rows one version on and fails with
 * {@link WriteConflictException}, which the library answers by reading again and finding the work done; it is never
 * applied twice. Anything else fails with {@link PostgresStoreException}, naming the SQL state; a failed
 * {@link #apply} wrote nothing.
 *
 * <p>Thread-safe. {@link #close()} releases nothing of the host's: the {@link DataSource} stays the host's to close.
 */
public final class PostgresInventoryStore implements InventoryStore {
    static final int ATTEMPTS = 3;

    /** Adding this many codes at once refreshes the table's planner statistics in the same transaction. */
    static final int ANALYZE_AFTER = 10_000;

    /** First key of the advisory locks that serialise one buyer's reservations: "ck" in ASCII. */
    private static final int BUYER_LOCK = 0x636b;

    private static final String KEY_COLUMNS = "id, sku, batch_id, state, frozen_from, expires_at_ns, order_id,"
            + " revealed, sales_count, masked_code, version";
    private static final String ORDER_COLUMNS = "order_id, buyer_id, sku, quantity, state, created_at_ns,"
            + " reserved_until_ns, currency, price, payment_reference, card_key_ids, version";
    private static final String FEFO = " ORDER BY expires_at_ns NULLS LAST, id";

    private final DataSource dataSource;
    /** Records the facade's ledger entries with the changes, or {@code null} (see {@link #ledgerWriter()}). */
    private final PostgresLedgerWriter ledgerWriter;

    private volatile boolean closed;

    private PostgresInventoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.ledgerWriter = null;
    }

    private PostgresInventoryStore(DataSource dataSource, PostgresLedgerOutbox outbox, PostgresLedgerSealer sealer) {
        this.dataSource = dataSource;
        this.ledgerWriter = new PostgresLedgerWriter(this, outbox, sealer);
    }

    /**
     * Opens the inventory with the facade's ledger beside it (see {@link PostgresCardKeys}): the store's {@link
     * #ledgerWriter()} records every ledger entry through {@code outbox}, a change's entries in the change's own
     * transaction, and reads the ledger {@code sealer} chains.
     */
    static PostgresInventoryStore open(
            DataSource dataSource, PostgresLedgerOutbox outbox, PostgresLedgerSealer sealer) {
        Objects.requireNonNull(dataSource, "dataSource");
        PostgresSchema.migrate(dataSource);
        return new PostgresInventoryStore(dataSource, outbox, sealer);
    }

    /**
     * Returns the writer that records the facade's ledger entries in this store's transactions: present when the
     * store was opened by {@link PostgresCardKeys}, empty for {@link #open(DataSource)}.
     */
    @Override
    public Optional<LedgerWriter> ledgerWriter() {
        return Optional.ofNullable(ledgerWriter);
    }

    /**
     * Opens the inventory in the data source's default schema, migrating the schema first if it is behind.
     *
     * @param dataSource connections to the database; the host's, and the host closes it
     * @return the store
     * @throws SchemaMigrationException if the schema cannot be migrated
     */
    public static PostgresInventoryStore open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        PostgresSchema.migrate(dataSource);
        return new PostgresInventoryStore(dataSource);
    }

    @Override
    public void putProduct(Product product) {
        Objects.requireNonNull(product, "product");
        update("put product " + product.sku(), connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO cardkey_product (sku, name, currency, unit_price, reusable) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (sku) DO UPDATE SET name = excluded.name, currency = excluded.currency,"
                            + " unit_price = excluded.unit_price, reusable = excluded.reusable")) {
                upsert.setString(1, product.sku().code());
                upsert.setString(2, product.name());
                upsert.setString(3, product.unitPrice().currency().getCurrencyCode());
                upsert.setLong(4, product.unitPrice().minorUnits());
                upsert.setBoolean(5, product.reusable());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Product> product(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        return query("read product " + sku, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, currency, unit_price, reusable FROM cardkey_product WHERE sku = ?")) {
                select.setString(1, sku.code());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    Currency currency = Currency.getInstance(rows.getString(2));
                    return Optional.of(new Product(
                            sku, rows.getString(1), Money.ofMinor(rows.getLong(3), currency), rows.getBoolean(4)));
                }
            }
        });
    }

    @Override
    public void putBatch(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        Long expires =
                batch.expiresAt().map(t -> Nanos.of(t, "batch.expiresAt")).orElse(null);
        boolean inserted = update("put batch " + batch.batchId(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO cardkey_batch (batch_id, sku, supplier, currency, unit_cost, source, expires_at_ns)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING")) {
                insert.setString(1, batch.batchId());
                insert.setString(2, batch.sku().code());
                insert.setString(3, batch.supplier());
                insert.setString(4, batch.unitCost().currency().getCurrencyCode());
                insert.setLong(5, batch.unitCost().minorUnits());
                insert.setString(6, batch.source().name());
                setLong(insert, 7, expires);
                return insert.executeUpdate() == 1;
            }
        });
        if (!inserted && !batch(batch.batchId()).orElseThrow().equals(batch)) {
            throw new IllegalArgumentException(
                    "batchId was " + batch.batchId() + "; a different batch with that id exists");
        }
    }

    @Override
    public Optional<Batch> batch(String batchId) {
        Objects.requireNonNull(batchId, "batchId");
        return query("read batch " + batchId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sku, supplier, currency, unit_cost, source, expires_at_ns FROM cardkey_batch"
                            + " WHERE batch_id = ?")) {
                select.setString(1, batchId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    long expires = rows.getLong(6);
                    Optional<Instant> expiresAt =
                            rows.wasNull() ? Optional.empty() : Optional.of(Nanos.toInstant(expires));
                    return Optional.of(new Batch(
                            batchId,
                            Sku.of(rows.getString(1)),
                            rows.getString(2),
                            Money.ofMinor(rows.getLong(4), Currency.getInstance(rows.getString(3))),
                            Batch.Source.valueOf(rows.getString(5)),
                            expiresAt));
                }
            }
        });
    }

    @Override
    public long reserveIds(int count) {
        positive(count, "count");
        return update("reserve " + count + " record ids", connection -> {
            try (PreparedStatement next = connection.prepareStatement(
                    "UPDATE cardkey_id_counter SET next_id = next_id + ? RETURNING next_id - ?")) {
                next.setLong(1, count);
                next.setLong(2, count);
                try (ResultSet rows = next.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public void addCardKeys(List<StockedCardKey> keys) {
        Objects.requireNonNull(keys, "keys");
        Set<Long> ids = new HashSet<>();
        Set<ByteBuffer> indexes = new HashSet<>();
        long maxId = 0;
        for (StockedCardKey s : keys) {
            long id = Objects.requireNonNull(s, "keys must not contain null")
                    .cardKey()
                    .id();
            if (!ids.add(id)) {
                throw new DuplicateCardKeyException(id, "record id");
            }
            if (!indexes.add(ByteBuffer.wrap(s.blindIndex()))) {
                throw new DuplicateCardKeyException(id, "code");
            }
            s.cardKey().expiresAt().ifPresent(t -> Nanos.of(t, "cardKey.expiresAt"));
            maxId = Math.max(maxId, id);
        }
        if (keys.isEmpty()) {
            return;
        }
        long next = maxId + 1;
        update("add " + keys.size() + " card keys", connection -> {
            checkNotStored(connection, keys);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cardkey_card_key (" + KEY_COLUMNS
                    + ", blind_index, sealed_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (StockedCardKey s : keys) {
                    bindKey(insert, s.cardKey());
                    insert.setBytes(12, s.blindIndex());
                    insert.setBytes(13, s.sealedSecret());
                    insert.addBatch();
                    if (++pending == 1_000) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
            try (PreparedStatement counter =
                    connection.prepareStatement("UPDATE cardkey_id_counter SET next_id = greatest(next_id, ?)")) {
                counter.setLong(1, next);
                counter.executeUpdate();
            }
            if (keys.size() >= ANALYZE_AFTER) {
                // Fresh statistics now, not at autovacuum's next visit: a planner that believes the table nearly
                // empty allocates by sorting every available code (see migration V004).
                try (PreparedStatement analyze = connection.prepareStatement("ANALYZE cardkey_card_key")) {
                    analyze.execute();
                }
            }
            return null;
        });
    }

    /** Throws the exception the port names for a record id or blind index that is stored already. */
    private static void checkNotStored(Connection connection, List<StockedCardKey> keys) throws SQLException {
        Long[] ids = new Long[keys.size()];
        byte[][] indexes = new byte[keys.size()][];
        Map<ByteBuffer, Long> idByIndex = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = keys.get(i).cardKey().id();
            indexes[i] = keys.get(i).blindIndex();
            idByIndex.put(ByteBuffer.wrap(indexes[i]), ids[i]);
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT min(id) FROM cardkey_card_key WHERE id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("bigint", ids));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                long id = rows.getLong(1);
                if (!rows.wasNull()) {
                    throw new DuplicateCardKeyException(id, "record id");
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT blind_index FROM cardkey_card_key WHERE blind_index = ANY (?) LIMIT 1")) {
            select.setArray(1, connection.createArrayOf("bytea", indexes));
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    throw new DuplicateCardKeyException(idByIndex.get(ByteBuffer.wrap(rows.getBytes(1))), "code");
                }
            }
        }
    }

    @Override
    public Optional<CardKey> cardKey(long id) {
        return query("read card key " + id, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT " + KEY_COLUMNS + " FROM cardkey_card_key WHERE id = ?")) {
                select.setLong(1, id);
                List<CardKey> found = readKeys(select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<CardKey> cardKeys(List<Long> ids) {
        Objects.requireNonNull(ids, "ids");
        Long[] wanted = ids.toArray(Long[]::new);
        for (Long id : wanted) {
            Objects.requireNonNull(id, "ids must not contain null");
        }
        if (wanted.length == 0) {
            return List.of();
        }
        List<CardKey> stored = query("read " + wanted.length + " card keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + KEY_COLUMNS + " FROM cardkey_card_key WHERE id = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("bigint", wanted));
                return readKeys(select);
            }
        });
        Map<Long, CardKey> byId = new HashMap<>();
        stored.forEach(k -> byId.put(k.id(), k));
        List<CardKey> found = new ArrayList<>(wanted.length);
        for (Long id : wanted) {
            CardKey key = byId.get(id);
            if (key != null) {
                found.add(key);
            }
        }
        return found;
    }

    @Override
    public List<CardKey> cardKeys(Sku sku, CardKeyState state, int limit) {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(state, "state");
        positive(limit, "limit");
        return query("read " + state + " card keys of " + sku, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + KEY_COLUMNS
                    + " FROM cardkey_card_key WHERE sku = ? AND state = ?" + FEFO + " LIMIT ?")) {
                select.setString(1, sku.code());
                select.setString(2, state.name());
                select.setInt(3, limit);
                return readKeys(select);
            }
        });
    }

    @Override
    public List<CardKey> cardKeysOfBatch(String batchId, long afterId, int limit) {
        Objects.requireNonNull(batchId, "batchId");
        positive(limit, "limit");
        return query("read card keys of batch " + batchId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + KEY_COLUMNS
                    + " FROM cardkey_card_key WHERE batch_id = ? AND id > ? ORDER BY id LIMIT ?")) {
                select.setString(1, batchId);
                select.setLong(2, afterId);
                select.setInt(3, limit);
                return readKeys(select);
            }
        });
    }

    @Override
    public Optional<CardKey> cardKeyByBlindIndex(byte[] blindIndex) {
        byte[] index = Objects.requireNonNull(blindIndex, "blindIndex").clone();
        return query("find a card key by blind index", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + KEY_COLUMNS + " FROM cardkey_card_key WHERE blind_index = ?")) {
                select.setBytes(1, index);
                List<CardKey> found = readKeys(select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public Set<Integer> presentBlindIndexes(List<byte[]> blindIndexes) {
        Objects.requireNonNull(blindIndexes, "blindIndexes");
        byte[][] wanted = new byte[blindIndexes.size()][];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = Objects.requireNonNull(blindIndexes.get(i), "blindIndexes must not contain null");
        }
        if (wanted.length == 0) {
            return Set.of();
        }
        Set<ByteBuffer> present = query("check " + wanted.length + " blind indexes", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT blind_index FROM cardkey_card_key WHERE blind_index = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("bytea", wanted));
                Set<ByteBuffer> found = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(ByteBuffer.wrap(rows.getBytes(1)));
                    }
                }
                return found;
            }
        });
        Set<Integer> positions = new HashSet<>();
        for (int i = 0; i < wanted.length; i++) {
            if (present.contains(ByteBuffer.wrap(wanted[i]))) {
                positions.add(i);
            }
        }
        return positions;
    }

    @Override
    public Optional<byte[]> sealedSecret(long id) {
        return query("read the sealed secret of card key " + id, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT sealed_secret FROM cardkey_card_key WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ProtectedForms> protectedForms(long afterId, int limit) {
        positive(limit, "limit");
        return query("read the protected forms of " + limit + " card keys after " + afterId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, blind_index, sealed_secret FROM cardkey_card_key WHERE id > ? ORDER BY id LIMIT ?")) {
                select.setLong(1, afterId);
                select.setInt(2, limit);
                List<ProtectedForms> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new ProtectedForms(rows.getLong(1), rows.getBytes(2), rows.getBytes(3)));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public void replaceProtectedForms(List<ProtectedForms> forms) {
        Objects.requireNonNull(forms, "forms");
        Map<ByteBuffer, Long> idByIndex = new HashMap<>();
        Set<Long> ids = new HashSet<>();
        for (ProtectedForms f : forms) {
            long id = Objects.requireNonNull(f, "forms must not contain null").cardKeyId();
            if (!ids.add(id)) {
                throw new IllegalArgumentException("forms names card key " + id + " twice");
            }
            if (idByIndex.put(ByteBuffer.wrap(f.blindIndex()), id) != null) {
                throw new DuplicateCardKeyException(id, "code");
            }
        }
        if (forms.isEmpty()) {
            return;
        }
        update("replace the protected forms of " + forms.size() + " card keys", connection -> {
            Long[] wanted = ids.toArray(new Long[0]);
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT id FROM cardkey_card_key WHERE id = ANY (?) FOR UPDATE")) {
                select.setArray(1, connection.createArrayOf("bigint", wanted));
                Set<Long> stored = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stored.add(rows.getLong(1));
                    }
                }
                for (ProtectedForms f : forms) {
                    if (!stored.contains(f.cardKeyId())) {
                        throw new IllegalArgumentException(
                                "forms names card key " + f.cardKeyId() + ", which is not stored");
                    }
                }
            }
            byte[][] indexes = new byte[forms.size()][];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = forms.get(i).blindIndex();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, blind_index FROM cardkey_card_key WHERE blind_index = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("bytea", indexes));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long owner = idByIndex.get(ByteBuffer.wrap(rows.getBytes(2)));
                        if (rows.getLong(1) != owner) {
                            throw new DuplicateCardKeyException(owner, "code");
                        }
                    }
                }
            }
            try (PreparedStatement replace = connection.prepareStatement(
                    "UPDATE cardkey_card_key SET blind_index = ?, sealed_secret = ? WHERE id = ?")) {
                for (ProtectedForms f : forms) {
                    replace.setBytes(1, f.blindIndex());
                    replace.setBytes(2, f.sealedSecret());
                    replace.setLong(3, f.cardKeyId());
                    replace.addBatch();
                }
                replace.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<CardKeyState, Long> countByState(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        return query("count the card keys of " + sku, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT state, count(*) FROM cardkey_card_key WHERE sku = ? GROUP BY state")) {
                select.setString(1, sku.code());
                Map<CardKeyState, Long> counts = new EnumMap<>(CardKeyState.class);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(CardKeyState.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    @Override
    public Optional<Order> order(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        return query("read order " + orderId, connection -> storedOrder(connection, orderId, false));
    }

    @Override
    public Optional<String> orderIdByPaymentReference(String reference) {
        Objects.requireNonNull(reference, "reference");
        return query("find the order of a payment reference", connection -> paidOrder(connection, reference));
    }

    @Override
    public List<Order> orders(Sku sku, OrderState state, int limit) {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(state, "state");
        positive(limit, "limit");
        return query("read " + state + " orders of " + sku, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ORDER_COLUMNS
                    + " FROM cardkey_order WHERE sku = ? AND state = ? ORDER BY created_at_ns, order_id LIMIT ?")) {
                select.setString(1, sku.code());
                select.setString(2, state.name());
                select.setInt(3, limit);
                return readOrders(select);
            }
        });
    }

    @Override
    public List<Order> reservationsDue(Instant now, int limit) {
        long at = Nanos.of(Objects.requireNonNull(now, "now"), "now");
        positive(limit, "limit");
        return query("read the reservations due", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ORDER_COLUMNS
                    + " FROM cardkey_order WHERE state = 'RESERVED' AND reserved_until_ns <= ?"
                    + " ORDER BY reserved_until_ns, order_id LIMIT ?")) {
                select.setLong(1, at);
                select.setInt(2, limit);
                return readOrders(select);
            }
        });
    }

    @Override
    public long heldByBuyer(String buyerId, Instant now) {
        Objects.requireNonNull(buyerId, "buyerId");
        long at = Nanos.of(Objects.requireNonNull(now, "now"), "now");
        return query("count the codes a buyer holds", connection -> held(connection, buyerId, at, null));
    }

    @Override
    public Applied apply(Change change) {
        Objects.requireNonNull(change, "change");
        checkInstants(change);
        return update("apply a change", connection -> apply(connection, change, null, null));
    }

    /**
     * Applies a change and records its ledger entries in the same database transaction: both are committed, or
     * neither. This is how a sale and its ledger record stay together across instances: the entries become pending
     * in {@code ledger} when the sale commits, and {@link PostgresLedgerSealer} chains them in order afterwards.
     *
     * <p>{@code entries} runs inside the transaction, after the change was applied (so it sees the codes allocated),
     * and again if the transaction is retried after a serialization failure or a lost connection: it must only build
     * transactions from what it is given.
     *
     * @param change the change
     * @param ledger where the entries are recorded
     * @param entries the ledger transactions that record what was applied; may be empty
     * @return what was written
     * @throws WriteConflictException if a row's stored version is not one below the new row's
     * @throws InsufficientStockException if the allocation cannot be met in full
     * @throws BuyerLimitExceededException if the allocation would take the buyer past the cap
     * @throws PaymentReferenceUsedException if the payment reference already paid another order
     * @throws PostgresStoreException if a transaction id is pending already, or the database failed after the retries
     *     that are safe; nothing was written
     */
    public Applied apply(
            Change change,
            PostgresLedgerOutbox ledger,
            Function<Applied, List<io.cardkey.ledger.Transaction>> entries) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(entries, "entries");
        checkInstants(change);
        return update(
                "apply a change with its ledger entries", connection -> apply(connection, change, ledger, entries));
    }

    /**
     * Applies {@code change} in the caller's transaction, with its ledger entries if {@code ledger} is not null.
     * Nothing is committed or rolled back here.
     *
     * <p>Round trips: the pick (with the buyer's lock and holdings), then every write in one {@link WriteBatch}
     * (order, card keys, payment reference, ledger entries). Card keys the change names and a payment reference are
     * written before the pick when the change also allocates, so the pick sees them as the change leaves them.
     */
    private static Applied apply(
            Connection connection,
            Change change,
            PostgresLedgerOutbox ledger,
            Function<Applied, List<io.cardkey.ledger.Transaction>> entries)
            throws SQLException {
        Order order = change.order().orElse(null);
        boolean allocating = change.allocation().isPresent();
        List<CardKey> allocated = List.of();
        if (allocating) {
            if (order.version() > 1) {
                long stored = storedOrder(connection, order.orderId(), true)
                        .map(Order::version)
                        .orElse(0L);
                if (stored != order.version() - 1) {
                    throw new WriteConflictException("order " + order.orderId() + " version " + stored);
                }
            }
            writeKeys(connection, change.cardKeys());
            if (change.paymentReference().isPresent()) {
                claim(connection, change.paymentReference().get(), order.orderId());
            }
            allocated = allocate(connection, change.allocation().get(), order);
            List<Long> ids = new ArrayList<>(order.cardKeyIds());
            allocated.forEach(k -> ids.add(k.id()));
            order = order.holding(ids);
        }
        Applied applied = new Applied(Optional.ofNullable(order), allocated);
        List<io.cardkey.ledger.Transaction> txs = List.of();
        if (ledger != null) {
            txs = Objects.requireNonNull(entries.apply(applied), "entries (the function's result)");
            PostgresLedgerOutbox.checkDistinct(txs);
        }

        WriteBatch writes = new WriteBatch();
        int orderAt = order == null ? -1 : addOrder(writes, connection, order);
        List<CardKey> keys = new ArrayList<>(allocating ? allocated : change.cardKeys());
        keys.sort(Comparator.comparingLong(CardKey::id)); // one lock order for every writer: no deadlocks
        int keysAt = keys.isEmpty() ? -1 : addKeys(writes, connection, keys);
        int paidAt = -1;
        if (!allocating && change.paymentReference().isPresent()) {
            String reference = change.paymentReference().get();
            String orderId = order.orderId();
            writes.add(
                    "INSERT INTO cardkey_payment (reference, order_id) VALUES (?, ?)"
                            + " ON CONFLICT (reference) DO NOTHING",
                    2,
                    (statement, first) -> {
                        statement.setString(first, reference);
                        statement.setString(first + 1, orderId);
                    });
            paidAt = writes.add(
                    "SELECT order_id FROM cardkey_payment WHERE reference = ?",
                    1,
                    (statement, first) -> statement.setString(first, reference));
        }
        int entriesAt = txs.isEmpty() ? -1 : ledger.add(writes, connection, txs);
        List<Object> outcomes = writes.execute(connection);
        if (orderAt >= 0 && (Integer) outcomes.get(orderAt) != 1) {
            throw new WriteConflictException("order " + order.orderId() + " version " + (order.version() - 1)
                    + " (expected; the stored version differs)");
        }
        if (keysAt >= 0 && (Integer) outcomes.get(keysAt) != keys.size()) {
            throw conflictingKey(connection, keys);
        }
        if (paidAt >= 0) {
            @SuppressWarnings("unchecked")
            String paid = ((List<String>) outcomes.get(paidAt)).get(0);
            if (!paid.equals(order.orderId())) {
                throw new PaymentReferenceUsedException(
                        change.paymentReference().get(), order.orderId(), paid);
            }
        }
        if (entriesAt >= 0) {
            ledger.checkRecorded(outcomes, entriesAt, txs);
        }
        return applied;
    }

    /** Writes card keys compare-and-set in a round trip of their own. */
    private static void writeKeys(Connection connection, List<CardKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        List<CardKey> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparingLong(CardKey::id)); // one lock order for every writer: no deadlocks
        WriteBatch writes = new WriteBatch();
        addKeys(writes, connection, sorted);
        if ((Integer) writes.execute(connection).get(0) != sorted.size()) {
            throw conflictingKey(connection, sorted);
        }
    }

    /** Adds the compare-and-set update of {@code keys} (sorted by id) to a batch; it updates them all or a conflict. */
    private static int addKeys(WriteBatch writes, Connection connection, List<CardKey> keys) throws SQLException {
        int n = keys.size();
        Long[] id = new Long[n];
        String[] sku = new String[n];
        String[] batch = new String[n];
        String[] state = new String[n];
        String[] frozenFrom = new String[n];
        Long[] expires = new Long[n];
        String[] orderId = new String[n];
        Boolean[] revealed = new Boolean[n];
        Long[] sales = new Long[n];
        String[] masked = new String[n];
        Long[] version = new Long[n];
        for (int i = 0; i < n; i++) {
            CardKey k = keys.get(i);
            id[i] = k.id();
            sku[i] = k.sku().code();
            batch[i] = k.batchId();
            state[i] = k.state().name();
            frozenFrom[i] = k.frozenFrom().map(Enum::name).orElse(null);
            expires[i] =
                    k.expiresAt().map(t -> Nanos.of(t, "cardKey.expiresAt")).orElse(null);
            orderId[i] = k.orderId().orElse(null);
            revealed[i] = k.revealed();
            sales[i] = k.salesCount();
            masked[i] = k.maskedCode();
            version[i] = k.version();
        }
        java.sql.Array[] arrays = {
            connection.createArrayOf("bigint", id),
            connection.createArrayOf("text", sku),
            connection.createArrayOf("text", batch),
            connection.createArrayOf("text", state),
            connection.createArrayOf("text", frozenFrom),
            connection.createArrayOf("bigint", expires),
            connection.createArrayOf("text", orderId),
            connection.createArrayOf("boolean", revealed),
            connection.createArrayOf("bigint", sales),
            connection.createArrayOf("text", masked),
            connection.createArrayOf("bigint", version)
        };
        return writes.add(
                "UPDATE cardkey_card_key k SET sku = u.sku,"
                        + " batch_id = u.batch_id, state = u.state, frozen_from = u.frozen_from,"
                        + " expires_at_ns = u.expires_at_ns, order_id = u.order_id, revealed = u.revealed,"
                        + " sales_count = u.sales_count, masked_code = u.masked_code, version = u.version"
                        + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],"
                        + " ?::text[], ?::boolean[], ?::bigint[], ?::text[], ?::bigint[]) AS u(id, sku, batch_id,"
                        + " state, frozen_from, expires_at_ns, order_id, revealed, sales_count, masked_code, version)"
                        + " WHERE k.id = u.id AND k.version = u.version - 1",
                arrays.length,
                (statement, first) -> {
                    for (int i = 0; i < arrays.length; i++) {
                        statement.setArray(first + i, arrays[i]);
                    }
                });
    }

    /** Names the first card key whose stored version is not one below the new row's. */
    private static WriteConflictException conflictingKey(Connection connection, List<CardKey> keys)
            throws SQLException {
        Map<Long, Long> stored = new HashMap<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT id, version FROM cardkey_card_key WHERE id = ANY (?)")) {
            select.setArray(
                    1,
                    connection.createArrayOf(
                            "bigint", keys.stream().map(CardKey::id).toArray(Long[]::new)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        for (CardKey key : keys) {
            long version = stored.getOrDefault(key.id(), 0L);
            if (version != key.version() - 1) {
                return new WriteConflictException("card key " + key.id() + " version " + version);
            }
        }
        // Every version matched when read back: the rows that failed were changed and changed back meanwhile.
        return new WriteConflictException("card key " + keys.get(0).id() + " version "
                + stored.getOrDefault(keys.get(0).id(), 0L));
    }

    private static void claim(Connection connection, String reference, String orderId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO cardkey_payment (reference, order_id) VALUES (?, ?) ON CONFLICT (reference) DO NOTHING")) {
            insert.setString(1, reference);
            insert.setString(2, orderId);
            if (insert.executeUpdate() == 1) {
                return;
            }
        }
        String paid = paidOrder(connection, reference).orElseThrow();
        if (!paid.equals(orderId)) {
            throw new PaymentReferenceUsedException(reference, orderId, paid);
        }
    }

    private static List<CardKey> allocate(Connection connection, Allocation allocation, Order order)
            throws SQLException {
        long now = Nanos.of(allocation.now(), "allocation.now");
        String pick = "SELECT " + KEY_COLUMNS + " FROM cardkey_card_key WHERE sku = ? AND state = 'AVAILABLE'"
                + " AND (expires_at_ns IS NULL OR expires_at_ns > ?)" + FEFO + " LIMIT ? FOR UPDATE SKIP LOCKED";
        List<CardKey> picked;
        if (allocation.target() == CardKeyState.RESERVED) {
            // One round trip for three statements, run in order: wait for the buyer's lock, then count what the buyer
            // holds (a statement of its own, so it sees every reservation committed while we waited), then pick.
            long held;
            try (PreparedStatement select = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?));"
                    + " SELECT coalesce(sum(quantity), 0) FROM cardkey_order WHERE buyer_id = ? AND state = 'RESERVED'"
                    + " AND reserved_until_ns > ? AND order_id <> ?; " + pick)) {
                select.setInt(1, BUYER_LOCK);
                select.setString(2, order.buyerId());
                select.setString(3, order.buyerId());
                select.setLong(4, now);
                select.setString(5, order.orderId());
                select.setString(6, allocation.sku().code());
                select.setLong(7, now);
                select.setInt(8, allocation.quantity());
                select.execute();
                select.getMoreResults();
                try (ResultSet rows = select.getResultSet()) {
                    rows.next();
                    held = rows.getLong(1);
                }
                select.getMoreResults();
                try (ResultSet rows = select.getResultSet()) {
                    picked = readKeys(rows);
                }
            }
            if (held + allocation.quantity() > allocation.buyerCap()) {
                throw new BuyerLimitExceededException(
                        order.buyerId(),
                        (int) Math.min(Integer.MAX_VALUE, allocation.buyerCap()),
                        held,
                        allocation.quantity());
            }
        } else {
            try (PreparedStatement select = connection.prepareStatement(pick)) {
                select.setString(1, allocation.sku().code());
                select.setLong(2, now);
                select.setInt(3, allocation.quantity());
                try (ResultSet rows = select.executeQuery()) {
                    picked = readKeys(rows);
                }
            }
        }
        if (picked.size() < allocation.quantity()) {
            throw new InsufficientStockException(
                    allocation.sku(), allocation.quantity(), eligible(connection, allocation.sku(), now));
        }
        List<CardKey> moved = new ArrayList<>(picked.size());
        for (CardKey key : picked) {
            moved.add(key.assignTo(allocation.target(), order.orderId()));
        }
        return moved;
    }

    /** Counts the codes an allocation could take, locked by others or not. */
    private static long eligible(Connection connection, Sku sku, long now) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM cardkey_card_key"
                + " WHERE sku = ? AND state = 'AVAILABLE' AND (expires_at_ns IS NULL OR expires_at_ns > ?)")) {
            count.setString(1, sku.code());
            count.setLong(2, now);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The codes {@code buyerId} holds in live reservations, leaving out the order {@code except} if named. */
    private static long held(Connection connection, String buyerId, long now, String except) throws SQLException {
        try (PreparedStatement sum = connection.prepareStatement("SELECT coalesce(sum(quantity), 0) FROM cardkey_order"
                + " WHERE buyer_id = ? AND state = 'RESERVED' AND reserved_until_ns > ? AND order_id <> ?")) {
            sum.setString(1, buyerId);
            sum.setLong(2, now);
            sum.setString(3, except == null ? "" : except);
            try (ResultSet rows = sum.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Adds the order's insert (version 1; a conflict if it exists) or compare-and-set update to a batch. */
    private static int addOrder(WriteBatch writes, Connection connection, Order order) throws SQLException {
        String sql = order.version() == 1
                ? "INSERT INTO cardkey_order (buyer_id, sku, quantity, state, created_at_ns, reserved_until_ns,"
                        + " currency, price, payment_reference, card_key_ids, version, order_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING"
                : "UPDATE cardkey_order SET buyer_id = ?, sku = ?, quantity = ?, state = ?, created_at_ns = ?,"
                        + " reserved_until_ns = ?, currency = ?, price = ?, payment_reference = ?, card_key_ids = ?,"
                        + " version = ? WHERE order_id = ? AND version = ?";
        java.sql.Array ids =
                connection.createArrayOf("bigint", order.cardKeyIds().toArray(Long[]::new));
        long created = Nanos.of(order.createdAt(), "order.createdAt");
        long until = Nanos.of(order.reservedUntil(), "order.reservedUntil");
        return writes.add(sql, order.version() == 1 ? 12 : 13, (write, first) -> {
            write.setString(first, order.buyerId());
            write.setString(first + 1, order.sku().code());
            write.setInt(first + 2, order.quantity());
            write.setString(first + 3, order.state().name());
            write.setLong(first + 4, created);
            write.setLong(first + 5, until);
            write.setString(first + 6, order.price().currency().getCurrencyCode());
            write.setLong(first + 7, order.price().minorUnits());
            write.setString(first + 8, order.paymentReference().orElse(null));
            write.setArray(first + 9, ids);
            write.setLong(first + 10, order.version());
            write.setString(first + 11, order.orderId());
            if (order.version() > 1) {
                write.setLong(first + 12, order.version() - 1);
            }
        });
    }

    private static Optional<Order> storedOrder(Connection connection, String orderId, boolean lock)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + ORDER_COLUMNS + " FROM cardkey_order WHERE order_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, orderId);
            List<Order> found = readOrders(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static Optional<String> paidOrder(Connection connection, String reference) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT order_id FROM cardkey_payment WHERE reference = ?")) {
            select.setString(1, reference);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PostgresInventoryStore[" + (closed ? "closed" : "open") + "]";
    }

    private static void bindKey(PreparedStatement statement, CardKey key) throws SQLException {
        statement.setLong(1, key.id());
        statement.setString(2, key.sku().code());
        statement.setString(3, key.batchId());
        statement.setString(4, key.state().name());
        statement.setString(5, key.frozenFrom().map(Enum::name).orElse(null));
        setLong(
                statement,
                6,
                key.expiresAt().map(t -> Nanos.of(t, "cardKey.expiresAt")).orElse(null));
        statement.setString(7, key.orderId().orElse(null));
        statement.setBoolean(8, key.revealed());
        statement.setLong(9, key.salesCount());
        statement.setString(10, key.maskedCode());
        statement.setLong(11, key.version());
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static List<CardKey> readKeys(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return readKeys(rows);
        }
    }

    private static List<CardKey> readKeys(ResultSet rows) throws SQLException {
        List<CardKey> keys = new ArrayList<>();
        while (rows.next()) {
            String frozenFrom = rows.getString(5);
            long expires = rows.getLong(6);
            Optional<Instant> expiresAt = rows.wasNull() ? Optional.empty() : Optional.of(Nanos.toInstant(expires));
            keys.add(new CardKey(
                    rows.getLong(1),
                    Sku.of(rows.getString(2)),
                    rows.getString(3),
                    CardKeyState.valueOf(rows.getString(4)),
                    Optional.ofNullable(frozenFrom).map(CardKeyState::valueOf),
                    expiresAt,
                    Optional.ofNullable(rows.getString(7)),
                    rows.getBoolean(8),
                    rows.getLong(9),
                    rows.getString(10),
                    rows.getLong(11)));
        }
        return keys;
    }

    private static List<Order> readOrders(PreparedStatement select) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Array idArray = rows.getArray(11);
                Long[] ids = (Long[]) idArray.getArray();
                idArray.free();
                orders.add(new Order(
                        rows.getString(1),
                        rows.getString(2),
                        Sku.of(rows.getString(3)),
                        rows.getInt(4),
                        OrderState.valueOf(rows.getString(5)),
                        Nanos.toInstant(rows.getLong(6)),
                        Nanos.toInstant(rows.getLong(7)),
                        Money.ofMinor(rows.getLong(9), Currency.getInstance(rows.getString(8))),
                        Optional.ofNullable(rows.getString(10)),
                        List.of(ids),
                        rows.getLong(12)));
            }
        }
        return orders;
    }

    /** Refuses instants the table cannot hold before anything is written. */
    private static void checkInstants(Change change) {
        change.order().ifPresent(o -> {
            Nanos.of(o.createdAt(), "order.createdAt");
            Nanos.of(o.reservedUntil(), "order.reservedUntil");
        });
        change.cardKeys().forEach(k -> k.expiresAt().ifPresent(t -> Nanos.of(t, "cardKey.expiresAt")));
        change.allocation().ifPresent(a -> Nanos.of(a.now(), "allocation.now"));
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " was " + value + "; must be at least 1");
        }
    }

    /** Work on one connection that may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs read-only work, retrying what is transient. */
    private <T> T query(String what, Work<T> work) {
        checkOpen();
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                return work.run(connection);
            } catch (SQLException e) {
                if (!Sql.isTransient(e) || attempt == ATTEMPTS) {
                    throw failure(what, e);
                }
            }
        }
    }

    /**
     * Runs work in one transaction and commits it; on any failure rolls it back, retrying serialization failures,
     * deadlocks and lost connections. Domain exceptions pass through after the rollback.
     */
    private <T> T update(String what, Work<T> work) {
        checkOpen();
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    Sql.rollbackQuietly(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e) && attempt < ATTEMPTS) {
                    continue; // a concurrent writer inserted the same key; the next attempt reports it precisely
                }
                if (!Sql.isTransient(e) || attempt == ATTEMPTS) {
                    throw failure(what, e);
                }
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL inventory store was closed");
        }
    }

    private static PostgresStoreException failure(String what, SQLException e) {
        return new PostgresStoreException(
                "could not " + what + " in PostgreSQL (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
