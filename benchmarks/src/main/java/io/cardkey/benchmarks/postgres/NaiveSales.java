package io.cardkey.benchmarks.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The same sale written the way it usually is, the peer of the facade's sale ({@link PostgresShop}): a stock counter row locked to hand
 * out the next code, one ledger row per posting and per event, and the hash chain extended under one global lock (the
 * chain's head row, locked {@code FOR UPDATE}) held until each sale's transaction commits. Reserve and confirm are
 * two transactions, as in CardKey.
 */
final class NaiveSales implements AutoCloseable {
    private final PgDatabase database;
    private long stocked;

    NaiveSales(String name, int connections) {
        database = PgDatabase.open(name, connections);
        database.execute("CREATE TABLE naive_code (id bigint PRIMARY KEY, state text NOT NULL, order_id text)");
        database.execute("CREATE TABLE naive_stock (sku text PRIMARY KEY, next_code bigint NOT NULL,"
                + " last_code bigint NOT NULL)");
        database.execute("INSERT INTO naive_stock VALUES ('GAME-100', 1, 0)");
        database.execute("CREATE TABLE naive_order (order_id text PRIMARY KEY, code bigint NOT NULL,"
                + " state text NOT NULL, payment text UNIQUE)");
        database.execute("CREATE TABLE naive_ledger (seq bigint PRIMARY KEY, kind text NOT NULL, ref text NOT NULL,"
                + " debit text, credit text, amount bigint, hash bytea NOT NULL)");
        database.execute("CREATE TABLE naive_head (only_row boolean PRIMARY KEY, seq bigint NOT NULL,"
                + " hash bytea NOT NULL)");
        database.execute("INSERT INTO naive_head VALUES (true, 0, '\\x00'::bytea)");
    }

    /** Adds {@code count} available codes. */
    void stock(long count) {
        database.execute(
                "INSERT INTO naive_code SELECT g, 'AVAILABLE', NULL FROM generate_series(?::bigint, ?::bigint)"
                        + " AS g",
                stocked + 1,
                stocked + count);
        stocked += count;
        database.execute("UPDATE naive_stock SET last_code = ?", stocked);
        database.execute("ANALYZE naive_code");
    }

    /** Codes not yet handed out. */
    long available() {
        try (Connection c = database.pool().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT last_code - next_code + 1 FROM naive_stock");
                ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reserves the next code under the counter's row lock, then confirms; both transactions chain their rows. */
    void sell(String orderId) {
        try (Connection c = database.pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                long code;
                try (PreparedStatement next = c.prepareStatement("UPDATE naive_stock SET next_code = next_code + 1"
                        + " WHERE sku = 'GAME-100' AND next_code <= last_code RETURNING next_code - 1")) {
                    try (ResultSet rows = next.executeQuery()) {
                        if (!rows.next()) {
                            throw new IllegalStateException("the naive stock ran out; stock more per iteration");
                        }
                        code = rows.getLong(1);
                    }
                }
                update(c, "UPDATE naive_code SET state = 'RESERVED', order_id = ? WHERE id = ?", orderId, code);
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO naive_order (order_id, code, state) VALUES (?, ?, 'RESERVED')")) {
                    insert.setString(1, orderId);
                    insert.setLong(2, code);
                    insert.executeUpdate();
                }
                chain(c, new String[][] {{"event", "ck:" + code + ":reserved"}, {"event", "order:" + orderId + ":v1"}});
                c.commit();

                update(c, "UPDATE naive_code SET state = 'SOLD' WHERE order_id = ? AND id = ?", orderId, code);
                try (PreparedStatement paid = c.prepareStatement(
                        "UPDATE naive_order SET state = 'SOLD', payment = ? WHERE order_id = ? AND state = 'RESERVED'")) {
                    paid.setString(1, "pay-" + orderId);
                    paid.setString(2, orderId);
                    if (paid.executeUpdate() != 1) {
                        throw new IllegalStateException("order " + orderId + " was not reserved");
                    }
                }
                chain(c, new String[][] {
                    {"event", "ck:" + code + ":sold"},
                    {"event", "order:" + orderId + ":v2"},
                    {"posting", "sale:" + orderId, "cardkey:payments:CNY", "cardkey:supplier-payable:CNY", "800"},
                    {"posting", "sale:" + orderId, "cardkey:payments:CNY", "cardkey:revenue:CNY", "200"}
                });
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("naive sale failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static void update(Connection c, String sql, String orderId, long code) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, orderId);
            update.setLong(2, code);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("code " + code + " was not where the sale left it");
            }
        }
    }

    /** Appends rows to the chain under the head row's lock, which the transaction holds until it commits. */
    private static void chain(Connection c, String[][] rows) throws SQLException {
        long seq;
        byte[] hash;
        try (PreparedStatement head = c.prepareStatement("SELECT seq, hash FROM naive_head FOR UPDATE");
                ResultSet r = head.executeQuery()) {
            r.next();
            seq = r.getLong(1);
            hash = r.getBytes(2);
        }
        MessageDigest sha = sha256();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO naive_ledger"
                + " (seq, kind, ref, debit, credit, amount, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (String[] row : rows) {
                seq++;
                sha.update(hash);
                sha.update(String.join("|", row).getBytes(StandardCharsets.UTF_8));
                hash = sha.digest();
                insert.setLong(1, seq);
                insert.setString(2, row[0]);
                insert.setString(3, row[1]);
                insert.setString(4, row.length > 2 ? row[2] : null);
                insert.setString(5, row.length > 2 ? row[3] : null);
                if (row.length > 2) {
                    insert.setLong(6, Long.parseLong(row[4]));
                } else {
                    insert.setNull(6, java.sql.Types.BIGINT);
                }
                insert.setBytes(7, hash);
                insert.executeUpdate();
            }
        }
        try (PreparedStatement head = c.prepareStatement("UPDATE naive_head SET seq = ?, hash = ?")) {
            head.setLong(1, seq);
            head.setBytes(2, hash);
            head.executeUpdate();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
