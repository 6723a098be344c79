package io.cardkey.benchmarks.core;

import io.cardkey.benchmarks.BenchDirectories;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKeys;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.ImportReport;
import io.cardkey.core.Money;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.IterationParams;

/**
 * A durable CardKey shop for the sales and redemption benchmarks: {@link CardKeys} on a fresh data directory under
 * {@code -Dcardkey.bench.dir} (set by {@code benchmarks/run} to a directory on the repository's disk, so every
 * acknowledged operation waits for a real {@code fsync}; never a tmpfs), one product priced 10.00 CNY whose codes
 * cost 8.00, deleted again by {@link #close()}.
 *
 * <p>Sales and redemptions use up codes, so each measured iteration gets a shop of its own, stocked in the
 * iteration's (unmeasured) setup with {@link #stockFor} codes: the iteration's length times {@code
 * -Dcardkey.bench.stockPerSecond} (default {@value #DEFAULT_STOCK_PER_SECOND}). A benchmark that sells faster than
 * that runs out of stock and fails rather than measure anything else. Not thread-safe to set up; the {@link
 * CardKeys} inside is.
 */
final class SalesShop implements AutoCloseable {
    /** The product sold. */
    static final Sku SKU = Sku.of("bench-card");
    /** Its currency. */
    static final Currency CNY = Currency.getInstance("CNY");
    /** The price of one code. */
    static final Money PRICE = Money.ofMinor(1_000, CNY);
    /** What one code cost the shop. */
    static final Money COST = Money.ofMinor(800, CNY);
    /** How long a benchmark's reservation is held: long enough never to expire during a run. */
    static final Duration TTL = Duration.ofMinutes(30);
    /** Codes stocked per second of iteration unless {@code -Dcardkey.bench.stockPerSecond} says otherwise. */
    static final int DEFAULT_STOCK_PER_SECOND = 250_000;

    private static final int ORDER_SIZE = 10_000;
    private static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);

    private final Path directory;
    private final CardKeys cardKeys;
    private int batches;

    private SalesShop(Path directory) {
        this.directory = directory;
        this.cardKeys = CardKeys.builder()
                .keyset(KEYSET)
                .dataDirectory(directory)
                .buyerCap(Long.MAX_VALUE)
                .build();
        cardKeys.putProduct(new Product(SKU, "benchmark card", PRICE, false));
    }

    /**
     * Opens an empty shop in a fresh data directory.
     *
     * @param name the directory's name prefix
     * @return the shop
     */
    static SalesShop open(String name) {
        return new SalesShop(BenchDirectories.newDirectory(name));
    }

    /**
     * Returns how many codes an iteration needs: its length times the stock rate.
     *
     * @param iteration the iteration about to run
     * @return the number of codes to stock
     */
    static int stockFor(IterationParams iteration) {
        int perSecond = Integer.getInteger("cardkey.bench.stockPerSecond", DEFAULT_STOCK_PER_SECOND);
        long millis = iteration.getTime().convertTo(TimeUnit.MILLISECONDS);
        return Math.toIntExact(Math.max(1_000, millis * perSecond / 1_000));
    }

    /** Returns the shop's instance. */
    CardKeys cardKeys() {
        return cardKeys;
    }

    /**
     * Generates {@code count} codes into stock.
     *
     * @param count how many
     */
    void generate(int count) {
        cardKeys.generate(batch(Batch.Source.GENERATED, "self"), count);
    }

    /**
     * Imports {@code count} codes of the standard format from a supplier file and sells them all, in orders of
     * {@value #ORDER_SIZE}, so that they can be redeemed.
     *
     * @param count how many
     * @return their plaintext, as a user would type them
     */
    String[] importAndSell(int count) {
        String[] codes = new String[count];
        ByteArrayOutputStream file = new ByteArrayOutputStream(count * 24);
        PlaintextAccess access = PlaintextAccess.grant();
        CodeGenerator generator = CodeGenerator.create(CodeFormat.standard(), count);
        for (int i = 0; i < count; i++) {
            CardCode code = generator.generate();
            codes[i] = code.display(access);
            code.destroy();
            file.writeBytes(codes[i].getBytes(StandardCharsets.US_ASCII));
            file.write('\n');
        }
        ImportReport report = cardKeys.importFile(
                batch(Batch.Source.IMPORTED, "bench-supplier"),
                new ByteArrayInputStream(file.toByteArray()),
                ImportFormat.codes(CodeFormat.standard()));
        if (report.accepted() != count) {
            throw new IllegalStateException("the import accepted " + report.accepted() + " of " + count + " codes");
        }
        for (int sold = 0, order = 0; sold < count; order++) {
            int quantity = Math.min(ORDER_SIZE, count - sold);
            String orderId = "setup-" + batches + "-" + order;
            cardKeys.reserve(orderId, "setup", SKU, quantity, TTL);
            cardKeys.confirm(orderId, new Payment("setup-pay-" + batches + "-" + order, PRICE.multipliedBy(quantity)));
            sold += quantity;
        }
        return codes;
    }

    private Batch batch(Batch.Source source, String supplier) {
        return new Batch("B" + batches++, SKU, supplier, COST, source, Optional.empty());
    }

    /** Closes the instance and deletes its data directory. */
    @Override
    public void close() {
        cardKeys.close();
        BenchDirectories.delete(directory);
    }
}
