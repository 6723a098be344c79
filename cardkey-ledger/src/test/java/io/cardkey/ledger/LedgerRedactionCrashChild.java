package io.cardkey.ledger;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process {@link LedgerRedactionCrashTest} kills: four threads append sales carrying a sensitive phone number
 * through a {@link Ledger} on the file journal in {@code args[0]} and redact about half of them at once, printing
 * {@code sale <id>} once an append has returned and {@code redacted <id>} once a redaction has returned.
 */
public final class LedgerRedactionCrashChild {
    static final AccountId CASH = AccountId.of("platform:cash");
    static final AccountId REVENUE = AccountId.of("platform:revenue");

    private LedgerRedactionCrashChild() {}

    /** The distinctive phone number of sale {@code id}, to search the files for. */
    static String phone(String id) {
        return "PHONE<" + id + ">";
    }

    /**
     * Runs until killed.
     *
     * @param args the data directory and the round number (it makes ids unique across rounds)
     */
    public static void main(String[] args) {
        String round = args[1];
        Ledger ledger = Ledger.builder()
                .snapshotInterval(200)
                .open(FileLedgerStore.open(Path.of(args[0]), JournalCrashChild.OPTIONS));
        ledger.openAccount(Account.of(CASH, LedgerCrashTest.CNY));
        ledger.openAccount(Account.of(REVENUE, LedgerCrashTest.CNY));
        System.out.println("ready");
        System.out.flush();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.execute(() -> run(ledger, round + "-" + thread, new Random(thread)));
        }
    }

    private static void run(Ledger ledger, String prefix, Random random) {
        for (long n = 0; ; n++) {
            String id = prefix + "-" + n;
            ledger.append(Transaction.builder(id, "card.sold")
                    .posting(CASH, REVENUE, 1 + random.nextInt(500))
                    .metadata("orderId", "o-" + id)
                    .sensitiveMetadata("buyerPhone", phone(id))
                    .build());
            System.out.println("sale " + id);
            System.out.flush();
            if (random.nextBoolean()) {
                ledger.redact(id, "buyerPhone", "crash-test", "erasure request for " + id);
                System.out.println("redacted " + id);
                System.out.flush();
            }
        }
    }
}
