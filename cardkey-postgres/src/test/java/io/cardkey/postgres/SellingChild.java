package io.cardkey.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InsufficientStockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child process of {@link PostgresMultiProcessSaleTest}: one application instance. It sells from the shared stock
 * on {@code threads} threads until the stock is empty, runs a sealer beside them (competing with the other
 * instances' sealers), and prints {@code SOLD <n>} with the number of sales it completed.
 *
 * <p>Arguments: schema, instance number, threads. The server is read from {@code CARDKEY_PG_URL} in the environment,
 * so the password never appears on a command line.
 */
final class SellingChild {
    private SellingChild() {}

    public static void main(String[] args) throws Exception {
        String schema = args[0];
        String instance = args[1];
        int threads = Integer.parseInt(args[2]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(System.getenv("CARDKEY_PG_URL"));
        config.setSchema(schema);
        config.setMaximumPoolSize(threads + 1);
        config.setPoolName("instance-" + instance);
        try (HikariDataSource database = new HikariDataSource(config)) {
            PostgresInventoryStore store = PostgresInventoryStore.open(database);
            PostgresLedgerOutbox outbox = PostgresLedgerOutbox.open(database, PostgresMultiProcessSaleTest.LEDGER);
            AtomicBoolean selling = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            Future<?> sealing = pool.submit(() -> {
                try (PostgresLedgerSealer sealer =
                        PostgresLedgerSealer.open(database, PostgresMultiProcessSaleTest.LEDGER)) {
                    while (selling.get()) {
                        if (sealer.sealPending() == 0) {
                            Thread.sleep(50);
                        }
                    }
                }
                return null;
            });
            List<Future<Integer>> sellers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "i" + instance + "-t" + t + "-";
                sellers.add(pool.submit(() -> sellUntilEmpty(store, outbox, prefix)));
            }
            int sold = 0;
            for (Future<Integer> seller : sellers) {
                sold += seller.get();
            }
            selling.set(false);
            sealing.get();
            pool.shutdown();
            System.out.println("SOLD " + sold);
            System.out.flush();
        }
    }

    private static int sellUntilEmpty(PostgresInventoryStore store, PostgresLedgerOutbox outbox, String prefix) {
        int sold = 0;
        for (int i = 0; ; i++) {
            try {
                SaleEntries.sell(store, outbox, prefix + i, prefix + "buyer");
                sold++;
            } catch (InsufficientStockException none) {
                // The last free codes may be locked by reservations in flight elsewhere; stop only when none is left.
                if (store.countByState(SaleEntries.SKU).getOrDefault(CardKeyState.AVAILABLE, 0L) == 0) {
                    return sold;
                }
            }
        }
    }
}
