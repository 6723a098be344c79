package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Product;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.VerificationResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Four application instances (child JVMs, {@link SellingChild}) with sixteen selling threads each empty one stock of
 * 100,000 codes: exactly 100,000 are sold, none twice, every sale's ledger entries are chained once, and the ledger
 * verifies. Each instance also runs a sealer, so the sealer role is contested the whole time.
 */
@Tag("slow")
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresMultiProcessSaleTest {
    static final String LEDGER = "books";
    private static final int CODES = 100_000;
    private static final int INSTANCES = 4;
    private static final int THREADS = 16;

    private HikariDataSource database;

    @AfterEach
    void drop() {
        TestDatabase.drop(database);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fourInstancesSixteenThreadsEach_sellTheWholeStockExactlyOnce_andTheLedgerVerifies() throws Exception {
        database = TestDatabase.newSchema();
        PostgresInventoryStore store = PostgresInventoryStore.open(database);
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(database, LEDGER);
        SaleEntries.openAccounts(outbox);
        store.putProduct(
                new Product(SaleEntries.SKU, "Game points", Money.ofMinor(SaleEntries.PRICE, SaleEntries.CNY), false));
        store.putBatch(new Batch(
                "B1",
                SaleEntries.SKU,
                "acme",
                Money.ofMinor(SaleEntries.UNIT_COST, SaleEntries.CNY),
                Batch.Source.IMPORTED,
                Optional.empty()));
        for (int done = 0; done < CODES; done += 10_000) {
            long first = store.reserveIds(10_000);
            List<StockedCardKey> keys = new ArrayList<>(10_000);
            for (long id = first; id < first + 10_000; id++) {
                keys.add(new StockedCardKey(
                        CardKey.available(id, SaleEntries.SKU, "B1", Optional.empty(), "****-" + id),
                        ByteBuffer.allocate(8).putLong(id).array(),
                        new byte[] {7, (byte) id}));
            }
            store.addCardKeys(keys);
        }

        long started = System.nanoTime();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            ProcessBuilder child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SellingChild.class.getName(),
                            database.getSchema(),
                            Integer.toString(i),
                            Integer.toString(THREADS))
                    .redirectErrorStream(true);
            child.environment().put("CARDKEY_PG_URL", database.getJdbcUrl());
            children.add(child.start());
        }
        long reported = 0;
        for (Process child : children) {
            List<String> output = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("SOLD ")) {
                        reported += Long.parseLong(line.substring(5));
                    }
                }
            }
            assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).as("child output: %s", output).isZero();
        }
        long sellingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(reported).isEqualTo(CODES);
        assertThat(store.countByState(SaleEntries.SKU)).isEqualTo(Map.of(CardKeyState.SOLD, (long) CODES));
        assertThat(query("SELECT count(*) FROM cardkey_order WHERE state = 'SOLD'"))
                .isEqualTo(CODES);
        assertThat(query("SELECT count(*) FROM (SELECT unnest(card_key_ids) FROM cardkey_order) AS held"))
                .as("codes listed by orders")
                .isEqualTo(CODES);
        assertThat(query("SELECT count(DISTINCT id) FROM (SELECT unnest(card_key_ids) AS id FROM cardkey_order) AS h"))
                .as("distinct codes listed by orders: none sold twice")
                .isEqualTo(CODES);
        assertThat(query("SELECT count(*) FROM cardkey_card_key k JOIN cardkey_order o ON o.order_id = k.order_id"
                        + " WHERE k.id = ANY (o.card_key_ids)"))
                .as("codes whose order lists them")
                .isEqualTo(CODES);

        try (PostgresLedgerSealer sealer = PostgresLedgerSealer.open(database, LEDGER)) {
            sealer.sealPending();
            assertThat(sealer.refused()).isEmpty();
        }
        assertThat(outbox.pending()).isZero();
        try (Ledger ledger = Ledger.open(PostgresLedgerStore.open(database, LEDGER))) {
            VerificationResult verified = ledger.verify();
            // Per sale: reserve (code event, order event), confirm (code event, order event, the sale's posting).
            assertThat(verified.transactions()).isEqualTo(5L * CODES);
            assertThat(verified.rejections()).isZero();
            assertThat(ledger.balance(SaleEntries.REVENUE).creditsPosted())
                    .isEqualTo(CODES * (SaleEntries.PRICE - SaleEntries.UNIT_COST));
            assertThat(ledger.balance(SaleEntries.PAYMENTS).debitsPosted()).isEqualTo(CODES * SaleEntries.PRICE);
        }
        System.err.printf(
                "[cardkey-postgres] %d instances x %d threads sold %d codes in %.1f s (%.0f sales/s)%n",
                INSTANCES, THREADS, CODES, sellingMillis / 1000.0, CODES * 1000.0 / sellingMillis);
    }

    private long query(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
