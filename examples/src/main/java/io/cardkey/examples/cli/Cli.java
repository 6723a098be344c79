package io.cardkey.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardkey.crypto.PassphraseParameters;
import io.cardkey.crypto.Secret;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code cardkey}: run a small card shop's stock and books from the command line, on the embedded default.
 *
 * <p>Every command takes {@code --data DIR} (default {@code ./cardkey-data}) and {@code --json}. The keyset passphrase
 * comes from {@code CARDKEY_PASSPHRASE} or is asked for on the terminal, never from an argument (arguments show in
 * the process list and the shell history). Exit status: 0 success, 1 a refused operation or bad input (one line on
 * stderr naming what and why), 2 a usage error.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
@Command(
        name = "cardkey",
        mixinStandardHelpOptions = true,
        version = "cardkey 0.1.0",
        description = "Run a card-key shop's stock and books: products, prices, distributors, codes, sales, ledger.",
        footer = {
            "",
            "The keyset passphrase comes from CARDKEY_PASSPHRASE or is asked for on the terminal.",
            "Exit status: 0 success, 1 refused operation or bad input, 2 usage error."
        },
        subcommands = {
            StockCommands.Init.class,
            StockCommands.ProductCommand.class,
            StockCommands.PriceCommand.class,
            StockCommands.DistributorCommand.class,
            StockCommands.Import.class,
            StockCommands.Generate.class,
            StockCommands.Stock.class,
            SalesCommands.Sell.class,
            SalesCommands.Reveal.class,
            SalesCommands.Redeem.class,
            SalesCommands.Refund.class,
            SalesCommands.Freeze.class,
            SalesCommands.Unfreeze.class,
            BooksCommands.Balances.class,
            BooksCommands.Statement.class,
            BooksCommands.History.class,
            BooksCommands.LedgerCommand.class,
            BooksCommands.KeysCommand.class
        })
public final class Cli implements Runnable {
    /** The environment variable the passphrase is read from. */
    public static final String PASSPHRASE_VARIABLE = "CARDKEY_PASSPHRASE";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--data",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            defaultValue = "cardkey-data",
            description = "The data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print machine-readable JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Supplier<Console> console;
    private final boolean progress;
    private final Clock clock;

    /**
     * Creates the command for one run.
     *
     * @param environment the process environment (only {@value #PASSPHRASE_VARIABLE} is read)
     * @param console the terminal to ask for the passphrase on, or a supplier of {@code null} without one
     * @param progress whether to show progress on stderr (when stderr is a terminal)
     * @param clock the shop's clock
     */
    public Cli(Map<String, String> environment, Supplier<Console> console, boolean progress, Clock clock) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.console = Objects.requireNonNull(console, "console");
        this.progress = progress;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code cardkey} with the process's environment, terminal and clock, and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Cli cli = new Cli(System.getenv(), System::console, stderrIsTerminal(), Clock.systemUTC());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(cli, out, err, args));
    }

    /**
     * Runs one command line.
     *
     * @param cli the command, with its environment
     * @param out where results go
     * @param err where errors, prompts' companions and progress go
     * @param args the command line
     * @return the exit status: 0, 1 (refused or bad input) or 2 (usage)
     */
    public static int execute(Cli cli, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("cardkey: " + oneLine(e));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The message of a failure as one line; a bug (an exception the CLI does not expect) names its type too. */
    static String oneLine(Exception e) {
        Throwable shown = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = shown.getMessage() == null ? "" : shown.getMessage();
        boolean expected = shown instanceof CliException
                || shown instanceof IllegalArgumentException
                || shown instanceof RuntimeException
                        && shown.getClass().getName().startsWith("io.cardkey.");
        String text = expected ? message : shown.getClass().getSimpleName() + ": " + message;
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    Shop open() throws IOException {
        Secret passphrase = passphrase(false);
        return Shop.open(data, passphrase, clock);
    }

    Shop init(PassphraseParameters kdf) throws IOException {
        return Shop.init(data, passphrase(true), kdf, clock);
    }

    Clock clock() {
        return clock;
    }

    boolean progress() {
        return progress;
    }

    /** The passphrase from the environment, else asked for on the terminal (twice when choosing a new one). */
    private Secret passphrase(boolean choosing) {
        String fromEnvironment = environment.get(PASSPHRASE_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Secret.ofUtf8(fromEnvironment);
        }
        Console terminal = console.get();
        if (terminal == null) {
            throw new CliException(
                    "no passphrase: set " + PASSPHRASE_VARIABLE + " or run cardkey in a terminal to be asked for it");
        }
        char[] first = terminal.readPassword(choosing ? "New passphrase for %s: " : "Passphrase for %s: ", data);
        if (first == null || first.length == 0) {
            throw new CliException("no passphrase was entered");
        }
        try {
            if (choosing) {
                char[] again = terminal.readPassword("Repeat the passphrase: ");
                try {
                    if (again == null || !Arrays.equals(first, again)) {
                        throw new CliException("the two passphrases differ; nothing was created");
                    }
                } finally {
                    if (again != null) {
                        Arrays.fill(again, '\0');
                    }
                }
            }
            return Secret.ofUtf8(CharBuffer.wrap(first));
        } finally {
            Arrays.fill(first, '\0');
        }
    }

    /** Prints a JSON document on stdout. */
    static void print(PrintWriter out, ObjectNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Whether stderr is a terminal: on Linux what fd 2 points at; elsewhere whether the JVM has a console. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return System.console() != null;
        }
    }
}
