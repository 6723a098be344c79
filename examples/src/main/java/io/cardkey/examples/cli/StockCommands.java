package io.cardkey.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.ImportReport;
import io.cardkey.core.Money;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.Tier;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.PairFormat;
import io.cardkey.crypto.PassphraseParameters;
import io.cardkey.examples.Table;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Setting up the shop and its stock: init, product, price, distributor, import, generate, stock. */
final class StockCommands {
    private StockCommands() {}

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Create the data directory, keyset and ledger.")
    static final class Init extends ShopCommand {
        @Option(
                names = "--kdf-memory-mib",
                paramLabel = "MIB",
                defaultValue = "64",
                description = "Argon2id memory for the passphrase, in MiB (default: ${DEFAULT-VALUE}).")
        int kdfMemoryMib;

        @Override
        public Integer call() throws Exception {
            if (kdfMemoryMib < 1 || kdfMemoryMib > PassphraseParameters.MAX_MEMORY_KIB / 1024) {
                throw new CliException("--kdf-memory-mib was " + kdfMemoryMib + "; must be between 1 and "
                        + PassphraseParameters.MAX_MEMORY_KIB / 1024);
            }
            PassphraseParameters kdf = PassphraseParameters.of(kdfMemoryMib * 1024, 3, 1);
            try (Shop shop = cli().init(kdf)) {
                run(shop);
            }
            return 0;
        }

        @Override
        void run(Shop shop) {
            if (json()) {
                ObjectNode node = object().put("initialised", shop.directory.toString());
                node.put("verifierKey", shop.verifierKey().encoded());
                print(node);
            } else {
                out().println("initialised " + shop.directory + ": keyset (AES-256-GCM, wrapped with your passphrase),"
                        + " ledger, checkpoint key");
                out().println("checkpoint verifier key: " + shop.verifierKey().encoded());
            }
        }
    }

    @Command(
            name = "product",
            mixinStandardHelpOptions = true,
            description = "Define products.",
            subcommands = ProductAdd.class)
    static final class ProductCommand extends GroupCommand {}

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Define a product (or change one).")
    static final class ProductAdd extends ShopCommand {
        @Option(names = "--sku", required = true, description = "The product's SKU.")
        String sku;

        @Option(names = "--name", required = true, description = "Its name.")
        String name;

        @Option(names = "--face", required = true, paramLabel = "AMOUNT", description = "Face value: the retail price.")
        String face;

        @Option(names = "--currency", required = true, paramLabel = "CUR", description = "ISO 4217 code, e.g. CNY.")
        String currency;

        @Override
        void run(Shop shop) throws IOException {
            Currency cur;
            try {
                cur = Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                throw new CliException("--currency was '" + currency + "'; must be an ISO 4217 code such as CNY");
            }
            if (shop.state.currency != null && !shop.state.currency.equals(cur.getCurrencyCode())) {
                throw new CliException("--currency was " + currency + "; this data directory sells in "
                        + shop.state.currency + " (one currency per shop)");
            }
            shop.state.currency = cur.getCurrencyCode();
            Money price = shop.money(face, "--face");
            Product product = new Product(Sku.of(sku), name, price, false);
            shop.state.products.put(sku, new ShopState.ProductEntry(name, face));
            shop.prices(shop.state, null, null);
            shop.cardKeys.putProduct(product);
            shop.save();
            if (json()) {
                print(object().put("sku", sku)
                        .put("name", name)
                        .put("face", price.toString())
                        .put("currency", cur.getCurrencyCode()));
            } else {
                out().println("product " + sku + " \"" + name + "\" at " + price);
            }
        }
    }

    @Command(
            name = "price",
            mixinStandardHelpOptions = true,
            description = "Set tier prices.",
            subcommands = PriceSet.class)
    static final class PriceCommand extends GroupCommand {}

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Set a tier's unit price for a product, or a quantity break with --min-qty.",
                "A new tier is placed below the tiers defined so far (define the top of the chain first), or at --rank."
            })
    static final class PriceSet extends ShopCommand {
        @Option(names = "--sku", required = true)
        String sku;

        @Option(names = "--tier", required = true, description = "The tier, e.g. general-agent or agent.")
        String tier;

        @Option(names = "--price", required = true, paramLabel = "AMOUNT")
        String price;

        @Option(names = "--min-qty", paramLabel = "N", defaultValue = "1", description = "From this quantity on.")
        long minQty;

        @Option(names = "--rank", paramLabel = "N", description = "A new tier's place: 0 is the top of the chain.")
        Integer rank;

        @Override
        void run(Shop shop) throws IOException {
            if (tier.equals(Shop.RETAIL.name())) {
                throw new CliException("--tier was retail; the retail price is the product's face value, set it with"
                        + " 'cardkey product add'");
            }
            if (!shop.state.products.containsKey(sku)) {
                throw new CliException("no product " + sku + "; add it with 'cardkey product add'");
            }
            if (minQty < 1) {
                throw new CliException("--min-qty was " + minQty + "; must be at least 1");
            }
            Optional<ShopState.TierEntry> known = shop.state.tier(tier);
            if (known.isPresent() && rank != null && known.get().rank() != rank) {
                throw new CliException("--rank was " + rank + " but tier " + tier + " already has rank "
                        + known.get().rank());
            }
            if (known.isEmpty()) {
                int next = shop.state.tiers.stream()
                        .mapToInt(t -> t.rank() + 1)
                        .max()
                        .orElse(0);
                int chosen = rank == null ? next : rank;
                if (chosen < 0 || chosen >= Shop.RETAIL.rank()) {
                    throw new CliException(
                            "--rank was " + chosen + "; must be between 0 and " + (Shop.RETAIL.rank() - 1));
                }
                Tier.of(tier, chosen);
                shop.state.tiers.add(new ShopState.TierEntry(tier, chosen));
            }
            Money amount = shop.money(price, "--price");
            shop.state.prices.removeIf(p -> p.sku().equals(sku) && p.tier().equals(tier) && p.minQty() == minQty);
            shop.state.prices.add(new ShopState.PriceEntry(sku, tier, minQty, price));
            shop.prices(shop.state, null, null);
            shop.save();
            if (json()) {
                print(object().put("sku", sku)
                        .put("tier", tier)
                        .put("rank", shop.tier(tier).rank())
                        .put("minQty", minQty)
                        .put("price", amount.toString()));
            } else {
                out().println("price " + sku + " for " + tier + (minQty > 1 ? " from " + minQty + " units" : "") + ": "
                        + amount);
            }
        }
    }

    @Command(
            name = "distributor",
            mixinStandardHelpOptions = true,
            description = "Manage the distribution tree.",
            subcommands = DistributorAdd.class)
    static final class DistributorCommand extends GroupCommand {}

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a distributor to the tree.")
    static final class DistributorAdd extends ShopCommand {
        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--tier", required = true, description = "Its price tier.")
        String tier;

        @Option(names = "--parent", description = "Its upline; none for a top-level (general) agent.")
        String parent;

        @Override
        void run(Shop shop) throws IOException {
            if (tier.equals(Shop.RETAIL.name())) {
                throw new CliException("--tier was retail; that is the customers' tier, a distributor needs its own");
            }
            Tier t = shop.tier(tier);
            io.cardkey.core.DistributorId d = io.cardkey.core.DistributorId.of(id);
            if (parent == null) {
                shop.tree.add(d, t);
            } else {
                shop.tree.add(d, t, shop.distributor(parent));
            }
            shop.state.distributors.add(new ShopState.DistributorEntry(id, tier, parent));
            shop.save();
            if (json()) {
                ObjectNode node = object().put("id", id).put("tier", tier);
                node.put("parent", parent);
                print(node);
            } else {
                out().println("distributor " + id + " (" + tier + ")"
                        + (parent == null ? " at the top of the tree" : " under " + parent));
            }
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import a supplier file: one code per line, or card number and password per line (cardno,password).",
                "All or nothing: a malformed line refuses the file unless --skip-malformed. Duplicates are skipped."
            })
    static final class Import extends ShopCommand {
        @Option(names = "--sku", required = true)
        String sku;

        @Option(names = "--batch", required = true, description = "A new batch id.")
        String batch;

        @Option(names = "--unit-cost", required = true, paramLabel = "AMOUNT", description = "What one code cost.")
        String unitCost;

        @Option(names = "--supplier", defaultValue = "supplier", description = "Who supplied the file.")
        String supplier;

        @Option(
                names = "--format",
                defaultValue = "auto",
                description = "codes, pairs, or auto (pairs if the first line has a comma or tab).")
        String format;

        @Option(names = "--header", description = "Skip the first line (a CSV header).")
        boolean header;

        @Option(names = "--skip-malformed", description = "Import the good lines of a file with malformed ones.")
        boolean skipMalformed;

        @Parameters(paramLabel = "FILE", description = "The supplier's file, UTF-8.")
        Path file;

        @Override
        void run(Shop shop) throws IOException {
            Product product = shop.product(sku);
            if (shop.state.batches.containsKey(batch)) {
                throw new CliException("batch " + batch + " already exists; give the import a new --batch");
            }
            Money cost = shop.money(unitCost, "--unit-cost");
            shop.prices(shop.state, sku, cost);
            ImportFormat importFormat = format(file);
            long size;
            try {
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                throw new CliException("cannot read " + file + ": no such file");
            }
            Progress progress = progress("import " + batch);
            ImportReport report;
            try (InputStream in = new Counting(Files.newInputStream(file), size, progress)) {
                report = shop.cardKeys.importFile(
                        new Batch(batch, product.sku(), supplier, cost, Batch.Source.IMPORTED, Optional.empty()),
                        in,
                        importFormat,
                        !skipMalformed);
            } finally {
                progress.finish();
            }
            if (report.committed()) {
                shop.state.batches.put(
                        batch,
                        new ShopState.BatchEntry(
                                sku, "IMPORTED", cost.toBigDecimal().toPlainString()));
                shop.save();
            }
            if (json()) {
                ObjectNode node = object().put("batch", batch)
                        .put("sku", sku)
                        .put("lines", report.lines())
                        .put("accepted", report.accepted())
                        .put("duplicatesInFile", report.duplicatesInFile())
                        .put("duplicatesInStock", report.duplicatesInStock())
                        .put("malformed", report.malformed())
                        .put("committed", report.committed());
                ArrayNode lines = node.putArray("malformedLines");
                report.malformedLines()
                        .forEach(m -> lines.addObject().put("line", m.line()).put("reason", m.reason()));
                ArrayNode duplicates = node.putArray("duplicateLines");
                report.duplicateInFileLines().forEach(duplicates::add);
                report.duplicateInStockLines().forEach(duplicates::add);
                print(node);
            } else {
                out().printf(
                                Locale.ROOT,
                                "import %s: %d lines, %d accepted, %d duplicate (%d in file, %d already in stock), %d malformed%n",
                                batch,
                                report.lines(),
                                report.accepted(),
                                report.duplicatesInFile() + report.duplicatesInStock(),
                                report.duplicatesInFile(),
                                report.duplicatesInStock(),
                                report.malformed());
                if (!report.malformedLines().isEmpty()) {
                    out().println("malformed lines: "
                            + report.malformedLines().stream()
                                    .map(m -> m.line() + " (" + m.reason() + ")")
                                    .collect(Collectors.joining(", ")));
                }
            }
            if (!report.committed()) {
                throw new CliException("import refused: " + report.malformed() + " malformed line(s), first at line "
                        + report.malformedLines().get(0).line()
                        + "; nothing was added (fix the file or pass --skip-malformed)");
            }
        }

        private ImportFormat format(Path path) throws IOException {
            ImportFormat chosen;
            switch (format) {
                case "codes" -> chosen = ImportFormat.codes(CodeFormat.supplierText());
                case "pairs" -> chosen = ImportFormat.pairs(PairFormat.supplierText());
                case "auto" ->
                    chosen = looksLikePairs(path)
                            ? ImportFormat.pairs(PairFormat.supplierText())
                            : ImportFormat.codes(CodeFormat.supplierText());
                default -> throw new CliException("--format was '" + format + "'; must be codes, pairs or auto");
            }
            return header ? chosen.withHeader() : chosen;
        }

        /** Whether the first non-blank line has a comma or a tab; only that fact leaves this method. */
        private static boolean looksLikePairs(Path path) throws IOException {
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        return line.indexOf(',') >= 0 || line.indexOf('\t') >= 0;
                    }
                }
                return false;
            } catch (NoSuchFileException e) {
                throw new CliException("cannot read " + path + ": no such file");
            } catch (java.nio.charset.MalformedInputException e) {
                throw new CliException("cannot read " + path + ": it is not UTF-8 text");
            }
        }
    }

    /** Counts the bytes read, to show how far an import is. */
    private static final class Counting extends FilterInputStream {
        private final long size;
        private final Progress progress;
        private long read;

        Counting(InputStream in, long size, Progress progress) {
            super(in);
            this.size = size;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(int n) {
            read += n;
            progress.update(read, Math.max(read, size), "bytes");
        }
    }

    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = {
                "Generate codes into a new batch. Their plaintext goes only to FILE, created readable by you alone.",
                "Keep that file safe and delete it once the codes are printed or delivered."
            })
    static final class Generate extends ShopCommand {
        @Option(names = "--sku", required = true)
        String sku;

        @Option(names = "--batch", required = true, description = "A new batch id.")
        String batch;

        @Option(names = "--count", required = true, paramLabel = "N")
        int count;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "A new file for the codes.")
        Path out;

        @Option(names = "--unit-cost", defaultValue = "0", paramLabel = "AMOUNT", description = "Default: 0.")
        String unitCost;

        @Override
        void run(Shop shop) throws IOException {
            Product product = shop.product(sku);
            if (shop.state.batches.containsKey(batch)) {
                throw new CliException("batch " + batch + " already exists; give the codes a new --batch");
            }
            if (count < 1 || count > CodeGenerator.MAX_BATCH) {
                throw new CliException("--count was " + count + "; must be between 1 and " + CodeGenerator.MAX_BATCH);
            }
            Money cost = shop.money(unitCost, "--unit-cost");
            shop.prices(shop.state, sku, cost);
            Writer writer;
            try {
                writer = new BufferedWriter(new OutputStreamWriter(
                        Channels.newOutputStream(Files.newByteChannel(
                                out,
                                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                Shop.ownerOnly(out, "rw-------"))),
                        StandardCharsets.UTF_8));
            } catch (FileAlreadyExistsException e) {
                throw new CliException("--out " + out + " already exists; codes are only written to a new file");
            } catch (NoSuchFileException e) {
                throw new CliException("--out " + out + " cannot be created: its directory does not exist");
            }
            Progress progress = progress("generate " + batch);
            long[] written = {0};
            int generated;
            try (Writer codes = writer) {
                progress.started("generating and sealing " + count + " codes");
                generated = shop.cardKeys
                        .generate(
                                new Batch(batch, product.sku(), "self", cost, Batch.Source.GENERATED, Optional.empty()),
                                count,
                                code -> {
                                    try {
                                        codes.write(Codes.display(code.code()));
                                        codes.write('\n');
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                    written[0]++;
                                    progress.update(written[0], count, "codes written");
                                })
                        .size();
            } catch (RuntimeException | IOException e) {
                progress.finish();
                if (written[0] == 0) {
                    Files.deleteIfExists(out);
                    throw e;
                }
                int frozen = shop.cardKeys.freezeBatch(batch);
                shop.state.batches.put(
                        batch,
                        new ShopState.BatchEntry(
                                sku, "GENERATED", cost.toBigDecimal().toPlainString()));
                shop.save();
                throw new CliException("writing " + out + " failed after " + written[0] + " codes ("
                        + Cli.oneLine(e) + "); the batch's " + frozen
                        + " codes were frozen");
            }
            progress.finish();
            shop.state.batches.put(
                    batch,
                    new ShopState.BatchEntry(
                            sku, "GENERATED", cost.toBigDecimal().toPlainString()));
            shop.save();
            if (json()) {
                print(object().put("batch", batch)
                        .put("sku", sku)
                        .put("generated", generated)
                        .put("out", out.toString()));
            } else {
                out().println("generated " + generated + " codes of " + sku + " into batch " + batch + "; plaintext in "
                        + out + " (readable by you only)");
            }
        }
    }

    @Command(name = "stock", mixinStandardHelpOptions = true, description = "Count codes per state.")
    static final class Stock extends ShopCommand {
        @Option(names = "--sku", description = "Only this product.")
        String sku;

        @Override
        void run(Shop shop) {
            List<String> skus = sku == null
                    ? List.copyOf(shop.state.products.keySet())
                    : List.of(shop.product(sku).sku().code());
            List<CardKeyState> states = List.of(CardKeyState.values());
            if (json()) {
                ObjectNode node = object();
                ObjectNode stock = node.putObject("stock");
                for (String s : skus) {
                    ObjectNode counts = stock.putObject(s);
                    Map<CardKeyState, Long> byState = shop.cardKeys.stock(Sku.of(s));
                    states.forEach(state -> counts.put(state.name(), byState.getOrDefault(state, 0L)));
                }
                print(node);
                return;
            }
            String[] headers = new String[states.size() + 1];
            headers[0] = "sku";
            for (int i = 0; i < states.size(); i++) {
                headers[i + 1] = " " + states.get(i).name().toLowerCase(Locale.ROOT);
            }
            Table table = new Table(headers);
            for (String s : skus) {
                Map<CardKeyState, Long> byState = shop.cardKeys.stock(Sku.of(s));
                Object[] row = new Object[states.size() + 1];
                row[0] = s;
                for (int i = 0; i < states.size(); i++) {
                    row[i + 1] = byState.getOrDefault(states.get(i), 0L);
                }
                table.row(row);
            }
            table.print(out());
        }
    }
}
