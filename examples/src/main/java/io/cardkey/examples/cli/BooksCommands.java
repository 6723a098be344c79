package io.cardkey.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardkey.core.CardKey;
import io.cardkey.core.DistributorId;
import io.cardkey.core.EarningsStatement;
import io.cardkey.core.Money;
import io.cardkey.core.RewrapReport;
import io.cardkey.core.Sku;
import io.cardkey.crypto.Keyset;
import io.cardkey.examples.Table;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Balance;
import io.cardkey.ledger.CheckpointVerifierKey;
import io.cardkey.ledger.InclusionProof;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerVerificationException;
import io.cardkey.ledger.ProofVerificationException;
import io.cardkey.ledger.SignedCheckpoint;
import io.cardkey.ledger.Transaction;
import io.cardkey.ledger.VerificationResult;
import java.io.IOException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The books: balances, statements, a code's history, ledger verification and proofs, keys. */
final class BooksCommands {
    /** Checking the newest checkpoints is enough: each one's root covers every record before it. */
    private static final int CHECKPOINTS_KEPT = 16;

    private BooksCommands() {}

    @Command(name = "balances", mixinStandardHelpOptions = true, description = "Ledger balances: credit minus debit.")
    static final class Balances extends ShopCommand {
        @Option(names = "--account", description = "Only this account.")
        String account;

        @Override
        void run(Shop shop) {
            List<Account> accounts;
            if (account == null) {
                accounts = shop.ledger.accounts().stream()
                        .sorted(Comparator.comparing(Account::id))
                        .toList();
            } else {
                AccountId id;
                try {
                    id = AccountId.of(account);
                } catch (IllegalArgumentException e) {
                    throw new CliException("--account was '" + account + "'; " + e.getMessage());
                }
                accounts = List.of(
                        shop.ledger.account(id).orElseThrow(() -> new CliException("no ledger account " + account)));
            }
            ObjectNode node = object();
            ArrayNode list = node.putArray("balances");
            Table table = new Table("account", " balance", " debits", " credits");
            for (Account a : accounts) {
                Balance b = shop.ledger.balance(a.id());
                Money net = Money.ofMinor(b.netCredit(), a.currency());
                list.addObject()
                        .put("account", a.id().value())
                        .put("currency", a.currency().getCurrencyCode())
                        .put("balance", net.toBigDecimal().toPlainString())
                        .put(
                                "debits",
                                Money.ofMinor(b.debitsPosted(), a.currency())
                                        .toBigDecimal()
                                        .toPlainString())
                        .put(
                                "credits",
                                Money.ofMinor(b.creditsPosted(), a.currency())
                                        .toBigDecimal()
                                        .toPlainString());
                table.row(
                        a.id(),
                        net,
                        Money.ofMinor(b.debitsPosted(), a.currency())
                                .toBigDecimal()
                                .toPlainString(),
                        Money.ofMinor(b.creditsPosted(), a.currency())
                                .toBigDecimal()
                                .toPlainString());
            }
            if (json()) {
                print(node);
            } else {
                table.print(out());
            }
        }
    }

    @Command(name = "statement", mixinStandardHelpOptions = true, description = "A distributor's commission statement.")
    static final class Statement extends ShopCommand {
        @Option(names = "--distributor", required = true)
        String distributor;

        @Option(names = "--period", paramLabel = "YYYY-MM", description = "A month (default: this month, UTC).")
        String period;

        @Override
        void run(Shop shop) {
            DistributorId d = shop.distributor(distributor);
            YearMonth month;
            try {
                month = period == null ? YearMonth.now(shop.clock) : YearMonth.parse(period);
            } catch (DateTimeParseException e) {
                throw new CliException("--period was '" + period + "'; must be a month such as 2026-11");
            }
            EarningsStatement s = shop.earnings()
                    .statement(
                            d,
                            month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                            month.plusMonths(1)
                                    .atDay(1)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant());
            if (json()) {
                out().println(s.toJson());
                return;
            }
            out().println("statement of " + distributor + " for " + month + " (UTC)");
            Table table = new Table("item", " amount");
            table.row("sales as seller (" + s.salesCount() + ")", s.salesAmount());
            table.row("refunds of those sales", s.salesRefunded());
            s.earningsByLevel().forEach(l -> table.row("earned at level " + l.level(), l.amount()));
            table.row("reversed in the hold period", s.reversedInHold());
            table.row("clawed back after it", s.clawedBack());
            table.row("released to available", s.released());
            table.row("withdrawn", s.withdrawals());
            table.row("pending at the end", s.closing().pending());
            table.row("available at the end", s.closing().available());
            table.row("debt at the end", s.closing().debt());
            table.print(out());
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "The full history of one code.")
    static final class History extends ShopCommand {
        @Option(names = "--code", required = true, description = "The code, as typed.")
        String code;

        @Override
        void run(Shop shop) {
            CardKey key = shop.cardKeys
                    .lookup(code)
                    .orElseThrow(() -> new CliException("no code in stock matches the --code given"));
            List<LedgerRecord> records = shop.cardKeys.history(key.id());
            ObjectNode node = object().put("cardKeyId", key.id())
                    .put("masked", key.maskedCode())
                    .put("sku", key.sku().code())
                    .put("batch", key.batchId())
                    .put("state", key.state().name());
            ArrayNode list = node.putArray("records");
            Table table = new Table(" seq", "time", "event", "id");
            for (LedgerRecord r : records) {
                String type =
                        r.transaction().map(Transaction::type).orElse(r.kind().name());
                String id = r.transaction().map(Transaction::id).orElse("");
                list.addObject()
                        .put("sequence", r.sequence())
                        .put("timestamp", r.timestamp().toString())
                        .put("event", type)
                        .put("id", id)
                        .put("hash", r.hashHex());
                table.row(r.sequence(), r.timestamp(), type, id);
            }
            if (json()) {
                print(node);
            } else {
                out().println("card key " + key.id() + " " + key.maskedCode() + " (" + key.sku() + ", batch "
                        + key.batchId() + ") is " + key.state());
                table.print(out());
            }
        }
    }

    @Command(
            name = "ledger",
            mixinStandardHelpOptions = true,
            description = "Verify the ledger and prove what is in it.",
            subcommands = {Verify.class, Prove.class})
    static final class LedgerCommand extends GroupCommand {}

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Verify every record's hash and link, every balance, and the checkpoints signed before.",
                "Then sign a checkpoint of the verified head, so a later rewrite of these records is caught."
            })
    static final class Verify extends ShopCommand {
        @Override
        void run(Shop shop) throws IOException {
            Progress progress = progress("ledger verify");
            progress.started("checking " + shop.ledger.lastSequence() + " records");
            VerificationResult result;
            int checkpoints = 0;
            try {
                result = shop.ledger.verify();
                CheckpointVerifierKey key = shop.verifierKey();
                for (String note : shop.state.checkpoints) {
                    SignedCheckpoint signed = key.open(note);
                    try {
                        shop.ledger.verifyCheckpoint(signed.checkpoint());
                    } catch (ProofVerificationException e) {
                        throw new CliException("the checkpoint signed over the first "
                                + signed.checkpoint().treeSize() + " records no longer matches them: "
                                + e.getMessage());
                    }
                    checkpoints++;
                }
            } catch (LedgerVerificationException e) {
                throw new CliException(
                        "ledger verification failed at record " + e.getSequence() + ": " + e.getReason());
            } finally {
                progress.finish();
            }
            SignedCheckpoint now = shop.checkpoint();
            while (shop.state.checkpoints.size() > CHECKPOINTS_KEPT) {
                shop.state.checkpoints.remove(0);
            }
            shop.save();
            if (json()) {
                print(object().put("ok", true)
                        .put("records", result.records())
                        .put("accounts", result.accounts())
                        .put("transactions", result.transactions())
                        .put("checkpointsVerified", checkpoints)
                        .put("headHash", result.headHash())
                        .put("checkpoint", now.note()));
            } else {
                out().printf(
                                Locale.ROOT,
                                "ok: %d records, %d accounts, %d transactions; %d earlier checkpoint(s) match%n",
                                result.records(),
                                result.accounts(),
                                result.transactions(),
                                checkpoints);
                out().println("head " + result.headHash() + ", signed as checkpoint "
                        + now.checkpoint().treeSize());
            }
        }
    }

    @Command(
            name = "prove",
            mixinStandardHelpOptions = true,
            description = "Print an inclusion proof of an order's sale as JSON, against a newly signed checkpoint.")
    static final class Prove extends ShopCommand {
        @Option(names = "--order", required = true)
        String order;

        @Override
        void run(Shop shop) throws IOException {
            Optional<LedgerRecord> sale =
                    shop.ledger.transaction("earn:sale:" + order).or(() -> shop.ledger.transaction("sale:" + order));
            LedgerRecord record =
                    sale.orElseThrow(() -> new CliException("order " + order + " has no sale in the ledger"));
            SignedCheckpoint checkpoint = shop.checkpoint();
            InclusionProof proof = shop.ledger.proveInclusion(record.sequence(), checkpoint.checkpoint());
            ObjectNode node = object().put("order", order)
                    .put(
                            "transaction",
                            record.transaction().map(Transaction::id).orElseThrow())
                    .put("sequence", record.sequence())
                    .put("recordHash", record.hashHex())
                    .put("leafData", Base64.getEncoder().encodeToString(record.canonicalBytes()))
                    .put("leafIndex", proof.leafIndex())
                    .put("treeSize", proof.treeSize());
            ArrayNode hashes = node.putArray("hashes");
            proof.hashesBase64().forEach(hashes::add);
            node.put("checkpoint", checkpoint.note());
            node.put("verifierKey", shop.verifierKey().encoded());
            node.put("verified", proof.verify(record.canonicalBytes(), checkpoint.checkpoint()));
            print(node);
        }
    }

    @Command(
            name = "keys",
            mixinStandardHelpOptions = true,
            description = "Key rotation.",
            subcommands = {Rotate.class, Rewrap.class})
    static final class KeysCommand extends GroupCommand {}

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = "Add a new primary key: new codes are sealed under it, old codes still open.")
    static final class Rotate extends ShopCommand {
        @Override
        void run(Shop shop) throws IOException {
            int before = shop.keyset.primaryKeyId();
            Keyset rotated = shop.rotateKeys();
            if (json()) {
                ObjectNode node = object().put("previousPrimary", before).put("primary", rotated.primaryKeyId());
                ArrayNode active = node.putArray("active");
                rotated.activeKeyIds().forEach(active::add);
                print(node);
            } else {
                out().println("rotated: primary key " + before + " -> " + rotated.primaryKeyId() + "; active keys "
                        + rotated.activeKeyIds());
            }
        }
    }

    @Command(
            name = "rewrap",
            mixinStandardHelpOptions = true,
            description = "Re-seal every stored code and the checkpoint key under the primary key, so older keys can"
                    + " be retired. Safe to stop and run again.")
    static final class Rewrap extends ShopCommand {
        @Override
        void run(Shop shop) throws IOException {
            long total = 0;
            for (String sku : shop.state.products.keySet()) {
                total += shop.cardKeys.stock(Sku.of(sku)).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
            }
            long codes = total;
            Progress progress = progress("keys rewrap");
            RewrapReport report;
            try {
                report = shop.cardKeys.rewrapSealedCodes(r -> progress.update(r.examined(), codes, "codes"));
            } finally {
                progress.finish();
            }
            boolean checkpointKey = shop.rewrapCheckpointKey();
            if (json()) {
                print(object().put("primary", report.primaryKeyId())
                        .put("examined", report.examined())
                        .put("rewrapped", report.rewrapped())
                        .put("checkpointKeyRewrapped", checkpointKey));
            } else {
                out().println("rewrapped: " + report.rewrapped() + " of " + report.examined()
                        + " codes re-sealed under primary key " + report.primaryKeyId()
                        + (checkpointKey ? ", and the checkpoint key" : "") + "; every code is now under it");
            }
        }
    }
}
