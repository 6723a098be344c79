package io.cardkey.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.Money;
import io.cardkey.core.Payment;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A child process of {@link PostgresMultiProcessSaleTest}: one application instance. It opens the facade on the shared
 * database ({@link PostgresCardKeys}, whose sealer competes with the other instances' for the sealer role) and sells
 * through it on {@code threads} threads until the stock is empty (reserve, then confirm), then prints {@code SOLD <n>}
 * with the number of sales it completed.
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
        try (HikariDataSource database = new HikariDataSource(config);
                PostgresCardKeys shop = PostgresCardKeys.open(
                        database,
                        PostgresMultiProcessSaleTest.LEDGER,
                        CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> sellers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "i" + instance + "-t" + t + "-";
                sellers.add(pool.submit(() -> sellUntilEmpty(shop.cardKeys(), prefix)));
            }
            int sold = 0;
            for (Future<Integer> seller : sellers) {
                sold += seller.get();
            }
            pool.shutdown();
            System.out.println("SOLD " + sold);
            System.out.flush();
        }
    }

    private static int sellUntilEmpty(CardKeys cardKeys, String prefix) {
        int sold = 0;
        for (int i = 0; ; i++) {
            String orderId = prefix + i;
            try {
                cardKeys.reserve(
                        orderId, prefix + "buyer", PostgresMultiProcessSaleTest.SKU, 1, Duration.ofMinutes(15));
            } catch (InsufficientStockException none) {
                // The last free codes may be locked by reservations in flight elsewhere; stop only when none is left.
                if (cardKeys.stock(PostgresMultiProcessSaleTest.SKU).getOrDefault(CardKeyState.AVAILABLE, 0L) == 0) {
                    return sold;
                }
                continue;
            }
            cardKeys.confirm(
                    orderId,
                    new Payment(
                            "pay-" + orderId,
                            Money.ofMinor(PostgresMultiProcessSaleTest.PRICE, PostgresMultiProcessSaleTest.CNY)));
            sold++;
        }
    }
}
