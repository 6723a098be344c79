package io.cardkey.benchmarks.postgres;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.postgres.PostgresCardKeys;
import io.cardkey.postgres.PostgresInventoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * CardKey on PostgreSQL as an application instance runs it: the {@link CardKeys} facade opened with {@link
 * PostgresCardKeys} (SKIP LOCKED allocation, each change committed with the ledger entries the facade decides in one
 * transaction, this instance's sealer chaining them in batches on a thread of its own). Only the stocking is set up
 * behind the facade's back, with SQL, so that a trial does not spend minutes sealing codes it never opens.
 */
final class PostgresShop implements AutoCloseable {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku SKU = Sku.of("GAME-100");
    static final long PRICE = 1000;
    static final long UNIT_COST = 800;
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    private final PgDatabase database;
    private final PostgresCardKeys shop;
    private final CardKeys cardKeys;
    private final PostgresInventoryStore store;
    private int batches;

    /** Opens an empty shop with {@code connections} for the callers and one more for the sealer. */
    PostgresShop(String name, int connections) {
        database = PgDatabase.open(name, connections + 1);
        shop = PostgresCardKeys.open(
                database.pool(), "books", CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)));
        cardKeys = shop.cardKeys();
        cardKeys.putProduct(new Product(SKU, "Game points", Money.ofMinor(PRICE, CNY), false));
        store = PostgresInventoryStore.open(database.pool());
        store.putBatch(
                new Batch("B1", SKU, "acme", Money.ofMinor(UNIT_COST, CNY), Batch.Source.IMPORTED, Optional.empty()));
    }

    /** Adds {@code count} available codes (their secrets are placeholders: a sale never opens them). */
    void stockAvailable(long count) {
        long first = store.reserveIds(Math.toIntExact(count));
        database.execute(
                "INSERT INTO cardkey_card_key (id, sku, batch_id, state, order_id, revealed, sales_count,"
                        + " masked_code, version, blind_index, sealed_secret) SELECT g, '" + SKU.code()
                        + "', 'B1', 'AVAILABLE', NULL, false, 0, '****', 1, int8send(g), '\\x01'::bytea"
                        + " FROM generate_series(?::bigint, ?::bigint) AS g",
                first,
                first + count - 1);
        database.execute("ANALYZE cardkey_card_key"); // as addCardKeys does after a large import
    }

    /**
     * Generates {@code count} codes through the facade (sealed, blind-indexed, recorded in the ledger) and marks them
     * sold with SQL, as if each had been bought; returns their plaintexts, to redeem.
     */
    List<String> stockSold(int count) {
        String batch = "G" + ++batches;
        List<String> codes = new ArrayList<>(count);
        cardKeys.generate(
                new Batch(batch, SKU, "self", Money.ofMinor(UNIT_COST, CNY), Batch.Source.GENERATED, Optional.empty()),
                count,
                code -> codes.add(code.code().utf8(ACCESS)));
        database.execute("UPDATE cardkey_card_key SET state = 'SOLD', order_id = 'stocked-sold', sales_count = 1,"
                + " version = version + 1 WHERE batch_id = '" + batch + "'");
        return codes;
    }

    /** Counts the codes of the product in one state. */
    long count(CardKeyState state) {
        return cardKeys.stock(SKU).getOrDefault(state, 0L);
    }

    /** Sells one code through the facade: reserve, then confirm the payment. */
    Order sell(String orderId, String buyer) {
        cardKeys.reserve(orderId, buyer, SKU, 1, Duration.ofMinutes(15));
        return cardKeys.confirm(orderId, new Payment("pay-" + orderId, Money.ofMinor(PRICE, CNY)))
                .order();
    }

    /** Redeems a code through the facade, crediting {@code account}. */
    CardKey redeem(String code, String account, String requestId) {
        return cardKeys.redeem(code, account, requestId, "bench");
    }

    /** Entries committed and not yet chained: how far the sealer is behind. */
    long pending() {
        return shop.pendingEntries();
    }

    /** Stops the sealer after it chained everything pending, checks nothing was refused, then drops the schema. */
    @Override
    public void close() {
        List<String> refused;
        try {
            shop.close();
            refused = shop.refusedEntries();
        } finally {
            store.close();
        }
        database.close();
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the ledger refused entries during the trial: " + refused);
        }
    }
}
