package io.cardkey.examples;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.CommissionPlan;
import io.cardkey.core.CommissionPolicy;
import io.cardkey.core.CommissionRule;
import io.cardkey.core.CommissionShare;
import io.cardkey.core.Confirmation;
import io.cardkey.core.DistributorId;
import io.cardkey.core.DistributorTree;
import io.cardkey.core.Earnings;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.ImportReport;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.Payment;
import io.cardkey.core.PriceList;
import io.cardkey.core.Product;
import io.cardkey.core.RevealedCode;
import io.cardkey.core.SaleSplit;
import io.cardkey.core.SalesVolumeTracker;
import io.cardkey.core.Sku;
import io.cardkey.core.Tier;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PairFormat;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.CheckpointSigner;
import io.cardkey.ledger.InclusionProof;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.SignedCheckpoint;
import io.cardkey.ledger.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The quick start: a small card shop's whole story on the embedded default, in one run.
 *
 * <p>It creates a data directory in a temporary folder and defines two products with tier prices (general agent,
 * agent, retail) and a two-level distributor chain (general agent → agent). It imports a supplier file of card
 * number + password pairs and generates a batch of the shop's own gift codes, sells through the chain, reveals an
 * order's code to its buyer, who redeems it, refunds one sale, prints stock, balances and commissions as tables,
 * verifies the ledger and prints an inclusion proof for one sale against a signed checkpoint.
 *
 * <p>Run it with {@code mvn -q -pl examples -am -DskipTests -Pquickstart package}. The shop's clock is fixed, so the
 * output is the same on every run apart from the random codes, which are only ever printed masked.
 */
public final class QuickStart {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final Sku STEAM = Sku.of("STEAM-100");
    static final Sku GIFT = Sku.of("GIFT-50");
    static final Tier GENERAL_AGENT = Tier.of("general-agent", 0);
    static final Tier AGENT = Tier.of("agent", 1);
    static final Tier RETAIL = Tier.of("retail", 2);
    static final DistributorId EAST = DistributorId.of("east-ga");
    static final DistributorId SHOP = DistributorId.of("shop-a");
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    /** A supplier's file as it arrives: a header, card number + password per line, and one line sent twice. */
    private static final String SUPPLIER_FILE = String.join(
            "\n",
            "card_no,password",
            "SC2026110001,7731-5512-0094-2218",
            "SC2026110002,4410-8826-3371-9054",
            "SC2026110003,9902-1147-6683-3309",
            "SC2026110002,4410-8826-3371-9054",
            "SC2026110004,2286-7093-5528-1170",
            "");

    private QuickStart() {}

    /**
     * Runs the quick start in a new temporary data directory, prints what happens, and deletes the directory.
     *
     * @param args ignored
     * @throws IOException if the temporary directory cannot be created or deleted
     */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createTempDirectory("cardkey-quickstart-");
        try {
            run(directory, System.out);
        } finally {
            deleteRecursively(directory);
        }
    }

    /**
     * Runs the whole story with {@code dataDirectory} as the shop's data directory.
     *
     * @return what the final verification of the ledger checked
     */
    static VerificationResult run(Path dataDirectory, PrintStream out) throws IOException {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PriceList prices = PriceList.builder(CNY)
                .product(STEAM, cny("85.00"))
                .tierPrice(STEAM, GENERAL_AGENT, cny("90.00"))
                .tierPrice(STEAM, AGENT, cny("95.00"))
                .tierPrice(STEAM, RETAIL, cny("100.00"))
                .product(GIFT, cny("0.00"))
                .tierPrice(GIFT, GENERAL_AGENT, cny("45.00"))
                .tierPrice(GIFT, AGENT, cny("47.50"))
                .tierPrice(GIFT, RETAIL, cny("50.00"))
                .build();
        // 卡盟 style: each level of the chain earns the difference between its price and its downline's.
        CommissionPolicy policy = CommissionPolicy.builder(prices)
                .defaultPlan(CommissionPlan.builder()
                        .level(1, CommissionRule.priceDifference())
                        .level(2, CommissionRule.priceDifference())
                        .build())
                .build();
        DistributorTree tree = DistributorTree.create();
        tree.add(EAST, GENERAL_AGENT);
        tree.add(SHOP, AGENT, EAST);
        SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);

        try (CardKeys shop = CardKeys.builder()
                .dataDirectory(dataDirectory)
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .clock(clock)
                .tenant("demo-shop")
                .commissions(
                        policy,
                        tree,
                        RETAIL,
                        volumes,
                        books -> Earnings.builder(books, CNY)
                                .clock(clock)
                                .volumes(volumes)
                                .build())
                .build()) {
            Earnings earnings = shop.earnings().orElseThrow();

            heading(out, "1. Products and tier prices (CNY)");
            shop.putProduct(new Product(STEAM, "Steam wallet 100", cny("100.00"), false));
            shop.putProduct(new Product(GIFT, "Shop gift card 50", cny("50.00"), false));
            Table catalogue = new Table("sku", "name", " supplier cost", " general-agent", " agent", " retail");
            for (Sku sku : List.of(STEAM, GIFT)) {
                catalogue.row(
                        sku,
                        shop.product(sku).orElseThrow().name(),
                        amount(prices.supplierCost(sku)),
                        amount(prices.quote(sku, GENERAL_AGENT, 1).unitPrice()),
                        amount(prices.quote(sku, AGENT, 1).unitPrice()),
                        amount(prices.quote(sku, RETAIL, 1).unitPrice()));
            }
            catalogue.print(out);

            heading(out, "2. Distributor chain");
            Table chain = new Table("distributor", "tier", "upline");
            for (DistributorId d : List.of(EAST, SHOP)) {
                chain.row(
                        d,
                        tree.tier(d).name(),
                        tree.upline(d).map(DistributorId::code).orElse("(platform)"));
            }
            chain.print(out);

            heading(out, "3. Stock: import a supplier file, generate a batch of gift codes");
            ImportReport report = shop.importFile(
                    new Batch(
                            "SUP-2026-11", STEAM, "acme-cards", cny("85.00"), Batch.Source.IMPORTED, Optional.empty()),
                    new ByteArrayInputStream(SUPPLIER_FILE.getBytes(StandardCharsets.UTF_8)),
                    ImportFormat.pairs(PairFormat.supplierText()).withHeader());
            out.printf(
                    Locale.ROOT,
                    "import SUP-2026-11: %d lines, %d accepted, %d duplicate in file (line %s), %d malformed%n",
                    report.lines(),
                    report.accepted(),
                    report.duplicatesInFile(),
                    report.duplicateInFileLines(),
                    report.malformed());
            List<CardKey> gifts = shop.generate(
                    new Batch("GEN-2026-11", GIFT, "self", cny("0.00"), Batch.Source.GENERATED, Optional.empty()), 3);
            out.printf(Locale.ROOT, "generate GEN-2026-11: %d codes%n", gifts.size());
            for (CardKey gift : gifts) {
                out.printf(Locale.ROOT, "  card key %d  %s%n", gift.id(), gift.maskedCode());
            }

            heading(out, "4. How one sale splits: STEAM-100 sold by shop-a at retail");
            SaleSplit split = policy.split(prices.quote(STEAM, RETAIL, 1), tree.chainOf(SHOP), NOW, volumes);
            Table parts = new Table("part", " CNY");
            parts.row("supplier cost", amount(split.supplierCost()));
            parts.row("platform margin", amount(split.platformMargin()));
            for (CommissionShare share : split.shares()) {
                parts.row("level " + share.level() + " " + share.distributor(), amount(share.amount()));
            }
            parts.row("price", amount(split.price()));
            parts.print(out);

            heading(out, "5. Sell through the chain (reserve, then confirm the payment)");
            Table sales = new Table("order", "buyer", "sku", " qty", " price", "seller", "state");
            Map<String, Confirmation> confirmed = new LinkedHashMap<>();
            for (String[] sale : new String[][] {
                {"o-1001", "alice", "STEAM-100"}, {"o-1002", "dave", "STEAM-100"}, {"o-1003", "bob", "GIFT-50"}
            }) {
                Order order = shop.reserve(sale[0], sale[1], Sku.of(sale[2]), 1, TTL);
                Confirmation c = shop.confirm(sale[0], new Payment("pay-" + sale[0], order.price()), SHOP);
                confirmed.put(sale[0], c);
                sales.row(
                        sale[0],
                        sale[1],
                        sale[2],
                        c.order().quantity(),
                        amount(c.order().price()),
                        SHOP,
                        c.order().state());
            }
            sales.print(out);

            heading(out, "6. Deliver o-1003 to bob, who redeems his gift code");
            List<RevealedCode> delivered =
                    shop.reveal("o-1003", confirmed.get("o-1003").deliveryToken());
            RevealedCode code = delivered.get(0);
            out.printf(Locale.ROOT, "revealed to bob: card key %d  %s%n", code.cardKeyId(), code.maskedCode());
            // Bob types it in lower case without hyphens; the code format normalises and checks it.
            String typed = code.code().utf8(ACCESS).replace("-", "").toLowerCase(Locale.ROOT);
            code.destroy();
            CardKey redeemed = shop.redeem(typed, "wallet:bob", "redeem-bob-1", "203.0.113.7");
            out.printf(Locale.ROOT, "redeemed into wallet:bob: card key %d is %s%n", redeemed.id(), redeemed.state());

            heading(out, "7. Refund o-1002 (dave changed his mind)");
            Order refunded = shop.refund("o-1002");
            long voided = refunded.cardKeyIds().get(0);
            out.printf(
                    Locale.ROOT,
                    "o-1002 is %s; card key %d is %s and never sold again%n",
                    refunded.state(),
                    voided,
                    shop.cardKey(voided).orElseThrow().state());

            heading(out, "8. Stock by state");
            List<CardKeyState> states =
                    List.of(CardKeyState.AVAILABLE, CardKeyState.SOLD, CardKeyState.REDEEMED, CardKeyState.VOIDED);
            Table stock =
                    new Table(Stream.concat(Stream.of("sku"), states.stream().map(s -> " " + s.name()))
                            .toArray(String[]::new));
            for (Sku sku : List.of(STEAM, GIFT)) {
                Map<CardKeyState, Long> counts = shop.stock(sku);
                Object[] row = new Object[states.size() + 1];
                row[0] = sku;
                for (int i = 0; i < states.size(); i++) {
                    row[i + 1] = counts.getOrDefault(states.get(i), 0L);
                }
                stock.row(row);
            }
            stock.print(out);

            heading(out, "9. Ledger balances (credit minus debit)");
            Ledger ledger = shop.ledger();
            Table balances = new Table("account", " CNY");
            for (Account account : ledger.accounts().stream()
                    .sorted(Comparator.comparing(Account::id))
                    .toList()) {
                long net = ledger.balance(account.id()).netCredit();
                if (net != 0) {
                    balances.row(account.id(), amount(Money.ofMinor(net, account.currency())));
                }
            }
            balances.print(out);

            heading(out, "10. Commissions (pending until the 7-day refund window closes)");
            Table commissions = new Table("distributor", "tier", " pending", " available", " debt");
            for (DistributorId d : List.of(EAST, SHOP)) {
                commissions.row(
                        d,
                        tree.tier(d).name(),
                        amount(earnings.pending(d)),
                        amount(earnings.available(d)),
                        amount(earnings.debt(d)));
            }
            commissions.print(out);

            heading(out, "11. Verify the ledger");
            VerificationResult verified = ledger.verify();
            out.printf(
                    Locale.ROOT,
                    "ok: %d records, %d accounts, %d transactions; every hash, link and balance checks%n",
                    verified.records(),
                    verified.accounts(),
                    verified.transactions());

            heading(out, "12. Prove that sale o-1001 is in the ledger");
            SignedCheckpoint checkpoint = ledger.checkpoint(CheckpointSigner.generate("demo-shop"));
            LedgerRecord sale = ledger.transaction("earn:sale:o-1001").orElseThrow();
            InclusionProof proof = ledger.proveInclusion(sale.sequence(), checkpoint.checkpoint());
            out.printf(
                    Locale.ROOT,
                    "record %d (earn:sale:o-1001) is leaf %d of a signed checkpoint over %d records%n",
                    sale.sequence(),
                    proof.leafIndex(),
                    proof.treeSize());
            out.printf(
                    Locale.ROOT,
                    "the proof has %d hashes; it checks against the checkpoint: %b%n",
                    proof.hashes().size(),
                    proof.verify(sale.canonicalBytes(), checkpoint.checkpoint()));
            return verified;
        }
    }

    private static void heading(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
    }

    static Money cny(String amount) {
        return Money.parse(amount, CNY);
    }

    /** The amount without its currency, for table cells under a currency heading. */
    static String amount(Money money) {
        return money.toBigDecimal().toPlainString();
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
