package io.cardkey.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardkey.core.CardKey;
import io.cardkey.core.Confirmation;
import io.cardkey.core.IllegalTransitionException;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Payment;
import io.cardkey.core.RevealedCode;
import io.cardkey.core.Sku;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Selling and risk control: sell, reveal, redeem, refund, freeze, unfreeze. */
final class SalesCommands {
    private static final Duration RESERVATION = Duration.ofMinutes(15);

    private SalesCommands() {}

    /** Prints an order's codes: the only place the CLI shows plaintext, to the operator delivering them. */
    static void printCodes(ShopCommand command, Order order, String seller, List<RevealedCode> codes) {
        try {
            if (command.json()) {
                ObjectNode node = command.object()
                        .put("order", order.orderId())
                        .put("buyer", order.buyerId())
                        .put("sku", order.sku().code())
                        .put("quantity", order.quantity())
                        .put("price", order.price().toString())
                        .put("state", order.state().name());
                node.put("seller", seller);
                ArrayNode list = node.putArray("codes");
                for (RevealedCode code : codes) {
                    ObjectNode c = list.addObject()
                            .put("cardKeyId", code.cardKeyId())
                            .put("masked", code.maskedCode())
                            .put("code", Codes.display(code.code()));
                    code.password().ifPresent(p -> c.put("password", Codes.display(p)));
                }
                command.print(node);
                return;
            }
            command.out()
                    .printf(
                            Locale.ROOT,
                            "order %s: %d x %s to %s for %s%s, %s%n",
                            order.orderId(),
                            order.quantity(),
                            order.sku(),
                            order.buyerId(),
                            order.price(),
                            seller == null ? "" : " through " + seller,
                            order.state());
            for (RevealedCode code : codes) {
                command.out()
                        .println("  " + Codes.display(code.code())
                                + code.password()
                                        .map(p -> "  password " + Codes.display(p))
                                        .orElse(""));
            }
        } finally {
            codes.forEach(RevealedCode::destroy);
        }
    }

    @Command(
            name = "sell",
            mixinStandardHelpOptions = true,
            description = "Reserve and confirm an order, and print the codes delivered to the buyer.")
    static final class Sell extends ShopCommand {
        @Option(names = "--sku", required = true)
        String sku;

        @Option(names = "--qty", required = true, paramLabel = "N")
        int quantity;

        @Option(names = "--order", required = true, description = "Your order id.")
        String order;

        @Option(names = "--distributor", description = "The distributor who sold it: their chain earns commission.")
        String distributor;

        @Option(names = "--buyer", defaultValue = "walk-in", description = "The buyer (default: ${DEFAULT-VALUE}).")
        String buyer;

        @Override
        void run(Shop shop) throws IOException {
            if (quantity < 1) {
                throw new CliException("--qty was " + quantity + "; must be at least 1");
            }
            shop.product(sku);
            if (distributor != null) {
                shop.distributor(distributor);
            }
            Order reserved = shop.cardKeys.reserve(order, buyer, Sku.of(sku), quantity, RESERVATION);
            Payment payment = new Payment("cli:" + order, reserved.price());
            Confirmation confirmed;
            try {
                confirmed = distributor == null
                        ? shop.cardKeys.confirm(order, payment)
                        : shop.cardKeys.confirm(order, payment, shop.distributor(distributor));
            } catch (RuntimeException e) {
                if (!reserved.state().isPaid()) {
                    shop.cardKeys.release(order);
                }
                throw e;
            }
            shop.state.orders.put(order, new ShopState.OrderEntry(distributor, confirmed.deliveryToken()));
            shop.save();
            Order sold = confirmed.order();
            if (sold.state() != OrderState.SOLD) {
                throw new CliException("order " + order + " was paid but is " + sold.state() + "; its codes are"
                        + " delivered when stock arrives");
            }
            printCodes(this, sold, distributor, shop.cardKeys.reveal(order, confirmed.deliveryToken()));
        }
    }

    @Command(
            name = "reveal",
            mixinStandardHelpOptions = true,
            description = "Reveal an order's codes again (recorded).")
    static final class Reveal extends ShopCommand {
        @Option(names = "--order", required = true)
        String order;

        @Option(names = "--buyer", required = true, description = "The buyer the order was sold to.")
        String buyer;

        @Override
        void run(Shop shop) {
            ShopState.OrderEntry entry = shop.order(order)
                    .orElseThrow(() -> new CliException("no order " + order + " was sold from this data directory"));
            Order known = shop.cardKeys.order(order);
            if (!known.buyerId().equals(buyer)) {
                throw new CliException("order " + order + " was not sold to " + buyer + "; nothing was revealed");
            }
            printCodes(this, known, entry.seller(), shop.cardKeys.reveal(order, entry.deliveryToken()));
        }
    }

    @Command(name = "redeem", mixinStandardHelpOptions = true, description = "Redeem a code into an account.")
    static final class Redeem extends ShopCommand {
        @Parameters(paramLabel = "CODE", description = "The code as the customer typed it.")
        String code;

        @Option(names = "--account", required = true, description = "The account its value is credited to.")
        String account;

        @Option(names = "--source", defaultValue = "cli", description = "Where the attempt came from, e.g. an IP.")
        String source;

        @Override
        void run(Shop shop) {
            CardKey redeemed;
            try {
                redeemed = shop.cardKeys.redeem(code, account, "cli:" + UUID.randomUUID(), source);
            } catch (IllegalTransitionException e) {
                throw new CliException("code " + e.maskedCode() + " (card key " + e.cardKeyId() + ") is " + e.from()
                        + "; only a sold code can be redeemed");
            }
            String value = shop.product(redeemed.sku().code()).unitPrice().toString();
            if (json()) {
                print(object().put("cardKeyId", redeemed.id())
                        .put("masked", redeemed.maskedCode())
                        .put("sku", redeemed.sku().code())
                        .put("account", account)
                        .put("value", value)
                        .put("state", redeemed.state().name()));
            } else {
                out().println("redeemed " + redeemed.maskedCode() + " (" + redeemed.sku() + ", card key "
                        + redeemed.id() + "): " + value + " credited to " + account);
            }
        }
    }

    @Command(name = "refund", mixinStandardHelpOptions = true, description = "Refund a sale; its codes are voided.")
    static final class Refund extends ShopCommand {
        @Option(names = "--order", required = true)
        String order;

        @Override
        void run(Shop shop) {
            Order refunded = shop.cardKeys.refund(order);
            if (json()) {
                print(object().put("order", order)
                        .put("state", refunded.state().name())
                        .put("amount", refunded.price().toString())
                        .put("voided", refunded.cardKeyIds().size()));
            } else {
                out().println("refunded order " + order + ": " + refunded.price() + "; "
                        + refunded.cardKeyIds().size() + " code(s) voided");
            }
        }
    }

    /** Exactly one of {@code --batch} and {@code --code}. */
    static final class Target {
        @Option(names = "--batch", required = true, description = "Every code of a batch.")
        String batch;

        @Option(names = "--code", required = true, description = "One code, as typed.")
        String code;
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true, description = "Freeze a batch or one code.")
    static final class Freeze extends ShopCommand {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Override
        void run(Shop shop) {
            change(this, shop, target, true);
        }
    }

    @Command(name = "unfreeze", mixinStandardHelpOptions = true, description = "Unfreeze a batch or one code.")
    static final class Unfreeze extends ShopCommand {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Override
        void run(Shop shop) {
            change(this, shop, target, false);
        }
    }

    private static void change(ShopCommand command, Shop shop, Target target, boolean freeze) {
        String verb = freeze ? "frozen" : "unfrozen";
        if (target.batch != null) {
            if (!shop.state.batches.containsKey(target.batch)) {
                throw new CliException("no batch " + target.batch + " in this data directory");
            }
            int changed = freeze ? shop.cardKeys.freezeBatch(target.batch) : shop.cardKeys.unfreezeBatch(target.batch);
            if (command.json()) {
                command.print(command.object().put("batch", target.batch).put(verb, changed));
            } else {
                command.out().println("batch " + target.batch + ": " + changed + " code(s) " + verb);
            }
            return;
        }
        CardKey key = shop.cardKeys
                .lookup(target.code)
                .orElseThrow(() -> new CliException("no code in stock matches the --code given"));
        CardKey changed = freeze ? shop.cardKeys.freeze(key.id()) : shop.cardKeys.unfreeze(key.id());
        if (command.json()) {
            command.print(command.object()
                    .put("cardKeyId", changed.id())
                    .put("masked", changed.maskedCode())
                    .put("state", changed.state().name()));
        } else {
            command.out().println("card key " + changed.id() + " " + changed.maskedCode() + " is " + changed.state());
        }
    }
}
