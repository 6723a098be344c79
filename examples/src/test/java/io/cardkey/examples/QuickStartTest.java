package io.cardkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    @Test
    void run_tellsTheWholeStoryAndPrintsCodesOnlyMasked() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(output)
                .contains("it opens to the typed code: true")
                .contains("refused: CheckCharacterMismatchException")
                .contains("sealed under the old key: true; after rewrap under the primary: true")
                .contains("both open to the same code: true")
                .doesNotContain("must never happen");
        assertThat(output.lines().filter(line -> line.startsWith("record ")))
                .hasSize(5)
                .allMatch(
                        line -> line.matches("record \\d  \\*{4}-\\*{4}-\\*{4}-[0-9A-Z]{4}-\\*  sealed in \\d+ bytes"));
    }
}
