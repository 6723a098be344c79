package io.cardkey.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.FileLedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code target/cardkey.jar} and the {@code cardkey} launcher in child processes, as an operator runs them:
 * exit statuses, the passphrase from the environment (and its absence without a terminal), and a data directory held
 * by another process. Runs after {@code package} (Failsafe), because it needs the jar.
 */
class CardKeyJarIT {
    static final Path JAR = Path.of("target", "cardkey.jar");
    static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path work;

    record Result(int status, String out, String err) {}

    Result cardkey(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--data",
                work.resolve("shop").toString()));
        command.addAll(List.of(args));
        return start(new ProcessBuilder(command), env);
    }

    Result cardkey(String... args) throws IOException, InterruptedException {
        return cardkey(Map.of(Cli.PASSPHRASE_VARIABLE, PASSPHRASE), args);
    }

    Result start(ProcessBuilder builder, Map<String, String> env) throws IOException, InterruptedException {
        builder.environment().remove(Cli.PASSPHRASE_VARIABLE);
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("cardkey finished")
                .isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Test
    void jar_runsAShop_fromInitToAVerifiedLedger() throws Exception {
        assertThat(cardkey("init", "--kdf-memory-mib", "8").status()).isZero();
        assertThat(cardkey(
                                "product",
                                "add",
                                "--sku",
                                "GIFT-50",
                                "--name",
                                "Gift card",
                                "--face",
                                "50.00",
                                "--currency",
                                "CNY")
                        .status())
                .isZero();
        Path codes = work.resolve("codes.txt");
        Result generated =
                cardkey("generate", "--sku", "GIFT-50", "--batch", "G1", "--count", "2", "--out", codes.toString());
        assertThat(generated.status()).isZero();
        assertThat(generated.err()).as("no log noise on success").isEmpty();
        Result sold = cardkey("sell", "--sku", "GIFT-50", "--qty", "1", "--order", "o-1", "--buyer", "bob");
        assertThat(sold.status()).isZero();
        assertThat(Files.readAllLines(codes))
                .contains(sold.out().lines().skip(1).findFirst().orElseThrow().strip());

        Result verified = cardkey("ledger", "verify");
        assertThat(verified.status()).isZero();
        assertThat(verified.out()).startsWith("ok: ");
    }

    @Test
    void jar_exitStatuses_areZeroOneAndTwo() throws Exception {
        assertThat(cardkey("--help").status()).isZero();
        Result usage = cardkey("stock", "--no-such-option");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option: '--no-such-option'");
        Result refused = cardkey("stock");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().lines())
                .containsExactly("cardkey: no CardKey data in " + work.resolve("shop")
                        + "; run 'cardkey init' first or pass --data DIR");
    }

    @Test
    void jar_withoutPassphraseOrTerminal_refusesAtOnce() throws Exception {
        Result r = cardkey(Map.of(), "init");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("cardkey: no passphrase: set CARDKEY_PASSPHRASE");
        assertThat(Files.exists(work.resolve("shop"))).isFalse();
    }

    @Test
    void jar_dataDirectoryHeldByAnotherProcess_isRefusedNamingThatProcess() throws Exception {
        assertThat(cardkey("init", "--kdf-memory-mib", "8").status()).isZero();

        try (FileLedgerStore held = FileLedgerStore.open(work.resolve("shop").resolve(Shop.LEDGER))) {
            Result r = cardkey("stock");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().lines())
                    .singleElement()
                    .asString()
                    .contains("is in use by process " + ProcessHandle.current().pid());
            assertThat(held.lastSequence()).isZero();
        }
        assertThat(cardkey("stock").status()).isZero();
    }

    @Test
    void launcherScript_runsTheJar() throws Exception {
        Path launcher = Path.of("cardkey").toAbsolutePath();
        assertThat(Files.isExecutable(launcher)).isTrue();

        Result r = start(new ProcessBuilder("sh", launcher.toString(), "--version"), Map.of());

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("cardkey 0.1.0\n");
    }
}
