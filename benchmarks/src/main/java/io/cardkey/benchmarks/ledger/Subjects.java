package io.cardkey.benchmarks.ledger;

import java.nio.file.Path;

/** Opens the implementation a benchmark's {@code impl} parameter names. */
final class Subjects {
    private Subjects() {}

    /**
     * Opens a fresh, empty ledger with the workload's accounts.
     *
     * @param impl {@code cardkey} (CardKey's ledger on its file journal), {@code h2} (durable: {@code CHECKPOINT SYNC}
     *     after each commit) or {@code h2-nosync} (H2's defaults)
     * @param directory an empty directory on a real disk
     * @return the subject
     * @throws IllegalArgumentException if {@code impl} is unknown
     */
    static LedgerSubject open(String impl, Path directory) {
        switch (impl) {
            case "cardkey":
                return new CardKeyLedger(directory);
            case "h2":
                return new H2Ledger(directory, true);
            case "h2-nosync":
                return new H2Ledger(directory, false);
            default:
                throw new IllegalArgumentException("impl was " + impl + "; must be cardkey, h2 or h2-nosync");
        }
    }
}
