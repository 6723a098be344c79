package io.cardkey.core;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Optional;

/**
 * The child process of {@link CardKeysImportCrashTest}: imports supplier files {@code f<i>.txt} and generates batches
 * {@code G<i>} in turn, from the indexes it is given, printing each acknowledged one, until it is killed or done.
 */
final class CrashImporter {
    private CrashImporter() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Keyset keyset = Keyset.importUnencrypted(Files.readAllBytes(Path.of(args[1])), PlaintextAccess.grant());
        Path files = Path.of(args[2]);
        int nextFile = Integer.parseInt(args[3]);
        int nextBatch = Integer.parseInt(args[4]);
        Currency cny = Currency.getInstance("CNY");
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(keyset).dataDirectory(dir).build()) {
            System.out.println("READY");
            System.out.flush();
            while (nextFile < CardKeysImportCrashTest.FILES || nextBatch < CardKeysImportCrashTest.BATCHES) {
                if (nextFile < CardKeysImportCrashTest.FILES) {
                    Batch batch = new Batch(
                            "F" + nextFile,
                            CardKeysImportCrashTest.IMPORTED,
                            "acme",
                            Money.ofMinor(80, cny),
                            Batch.Source.IMPORTED,
                            Optional.empty());
                    try (InputStream in = new BufferedInputStream(
                            Files.newInputStream(files.resolve("f" + nextFile + ".txt")), 1 << 16)) {
                        ImportReport report =
                                cardKeys.importFile(batch, in, ImportFormat.codes(CodeFormat.supplierText()));
                        System.out.println("IMPORTED " + nextFile + " " + report.accepted());
                    }
                    nextFile++;
                }
                if (nextBatch < CardKeysImportCrashTest.BATCHES) {
                    cardKeys.generate(
                            new Batch(
                                    "G" + nextBatch,
                                    CardKeysImportCrashTest.GENERATED,
                                    "self",
                                    Money.ofMinor(0, cny),
                                    Batch.Source.GENERATED,
                                    Optional.empty()),
                            CardKeysImportCrashTest.PER_BATCH);
                    System.out.println("GENERATED " + nextBatch);
                    nextBatch++;
                }
                System.out.flush();
            }
            System.out.println("DONE");
            System.out.flush();
        }
    }
}
