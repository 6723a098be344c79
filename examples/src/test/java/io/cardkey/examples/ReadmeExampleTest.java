package io.cardkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.crypto.BlindIndex;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import io.cardkey.crypto.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The code example of the README, line for line, so the README cannot drift from the API. */
class ReadmeExampleTest {
    @Test
    void readmeExample_sealsFindsAndOpensACode() {
        // README example begins
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM); // store it with keyset.wrapWithPassphrase(...)
        Sealer sealer = Sealer.of(keyset);
        BlindIndexer indexer = BlindIndexer.of(keyset);

        CodeGenerator generator = CodeGenerator.create(CodeFormat.standard(), 1_000_000);
        CardCode code = generator.generate(); // 80 random bits + a check character
        RecordBinding record = RecordBinding.of("my-shop", "GAME-100", "code-42");
        SealedSecret sealed = sealer.seal(code.normalised(), record); // what you store
        BlindIndex lookupKey = indexer.index(code.normalised()); // store toBytes() and keyId() to find it
        System.out.println(code.masked()); // ****-****-****-7K2Q-*: safe for logs

        Secret opened = sealer.open(sealed, record); // fails if the row was moved or edited
        // README example ends

        assertThat(opened.equalsSecret(code.normalised())).isTrue();
        assertThat(lookupKey.toBytes()).hasSize(16);
    }

    @Test
    void readme_showsExactlyTheLinesThisTestRuns() throws IOException {
        List<String> test = Files.readAllLines(
                Path.of("src/test/java/io/cardkey/examples/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
        List<String> readme = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);

        String tested = between(test, "// README example begins", "// README example ends").stream()
                .map(line -> line.replaceFirst("^ {8}", ""))
                .collect(Collectors.joining("\n"));
        String shown = String.join("\n", between(readme, "```java", "```"));
        assertThat(shown).isEqualTo(tested);
    }

    private static List<String> between(List<String> lines, String first, String last) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (from < 0 && line.equals(first)) {
                from = i + 1;
            } else if (from >= 0 && line.equals(last)) {
                return lines.subList(from, i);
            }
        }
        throw new AssertionError("no block between '" + first + "' and '" + last + "'");
    }
}
