package io.cardkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.VerificationResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
    @TempDir
    Path dataDirectory;

    @Test
    void run_tellsTheWholeStory_andItsLedgerVerifiesAfterReopening() throws IOException {
        String output = run();

        assertThat(output)
                .contains("import SUP-2026-11: 6 lines, 4 accepted, 1 duplicate in file (line [5]), 0 malformed")
                .contains("generate GEN-2026-11: 3 codes")
                .containsPattern("(?m)^o-1001 +alice +STEAM-100 +1 +100\\.00 +shop-a +SOLD$")
                .containsPattern("(?m)^o-1003 +bob +GIFT-50 +1 +50\\.00 +shop-a +SOLD$")
                .containsPattern("redeemed into wallet:bob: card key \\d+ is REDEEMED")
                .containsPattern("o-1002 is REFUNDED; card key \\d+ is VOIDED and never sold again")
                .containsPattern("(?m)^STEAM-100 +2 +1 +0 +1$")
                .containsPattern("(?m)^GIFT-50 +2 +0 +1 +0$")
                .containsPattern("(?m)^east-ga +general-agent +7\\.50 +0\\.00 +0\\.00$")
                .containsPattern("(?m)^shop-a +agent +7\\.50 +0\\.00 +0\\.00$")
                .containsPattern("(?m)^wallet:bob +50\\.00$")
                .contains("it checks against the checkpoint: true");
        assertThat(output)
                .containsPattern("(?m)^level 1 shop-a +5\\.00$")
                .containsPattern("(?m)^level 2 east-ga +5\\.00$");

        try (Ledger ledger = Ledger.open(FileLedgerStore.open(dataDirectory))) {
            VerificationResult reopened = ledger.verify();
            assertThat(reopened.records()).isPositive();
            assertThat(output).contains("ok: " + reopened.records() + " records, " + reopened.accounts() + " accounts");
        }
    }

    @Test
    void run_isTheSameOnEveryRun_apartFromTheMaskedCodes(@TempDir Path other) throws IOException {
        String first = masked(run());
        String second;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickStart.run(other, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        second = masked(bytes.toString(StandardCharsets.UTF_8));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void run_printsGeneratedCodesOnlyMasked() throws IOException {
        String output = run();

        assertThat(output.lines().filter(line -> line.startsWith("  card key ")))
                .hasSize(3)
                .allMatch(line -> line.matches("  card key \\d+  \\*{4}-\\*{4}-\\*{4}-[0-9A-Z]{4}-\\*"));
        assertThat(output).doesNotContainPattern("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(output).doesNotContain("7731-5512").doesNotContain("4410-8826");
    }

    private String run() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickStart.run(dataDirectory, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The output with the visible characters of each masked code blanked out. */
    private static String masked(String output) {
        return Pattern.compile("\\*{4}-\\*{4}-\\*{4}-[0-9A-Z]{4}-\\*")
                .matcher(output)
                .replaceAll("****-****-****-XXXX-*");
    }
}
