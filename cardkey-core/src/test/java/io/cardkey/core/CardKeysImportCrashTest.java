package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.LedgerRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an importing child JVM ({@code kill -9}) while it writes the ledger records of a large import or generated
 * batch, at a random point, and reopens the data directory after each kill: every file and batch is in stock whole or
 * not at all, every acknowledged one is in, a cut stocking gets exactly one abort record, the ledger verifies, and
 * importing the cut file again stocks all of it.
 */
@Tag("slow")
@Disabled("its own reach check fails on a quiet machine: after every kill the reopen finds no stocking to abort, "
        + "although kills land while the child imports; the journal grows in whole-megabyte steps, so the kill "
        + "trigger (journal bytes since the import began) does not say where the records are. Under investigation; "
        + "StockingRecoveryTest covers the recovery of cut stockings deterministically")
class CardKeysImportCrashTest {
    static final Sku IMPORTED = Sku.of("CRASH-IMPORT");
    static final Sku GENERATED = Sku.of("CRASH-GEN");
    static final int FILES = 3;
    static final int PER_FILE = 60_000;
    static final int BATCHES = 3;
    static final int PER_BATCH = 50_000;
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void killDuringImport_reopenHasEachFileWholeOrNotAtAll() throws Exception {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        Path keyFile = dir.resolve("test-keyset.bin");
        Files.write(keyFile, keyset.exportUnencrypted(PlaintextAccess.grant()));
        Path files = Files.createDirectories(dir.resolve("files"));
        for (int f = 0; f < FILES; f++) {
            writeFile(files.resolve("f" + f + ".txt"), f);
        }
        Path data = dir.resolve("data");
        Currency cny = Currency.getInstance("CNY");
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(keyset).dataDirectory(data).build()) {
            cardKeys.putProduct(new Product(IMPORTED, "imported", Money.ofMinor(100, cny), false));
            cardKeys.putProduct(new Product(GENERATED, "generated", Money.ofMinor(100, cny), false));
        }
        SplittableRandom random = new SplittableRandom();
        int acknowledgedFiles = 0;
        int acknowledgedBatches = 0;
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int[] next = check(keyset, data, acknowledgedFiles, acknowledgedBatches);
            if (next[0] == FILES && next[1] == BATCHES) {
                break;
            }
            Process child = start(data, keyFile, files, next);
            // Kill once the child has written a random 0.1 to 3 MB of ledger records since it began its first
            // stocking: part way through that stocking's records (a file's or a batch's are 4 to 6 MB).
            long killAfter = (long) (100_000 + random.nextDouble() * 2_900_000);
            AtomicInteger files0 = new AtomicInteger(acknowledgedFiles);
            AtomicInteger batches0 = new AtomicInteger(acknowledgedBatches);
            AtomicLong begun = new AtomicLong(-1);
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                Thread reader = new Thread(() -> readAcks(out, files0, batches0, () -> {
                    if (begun.get() < 0) {
                        begun.set(journalBytes(data));
                    }
                }));
                reader.start();
                while (child.isAlive() && (begun.get() < 0 || journalBytes(data) - begun.get() < killAfter)) {
                    Thread.sleep(1);
                }
                if (child.isAlive()) {
                    child.destroyForcibly();
                    kills++;
                }
                child.waitFor(30, TimeUnit.SECONDS);
                reader.join(10_000);
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            acknowledgedFiles = files0.get();
            acknowledgedBatches = batches0.get();
        }
        assertThat(kills).isPositive();
        // Let a child finish what is left, then everything is in stock exactly once.
        int[] next = check(keyset, data, acknowledgedFiles, acknowledgedBatches);
        assertThat(next[2]).as("stockings cut short by a kill").isPositive();
        Process child = start(data, keyFile, files, next);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            readAcks(out, new AtomicInteger(), new AtomicInteger(), () -> {});
        } finally {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        int[] done = check(keyset, data, FILES, BATCHES);
        assertThat(done[0]).isEqualTo(FILES);
        assertThat(done[1]).isEqualTo(BATCHES);
    }

    private static Process start(Path data, Path keyFile, Path files, int[] next) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashImporter.class.getName(),
                        data.toString(),
                        keyFile.toString(),
                        files.toString(),
                        Integer.toString(next[0]),
                        Integer.toString(next[1]))
                .redirectErrorStream(true)
                .start();
    }

    /**
     * Counts the child's acknowledged files and batches until its output ends, running {@code starting} each time it
     * begins a stocking.
     */
    private static void readAcks(BufferedReader out, AtomicInteger files, AtomicInteger batches, Runnable starting) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("IMPORTED ")) {
                    files.set(Integer.parseInt(line.split(" ")[1]) + 1);
                } else if (line.startsWith("GENERATED ")) {
                    batches.set(Integer.parseInt(line.split(" ")[1]) + 1);
                } else if (line.startsWith("IMPORTING ") || line.startsWith("GENERATING ")) {
                    starting.run();
                }
            }
        } catch (IOException killed) {
            // The child is gone; what it acknowledged was counted.
        }
    }

    /**
     * Reopens the data directory twice and checks it: whole files and batches only, at least the acknowledged ones,
     * one abort record per stocking cut short (the second open adds none), a ledger that verifies. Returns the next
     * file and batch to stock and how many stockings were aborted.
     */
    private static int[] check(Keyset keyset, Path data, int acknowledgedFiles, int acknowledgedBatches) {
        long aborts;
        int[] next;
        try (CardKeys reopened =
                CardKeys.builder().keyset(keyset).dataDirectory(data).build()) {
            assertThat(reopened.ledger().verify().records())
                    .isEqualTo(reopened.ledger().lastSequence());
            long imported = total(reopened.stock(IMPORTED));
            long generated = total(reopened.stock(GENERATED));
            assertThat(imported % PER_FILE).as("imported codes %d", imported).isZero();
            assertThat(generated % PER_BATCH)
                    .as("generated codes %d", generated)
                    .isZero();
            aborts = count(reopened, "cardkey.stocking-aborted");
            next = new int[] {(int) (imported / PER_FILE), (int) (generated / PER_BATCH), (int) aborts};
            assertThat(next[0]).isGreaterThanOrEqualTo(acknowledgedFiles);
            assertThat(next[1]).isGreaterThanOrEqualTo(acknowledgedBatches);
            assertThat(count(reopened, "cardkey.stocking-committed")).isEqualTo(next[0] + next[1]);
        }
        try (CardKeys again =
                CardKeys.builder().keyset(keyset).dataDirectory(data).build()) {
            assertThat(count(again, "cardkey.stocking-aborted")).isEqualTo(aborts);
        }
        return next;
    }

    private static long total(Map<CardKeyState, Long> stock) {
        return stock.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long count(CardKeys cardKeys, String type) {
        long[] n = {0};
        cardKeys.ledger().readRecords(1, cardKeys.ledger().lastSequence(), (LedgerRecord r) -> {
            if (r.transaction().filter(tx -> tx.type().equals(type)).isPresent()) {
                n[0]++;
            }
        });
        return n[0];
    }

    /** The bytes of the data directory's journal (the snapshots left out). */
    private static long journalBytes(Path data) {
        try (Stream<Path> walk = Files.walk(data)) {
            return walk.filter(p -> !p.toString().contains("inventory") && Files.isRegularFile(p))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            // A file went away between listing and sizing it; the next poll sees the rest.
            return 0;
        }
    }

    /** Writes {@link #PER_FILE} distinct supplier codes, different in every file. */
    private static void writeFile(Path file, int f) throws IOException {
        SplittableRandom random = new SplittableRandom(f);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < PER_FILE; i++) {
                out.write("CRASH-" + f + "-" + i + "-" + Long.toHexString(random.nextLong()) + "\n");
            }
        }
    }
}
