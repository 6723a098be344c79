package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Money;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.VerificationResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
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
 * 100,000 codes through the facade ({@link PostgresCardKeys}): exactly 100,000 are sold, none twice, every sale's
 * ledger entries (as the facade decides them) are chained once, and the ledger verifies. Each instance runs a sealer,
 * so the sealer role is contested the whole time.
 */
@Tag("slow")
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresMultiProcessSaleTest {
    static final String LEDGER = "books";
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku SKU = Sku.of("GAME-100");
    static final long PRICE = 1000;
    static final long UNIT_COST = 800;
    private static final AccountId PAYMENTS = AccountId.of("cardkey:payments:CNY");
    private static final AccountId REVENUE = AccountId.of("cardkey:revenue:CNY");
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
        try (PostgresCardKeys shop = PostgresCardKeys.open(
                database, LEDGER, CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)))) {
            shop.cardKeys().putProduct(new Product(SKU, "Game points", Money.ofMinor(PRICE, CNY), false));
            for (int batch = 0; batch < CODES / 10_000; batch++) {
                shop.cardKeys()
                        .generate(
                                new Batch(
                                        "B" + batch,
                                        SKU,
                                        "acme",
                                        Money.ofMinor(UNIT_COST, CNY),
                                        Batch.Source.GENERATED,
                                        Optional.empty()),
                                10_000);
            }
        }
        PostgresInventoryStore store = PostgresInventoryStore.open(database);
        PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(database, LEDGER);

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
        assertThat(store.countByState(SKU)).isEqualTo(Map.of(CardKeyState.SOLD, (long) CODES));
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
            assertThat(verified.rejections()).isZero();
            Map<String, Long> types = new HashMap<>();
            ledger.readRecords(
                    1,
                    ledger.lastSequence(),
                    r -> r.transaction().ifPresent(tx -> types.merge(tx.type(), 1L, Long::sum)));
            // Per sale, as the facade records it: the reservation's event and the confirmation's (each the order's,
            // carrying its one code; the confirmation's also the sale's postings).
            assertThat(types).containsEntry("order.reserved", (long) CODES).containsEntry("order.sold", (long) CODES);
            assertThat(ledger.balance(REVENUE).creditsPosted()).isEqualTo(CODES * (PRICE - UNIT_COST));
            assertThat(ledger.balance(PAYMENTS).debitsPosted()).isEqualTo(CODES * PRICE);
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
