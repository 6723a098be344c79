package io.cardkey.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardkey.ledger.CheckpointVerifierKey;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.InclusionProof;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cardkey CLI end to end, in-process: every command, its JSON, and every failure path of issue 7. */
class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> ENV = Map.of(Cli.PASSPHRASE_VARIABLE, "correct horse battery staple");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path work;

    Path data;

    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeEach
    void setUp() {
        data = work.resolve("shop");
    }

    Result run(String... args) {
        return runWith(ENV, args);
    }

    Result runWith(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> line = new ArrayList<>(List.of("--data", data.toString()));
        line.addAll(List.of(args));
        int status = Cli.execute(
                new Cli(env, () -> null, false, CLOCK),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                line.toArray(String[]::new));
        return new Result(status, out.toString(), err.toString());
    }

    Result ok(String... args) {
        Result r = run(args);
        assertThat(r.status())
                .as("exit status of %s; stderr: %s", List.of(args), r.err())
                .isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    /** A refused operation: status 1, one line on stderr, starting with "cardkey: ". */
    Result refused(String... args) {
        Result r = run(args);
        assertThat(r.status())
                .as("exit status of %s; stdout: %s", List.of(args), r.out())
                .isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("cardkey: ");
        return r;
    }

    /** A usage error: status 2, picocli's message and the command's usage on stderr, nothing on stdout. */
    Result usage(String... args) {
        Result r = run(args);
        assertThat(r.status()).as("exit status of %s", List.of(args)).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: cardkey");
        return r;
    }

    JsonNode json(String... args) throws IOException {
        List<String> line = new ArrayList<>(List.of(args));
        line.add("--json");
        return JSON.readTree(ok(line.toArray(String[]::new)).out());
    }

    /** init, two products with tier prices, the chain east-ga -> shop-a, a supplier import and a generated batch. */
    Path setUpShop() throws IOException {
        ok("init", "--kdf-memory-mib", "8");
        ok(
                "product",
                "add",
                "--sku",
                "STEAM-100",
                "--name",
                "Steam wallet 100",
                "--face",
                "100.00",
                "--currency",
                "CNY");
        ok("product", "add", "--sku", "GIFT-50", "--name", "Gift card 50", "--face", "50.00", "--currency", "CNY");
        ok("price", "set", "--sku", "STEAM-100", "--tier", "general-agent", "--price", "90.00");
        ok("price", "set", "--sku", "STEAM-100", "--tier", "agent", "--price", "95.00");
        ok("price", "set", "--sku", "STEAM-100", "--tier", "agent", "--price", "94.00", "--min-qty", "10");
        ok("price", "set", "--sku", "GIFT-50", "--tier", "general-agent", "--price", "45.00");
        ok("price", "set", "--sku", "GIFT-50", "--tier", "agent", "--price", "47.50");
        ok("distributor", "add", "--id", "east-ga", "--tier", "general-agent");
        ok("distributor", "add", "--id", "shop-a", "--tier", "agent", "--parent", "east-ga");
        Path supplier = work.resolve("supplier.csv");
        Files.writeString(
                supplier,
                "SC2026110001,7731-5512-0094-2218\nSC2026110002,4410-8826-3371-9054\n"
                        + "SC2026110002,4410-8826-3371-9054\nSC2026110003,9902-1147-6683-3309\n",
                StandardCharsets.UTF_8);
        Result imported = ok(
                "import",
                "--sku",
                "STEAM-100",
                "--batch",
                "SUP-1",
                "--unit-cost",
                "85.00",
                "--supplier",
                "acme",
                supplier.toString());
        assertThat(imported.out())
                .isEqualTo("import SUP-1: 4 lines, 3 accepted, 1 duplicate (1 in file, 0 already in stock),"
                        + " 0 malformed\n");
        Path codes = work.resolve("gift-codes.txt");
        Result generated =
                ok("generate", "--sku", "GIFT-50", "--batch", "GEN-1", "--count", "3", "--out", codes.toString());
        assertThat(generated.out()).startsWith("generated 3 codes of GIFT-50 into batch GEN-1; plaintext in ");
        return codes;
    }

    @Test
    void init_createsAPrivateDataDirectory_andASecondInitIsRefused() throws IOException {
        Result r = ok("init", "--kdf-memory-mib", "8");

        assertThat(r.out()).startsWith("initialised " + data).contains("checkpoint verifier key: cardkey-shop+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keyset.bin"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("cardkey.json"))))
                .isEqualTo("rw-------");
        assertThat(refused("init", "--kdf-memory-mib", "8").err()).contains("already initialised");
    }

    @Test
    void tour_everyCommandWorks_andStateSurvivesBetweenRuns() throws IOException {
        Path codes = setUpShop();
        List<String> gift = Files.readAllLines(codes);
        assertThat(gift).hasSize(3).allMatch(c -> c.matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-."));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(codes)))
                .isEqualTo("rw-------");

        assertThat(ok("stock").out())
                .containsPattern("(?m)^STEAM-100 +3 +0 +0 +0 +0 +0 +0 +0$")
                .containsPattern("(?m)^GIFT-50 +3 +0 +0 +0 +0 +0 +0 +0$");

        Result sold = ok(
                "sell",
                "--sku",
                "STEAM-100",
                "--qty",
                "1",
                "--order",
                "o-1",
                "--distributor",
                "shop-a",
                "--buyer",
                "alice");
        assertThat(sold.out())
                .startsWith("order o-1: 1 x STEAM-100 to alice for CNY 100.00 through shop-a, SOLD\n")
                .containsPattern("(?m)^  SC202611000[1-3]  password \\d{4}-\\d{4}-\\d{4}-\\d{4}$");
        Result again = ok("reveal", "--order", "o-1", "--buyer", "alice");
        assertThat(again.out()).isEqualTo(sold.out());

        Result bob = ok("sell", "--sku", "GIFT-50", "--qty", "1", "--order", "o-2", "--buyer", "bob");
        String bobsCode = bob.out().lines().skip(1).findFirst().orElseThrow().strip();
        assertThat(gift).contains(bobsCode);
        String typed = bobsCode.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        assertThat(ok("redeem", typed, "--account", "wallet:bob", "--source", "203.0.113.7")
                        .out())
                .matches(
                        "redeemed \\*{4}-\\*{4}-\\*{4}-[0-9A-Z]{4}-\\* \\(GIFT-50, card key \\d+\\): CNY 50.00 credited"
                                + " to wallet:bob\n");

        ok("sell", "--sku", "STEAM-100", "--qty", "1", "--order", "o-3", "--distributor", "shop-a", "--buyer", "dave");
        assertThat(ok("refund", "--order", "o-3").out())
                .isEqualTo("refunded order o-3: CNY 100.00; 1 code(s) voided\n");

        assertThat(ok("freeze", "--batch", "GEN-1").out()).isEqualTo("batch GEN-1: 2 code(s) frozen\n");
        String unsoldGift =
                gift.stream().filter(c -> !c.equals(bobsCode)).findFirst().orElseThrow();
        assertThat(ok("unfreeze", "--code", unsoldGift).out()).endsWith(" is AVAILABLE\n");
        assertThat(ok("freeze", "--code", unsoldGift).out()).endsWith(" is FROZEN\n");

        assertThat(ok("stock", "--sku", "STEAM-100").out()).containsPattern("(?m)^STEAM-100 +1 +0 +1 +0 +1 +0 +0 +0$");
        assertThat(ok("stock", "--sku", "GIFT-50").out()).containsPattern("(?m)^GIFT-50 +0 +0 +0 +1 +0 +0 +2 +0$");

        assertThat(ok("balances").out())
                .containsPattern("(?m)^cardkey:dist:shop-a:pending:CNY +CNY 5\\.00 ")
                .containsPattern("(?m)^cardkey:dist:east-ga:pending:CNY +CNY 5\\.00 ")
                .containsPattern("(?m)^wallet:bob +CNY 50\\.00 ");
        assertThat(ok("balances", "--account", "wallet:bob").out().lines()).hasSize(3);

        assertThat(ok("statement", "--distributor", "shop-a", "--period", "2026-11")
                        .out())
                .startsWith("statement of shop-a for 2026-11 (UTC)\n")
                .containsPattern("sales as seller \\(2\\) +CNY 200\\.00")
                .containsPattern("refunds of those sales +CNY 100\\.00")
                .containsPattern("earned at level 1 +CNY 10\\.00")
                .containsPattern("reversed in the hold period +CNY 5\\.00")
                .containsPattern("pending at the end +CNY 5\\.00");
        assertThat(ok("statement", "--distributor", "east-ga").out()).containsPattern("earned at level 2 +CNY 10\\.00");

        assertThat(ok("history", "--code", bobsCode).out())
                .contains("cardkey.stocked", "order.reserved", "order.sold", "cardkey.revealed")
                .containsPattern("is REDEEMED");
        assertThat(ok("history", "--code", "SC2026110001").out()).contains("(STEAM-100, batch SUP-1)");

        assertThat(ok("ledger", "verify").out()).startsWith("ok: ").contains("0 earlier checkpoint(s) match");
        assertThat(ok("ledger", "verify").out()).contains("1 earlier checkpoint(s) match");

        Result rotated = ok("keys", "rotate");
        assertThat(rotated.out()).startsWith("rotated: primary key ");
        assertThat(ok("reveal", "--order", "o-1", "--buyer", "alice").out())
                .as("codes sealed under the old key still open")
                .isEqualTo(sold.out());
        ok(
                "generate",
                "--sku",
                "GIFT-50",
                "--batch",
                "GEN-2",
                "--count",
                "2",
                "--out",
                work.resolve("more.txt").toString());
        assertThat(ok("ledger", "verify").out()).contains("2 earlier checkpoint(s) match");
        assertThat(Files.readString(data.resolve("cardkey.json")))
                .doesNotContain(bobsCode)
                .doesNotContain("7731-5512");
    }

    @Test
    void ledgerProve_printsAProofThatAnOutsiderCanCheck() throws IOException {
        setUpShop();
        ok("sell", "--sku", "STEAM-100", "--qty", "2", "--order", "o-1", "--distributor", "shop-a");

        JsonNode proof = JSON.readTree(ok("ledger", "prove", "--order", "o-1").out());

        assertThat(proof.get("transaction").asText()).isEqualTo("earn:sale:o-1");
        assertThat(proof.get("verified").asBoolean()).isTrue();
        var checkpoint = CheckpointVerifierKey.parse(proof.get("verifierKey").asText())
                .open(proof.get("checkpoint").asText())
                .checkpoint();
        List<String> hashes = StreamSupport.stream(proof.get("hashes").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
        InclusionProof inclusion = InclusionProof.ofBase64(
                proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(), hashes);
        byte[] leaf = Base64.getDecoder().decode(proof.get("leafData").asText());
        assertThat(inclusion.verify(leaf, checkpoint)).isTrue();
        leaf[leaf.length - 1] ^= 1;
        assertThat(inclusion.verify(leaf, checkpoint)).isFalse();

        ok("sell", "--sku", "GIFT-50", "--qty", "1", "--order", "o-2");
        assertThat(JSON.readTree(ok("ledger", "prove", "--order", "o-2").out())
                        .get("transaction")
                        .asText())
                .as("a direct sale is proven by the inventory's own posting")
                .isEqualTo("sale:o-2");
    }

    @Test
    void json_everyCommandPrintsOneJsonDocument() throws IOException {
        Path codes = work.resolve("codes.txt");
        assertThat(json("init", "--kdf-memory-mib", "8").get("verifierKey").asText())
                .startsWith("cardkey-shop+");
        assertThat(json("product", "add", "--sku", "G", "--name", "Gift", "--face", "10.00", "--currency", "CNY")
                        .get("face")
                        .asText())
                .isEqualTo("CNY 10.00");
        assertThat(json("price", "set", "--sku", "G", "--tier", "ga", "--price", "9.00")
                        .get("rank")
                        .asInt())
                .isZero();
        assertThat(json("price", "set", "--sku", "G", "--tier", "agent", "--price", "9.50")
                        .get("rank")
                        .asInt())
                .isEqualTo(1);
        assertThat(json("distributor", "add", "--id", "top", "--tier", "ga")
                        .get("parent")
                        .isNull())
                .isTrue();
        assertThat(json("distributor", "add", "--id", "d1", "--tier", "agent", "--parent", "top")
                        .get("parent")
                        .asText())
                .isEqualTo("top");
        Path file = work.resolve("codes.csv");
        Files.writeString(file, "AAA-111\nBBB-222\n");
        JsonNode imported = json("import", "--sku", "G", "--batch", "S1", "--unit-cost", "8.00", file.toString());
        assertThat(imported.get("accepted").asLong()).isEqualTo(2);
        assertThat(imported.get("committed").asBoolean()).isTrue();
        assertThat(json("generate", "--sku", "G", "--batch", "G1", "--count", "2", "--out", codes.toString())
                        .get("generated")
                        .asInt())
                .isEqualTo(2);
        assertThat(json("stock").get("stock").get("G").get("AVAILABLE").asLong())
                .isEqualTo(4);
        JsonNode sold =
                json("sell", "--sku", "G", "--qty", "4", "--order", "o1", "--distributor", "d1", "--buyer", "b");
        assertThat(sold.get("codes")).hasSize(4);
        assertThat(json("reveal", "--order", "o1", "--buyer", "b").get("codes")).hasSize(4);
        String generated = Files.readAllLines(codes).get(0);
        assertThat(json("history", "--code", generated).get("records")).isNotEmpty();
        assertThat(json("redeem", generated, "--account", "wallet:b")
                        .get("state")
                        .asText())
                .isEqualTo("REDEEMED");
        assertThat(json("freeze", "--batch", "S1").get("frozen").asInt()).isEqualTo(2);
        assertThat(json("unfreeze", "--code", "AAA-111").get("state").asText()).isEqualTo("SOLD");
        assertThat(json("balances", "--account", "wallet:b")
                        .get("balances")
                        .get(0)
                        .get("balance")
                        .asText())
                .isEqualTo("10.00");
        assertThat(json("statement", "--distributor", "d1", "--period", "2026-11")
                        .has("distributor"))
                .isTrue();
        assertThat(json("ledger", "verify").get("ok").asBoolean()).isTrue();
        assertThat(json("ledger", "prove", "--order", "o1").get("verified").asBoolean())
                .isTrue();
        assertThat(json("keys", "rotate").get("active")).hasSize(2);
    }

    @Test
    void badInput_exitsOneWithOneLineNamingWhatAndWhy() throws IOException {
        Path codes = setUpShop();

        assertThat(refused("product", "add", "--sku", "X", "--name", "X", "--face", "10.0x", "--currency", "CNY")
                        .err())
                .contains("--face was '10.0x'");
        assertThat(refused("product", "add", "--sku", "X", "--name", "X", "--face", "10", "--currency", "USD")
                        .err())
                .contains("this data directory sells in CNY");
        assertThat(refused("product", "add", "--sku", "X", "--name", "X", "--face", "10", "--currency", "XYZW")
                        .err())
                .contains("--currency was 'XYZW'");
        assertThat(refused("price", "set", "--sku", "STEAM-100", "--tier", "retail", "--price", "99")
                        .err())
                .contains("retail price is the product's face value");
        assertThat(refused("price", "set", "--sku", "STEAM-100", "--tier", "agent", "--price", "80.00")
                        .err())
                .as("below the supplier cost")
                .contains("supplier cost");
        assertThat(refused("price", "set", "--sku", "NOPE", "--tier", "agent", "--price", "1")
                        .err())
                .contains("no product NOPE");
        assertThat(refused("distributor", "add", "--id", "x", "--tier", "agent", "--parent", "nobody")
                        .err())
                .contains("no distributor nobody");
        assertThat(refused("distributor", "add", "--id", "shop-a", "--tier", "agent", "--parent", "east-ga")
                        .err())
                .contains("shop-a");
        assertThat(refused("distributor", "add", "--id", "y", "--tier", "vip").err())
                .contains("no tier vip");

        Path malformed = work.resolve("bad.txt");
        Files.writeString(malformed, "GOOD-1\n\u0001\u0002\nGOOD-2\n");
        Result refusedImport =
                refused("import", "--sku", "STEAM-100", "--batch", "SUP-2", "--unit-cost", "85", malformed.toString());
        assertThat(refusedImport.out()).contains("1 malformed").contains("malformed lines: 2 (");
        assertThat(refusedImport.err()).contains("import refused: 1 malformed line(s), first at line 2");
        assertThat(refused(
                                "import",
                                "--sku",
                                "STEAM-100",
                                "--batch",
                                "SUP-1",
                                "--unit-cost",
                                "85",
                                malformed.toString())
                        .err())
                .contains("batch SUP-1 already exists");
        assertThat(refused(
                                "import",
                                "--sku",
                                "STEAM-100",
                                "--batch",
                                "SUP-3",
                                "--unit-cost",
                                "85",
                                work.resolve("missing.txt").toString())
                        .err())
                .contains("no such file");
        assertThat(refused(
                                "import",
                                "--sku",
                                "STEAM-100",
                                "--batch",
                                "SUP-3",
                                "--unit-cost",
                                "99",
                                malformed.toString())
                        .err())
                .as("a cost above a tier price")
                .contains("supplier cost");
        assertThat(ok(
                                "import",
                                "--sku",
                                "STEAM-100",
                                "--batch",
                                "SUP-4",
                                "--unit-cost",
                                "85",
                                "--skip-malformed",
                                malformed.toString())
                        .out())
                .contains("2 accepted");

        assertThat(refused(
                                "generate",
                                "--sku",
                                "GIFT-50",
                                "--batch",
                                "GEN-9",
                                "--count",
                                "1",
                                "--out",
                                codes.toString())
                        .err())
                .contains("already exists; codes are only written to a new file");
        assertThat(refused(
                                "generate",
                                "--sku",
                                "GIFT-50",
                                "--batch",
                                "GEN-9",
                                "--count",
                                "0",
                                "--out",
                                work.resolve("x.txt").toString())
                        .err())
                .contains("--count was 0");
        assertThat(Files.exists(work.resolve("x.txt"))).isFalse();

        assertThat(refused("sell", "--sku", "GIFT-50", "--qty", "4", "--order", "big")
                        .err())
                .contains("GIFT-50 has 3 codes available; 4 were requested");
        assertThat(refused("sell", "--sku", "GIFT-50", "--qty", "1", "--order", "o-x", "--distributor", "nobody")
                        .err())
                .contains("no distributor nobody");
        assertThat(ok("stock", "--sku", "GIFT-50").out())
                .as("nothing stays reserved after a refused sale")
                .containsPattern("(?m)^GIFT-50 +3 +0 ");
        ok("sell", "--sku", "GIFT-50", "--qty", "1", "--order", "o-1", "--buyer", "bob");
        assertThat(refused("reveal", "--order", "o-1", "--buyer", "mallory").err())
                .contains("not sold to mallory");
        assertThat(refused("reveal", "--order", "o-404", "--buyer", "bob").err())
                .contains("no order o-404");

        String code = Files.readAllLines(codes).get(0);
        Result unknown = refused("redeem", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-1", "--account", "wallet:x");
        assertThat(unknown.err()).doesNotContain("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        refused("redeem", "not a code", "--account", "wallet:x");
        refused("redeem", code, "--account", "cardkey:revenue:CNY");
        refused("refund", "--order", "o-404");
        assertThat(refused("freeze", "--batch", "NOPE").err()).contains("no batch NOPE");
        assertThat(refused("history", "--code", "ZZZZ-ZZZZ").err()).contains("no code in stock matches");
        assertThat(refused("statement", "--distributor", "shop-a", "--period", "November")
                        .err())
                .contains("--period was 'November'");
        assertThat(refused("statement", "--distributor", "nobody").err()).contains("no distributor nobody");
        assertThat(refused("balances", "--account", "nobody").err()).contains("no ledger account nobody");
        assertThat(refused("ledger", "prove", "--order", "o-404").err()).contains("has no sale in the ledger");
    }

    @Test
    void redeem_twice_isRefusedWithTheCodesStateAndNoPlaintext() throws IOException {
        setUpShop();
        Result sold = ok("sell", "--sku", "GIFT-50", "--qty", "1", "--order", "o-1", "--buyer", "bob");
        String code = sold.out().lines().skip(1).findFirst().orElseThrow().strip();
        ok("redeem", code, "--account", "wallet:bob");

        Result twice = refused("redeem", code, "--account", "wallet:bob");

        assertThat(twice.err())
                .contains("is REDEEMED; only a sold code can be redeemed")
                .doesNotContain(code);
        assertThat(refused("refund", "--order", "o-1").err()).contains("REDEEMED");
    }

    @Test
    void usageErrors_exitTwo() throws IOException {
        ok("init", "--kdf-memory-mib", "8");

        assertThat(usage().err()).contains("a command is required");
        assertThat(usage("bogus").err()).contains("Unmatched argument");
        assertThat(usage("product").err()).contains("a subcommand is required: add");
        assertThat(usage("product", "add", "--sku", "X").err()).contains("Missing required options");
        assertThat(usage("freeze", "--batch", "B", "--code", "C").err()).contains("mutually exclusive");
        assertThat(usage("freeze").err()).contains("Missing required argument");
        assertThat(usage("sell", "--sku", "X", "--qty", "many", "--order", "o").err())
                .contains("'many'");
        assertThat(usage("import", "--sku", "X", "--batch", "B", "--unit-cost", "1")
                        .err())
                .contains("FILE");
        assertThat(usage("ledger").err()).contains("verify, prove");
        assertThat(usage("keys", "rotate", "--passphrase", "secret").err()).contains("Unknown option");
    }

    @Test
    void progress_onATerminal_goesToStderrOnly_andStdoutIsUnchanged() throws IOException {
        ok("init", "--kdf-memory-mib", "8");
        ok("product", "add", "--sku", "G", "--name", "Gift", "--face", "10.00", "--currency", "CNY");
        Path file = work.resolve("codes.txt");
        Files.writeString(file, "AAA-111\nBBB-222\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Cli.execute(
                new Cli(ENV, () -> null, true, CLOCK),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "--data",
                data.toString(),
                "import",
                "--sku",
                "G",
                "--batch",
                "S1",
                "--unit-cost",
                "1",
                file.toString());

        assertThat(status).isZero();
        assertThat(err.toString())
                .startsWith("\rimport S1: ")
                .contains("100% (")
                .endsWith("\n");
        assertThat(out.toString()).startsWith("import S1: 2 lines, 2 accepted");

        StringWriter generateErr = new StringWriter();
        Cli.execute(
                new Cli(ENV, () -> null, true, CLOCK),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(generateErr, true),
                "--data",
                data.toString(),
                "generate",
                "--sku",
                "G",
                "--batch",
                "G1",
                "--count",
                "5",
                "--out",
                work.resolve("g.txt").toString());
        assertThat(generateErr.toString())
                .contains("generate G1: generating and sealing 5 codes")
                .contains("100% (5 of 5 codes written)");
        StringWriter verifyErr = new StringWriter();
        Cli.execute(
                new Cli(ENV, () -> null, true, CLOCK),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(verifyErr, true),
                "--data",
                data.toString(),
                "ledger",
                "verify");
        assertThat(verifyErr.toString()).startsWith("\rledger verify: checking ");
    }

    @Test
    void help_exitsZeroAndListsEveryCommand() {
        Result help = ok("--help");

        assertThat(help.out())
                .contains("init", "product", "price", "distributor", "import", "generate", "stock", "sell", "reveal")
                .contains("redeem", "refund", "freeze", "unfreeze", "balances", "statement", "history", "ledger")
                .contains("keys", "CARDKEY_PASSPHRASE");
    }

    @Test
    void dataDirectoryInUse_isRefusedNamingTheProcess() throws IOException {
        ok("init", "--kdf-memory-mib", "8");

        try (FileLedgerStore holder = FileLedgerStore.open(data.resolve(Shop.LEDGER))) {
            Result r = refused("stock");
            assertThat(r.err())
                    .contains("data directory " + data + " is in use by process "
                            + ProcessHandle.current().pid());
            assertThat(holder.lastSequence()).as("init writes no record").isZero();
        }
        ok("stock");
    }

    @Test
    void passphrase_wrongOrMissing_isRefused_andNeverTakenFromAnArgument() throws IOException {
        ok("init", "--kdf-memory-mib", "8");

        Result wrong = runWith(Map.of(Cli.PASSPHRASE_VARIABLE, "wrong"), "stock");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("cardkey: wrong passphrase for the keyset in " + data + "\n");

        Result missing = runWith(Map.of(), "stock");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no passphrase: set CARDKEY_PASSPHRASE or run cardkey in a terminal");

        data = work.resolve("elsewhere");
        Result notInitialised = run("stock");
        assertThat(notInitialised.status()).isEqualTo(1);
        assertThat(notInitialised.err()).contains("run 'cardkey init' first");
        assertThat(Files.exists(work.resolve("elsewhere"))).isFalse();
    }
}
