package io.cardkey.ledger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process {@link LedgerCrashTest} kills: eight threads append transactions through a {@link Ledger} on the file
 * journal in {@code args[0]}, some alone and some in batches, and print {@code ack <batch id> <size> applied|rejected} once
 * an append has returned (so is durable). Transfers from the constrained wallet keep failing once it runs dry, so rejections are
 * recorded too.
 */
public final class LedgerCrashChild {
    static final AccountId CASH = AccountId.of("platform:cash");
    static final AccountId WALLET = AccountId.of("distributor:1:wallet");
    static final AccountId REVENUE = AccountId.of("platform:revenue");

    private LedgerCrashChild() {}

    /**
     * Runs until killed.
     *
     * @param args the data directory and the round number (it makes transaction ids unique across rounds)
     */
    public static void main(String[] args) {
        String round = args[1];
        Ledger ledger = Ledger.builder()
                .snapshotInterval(500)
                .open(FileLedgerStore.open(Path.of(args[0]), JournalCrashChild.OPTIONS));
        ledger.openAccount(Account.of(CASH, LedgerCrashTest.CNY));
        ledger.openAccount(Account.of(WALLET, LedgerCrashTest.CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(REVENUE, LedgerCrashTest.CNY));
        System.out.println("ready");
        System.out.flush();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.execute(() -> appendForever(ledger, round + "-" + thread, new Random(thread)));
        }
    }

    private static void appendForever(Ledger ledger, String prefix, Random random) {
        for (long n = 0; ; n++) {
            String batch = prefix + "-" + n;
            int size = random.nextInt(4) == 0 ? 2 + random.nextInt(20) : 1;
            List<Transaction> transactions = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                transactions.add(
                        random.nextBoolean()
                                ? Transaction.of(batch + "-" + i, "top-up", CASH, WALLET, 1 + random.nextInt(500))
                                : Transaction.builder(batch + "-" + i, "purchase")
                                        .posting(WALLET, REVENUE, 1 + random.nextInt(600))
                                        .metadata("batch", batch)
                                        .build());
            }
            String outcome = "applied";
            try {
                ledger.append(transactions);
            } catch (ConstraintViolationException e) {
                outcome = "rejected";
            }
            System.out.println("ack " + batch + " " + size + " " + outcome);
            System.out.flush();
        }
    }
}
