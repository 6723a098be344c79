package io.cardkey.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One distributor's statement for a period {@code [from, to)}: its sales, what it earned at each level, what
 * refunds took back (reversed inside the hold period, clawed back as debt after it), what was released, netted
 * and withdrawn, its prepaid movements, and its balances at the start and the end. {@link Earnings#statement}
 * checks the closing balances against the ledger before it returns one.
 *
 * <p>Amounts are in the currency of the {@link Earnings}; every amount except the balances is not negative.
 *
 * @param distributor the distributor
 * @param from the start of the period, inclusive
 * @param to the end of the period, exclusive
 * @param ledgerSequence the ledger record the closing balances were read at (0 if none)
 * @param salesCount how many sales the distributor made as seller (level 1) in the period
 * @param salesAmount the price of those sales
 * @param salesRefunded refunds in the period of sales it made as seller (whenever they were made)
 * @param earningsByLevel commissions earned at sale time in the period, by level of the chain; only levels with
 *     sales
 * @param reversedInHold commissions reversed by refunds inside the hold period
 * @param clawedBack commissions clawed back as debt by refunds after the hold period
 * @param released commissions moved from pending to available
 * @param debtNetted debt repaid from released commissions
 * @param withdrawals available balance paid out
 * @param topUps money paid into the prepaid balance
 * @param prepaidPurchases purchases paid from the prepaid balance
 * @param prepaidRefunds refunds of those purchases paid back into the prepaid balance
 * @param opening the balances at {@code from}
 * @param closing the balances at {@code to}, as the ledger holds them
 */
public record EarningsStatement(
        DistributorId distributor,
        Instant from,
        Instant to,
        long ledgerSequence,
        long salesCount,
        Money salesAmount,
        Money salesRefunded,
        List<LevelEarnings> earningsByLevel,
        Money reversedInHold,
        Money clawedBack,
        Money released,
        Money debtNetted,
        Money withdrawals,
        Money topUps,
        Money prepaidPurchases,
        Money prepaidRefunds,
        Balances opening,
        Balances closing) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a distributor earned at one level of its sales' chains.
     *
     * @param level the level, from 1 (the seller)
     * @param amount the commissions, not negative
     */
    public record LevelEarnings(int level, Money amount) {
        /**
         * Checks the components.
         *
         * @param level from 1
         * @param amount not negative
         */
        public LevelEarnings {
            if (level < 1) {
                throw new IllegalArgumentException("level was " + level + "; must be at least 1");
            }
            Objects.requireNonNull(amount, "amount");
        }
    }

    /**
     * A distributor's balances at one moment.
     *
     * @param pending commissions inside the hold period
     * @param available released commissions it may withdraw
     * @param prepaid its prepaid balance (预存款)
     * @param debt what it owes from claw-backs, not yet netted
     */
    public record Balances(Money pending, Money available, Money prepaid, Money debt) {
        /**
         * Checks the components.
         *
         * @param pending pending commissions
         * @param available available balance
         * @param prepaid prepaid balance
         * @param debt debt owed
         */
        public Balances {
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(available, "available");
            Objects.requireNonNull(prepaid, "prepaid");
            Objects.requireNonNull(debt, "debt");
        }
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    public EarningsStatement {
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to was " + to + "; must not be before from " + from);
        }
        earningsByLevel = List.copyOf(earningsByLevel);
        Objects.requireNonNull(salesAmount, "salesAmount");
        Objects.requireNonNull(salesRefunded, "salesRefunded");
        Objects.requireNonNull(reversedInHold, "reversedInHold");
        Objects.requireNonNull(clawedBack, "clawedBack");
        Objects.requireNonNull(released, "released");
        Objects.requireNonNull(debtNetted, "debtNetted");
        Objects.requireNonNull(withdrawals, "withdrawals");
        Objects.requireNonNull(topUps, "topUps");
        Objects.requireNonNull(prepaidPurchases, "prepaidPurchases");
        Objects.requireNonNull(prepaidRefunds, "prepaidRefunds");
        Objects.requireNonNull(opening, "opening");
        Objects.requireNonNull(closing, "closing");
    }

    /**
     * Returns the total commissions earned in the period, over all levels.
     *
     * @return the sum of {@link #earningsByLevel()}
     */
    public Money totalEarnings() {
        Money total = Money.zero(salesAmount.currency());
        for (LevelEarnings level : earningsByLevel) {
            total = total.plus(level.amount());
        }
        return total;
    }

    /**
     * Returns the statement as one JSON object. Amounts are strings with the currency's decimal places ({@code
     * "10.00"}) next to a {@code currency} field, so no reader turns them into binary floating point; instants are
     * ISO-8601.
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("distributor", distributor.code());
        root.put("currency", salesAmount.currency().getCurrencyCode());
        root.put("from", from.toString());
        root.put("to", to.toString());
        root.put("ledgerSequence", ledgerSequence);
        root.put("salesCount", salesCount);
        root.put("salesAmount", amount(salesAmount));
        root.put("salesRefunded", amount(salesRefunded));
        ArrayNode levels = root.putArray("earningsByLevel");
        for (LevelEarnings level : earningsByLevel) {
            levels.addObject().put("level", level.level()).put("amount", amount(level.amount()));
        }
        root.put("totalEarnings", amount(totalEarnings()));
        root.put("reversedInHold", amount(reversedInHold));
        root.put("clawedBack", amount(clawedBack));
        root.put("released", amount(released));
        root.put("debtNetted", amount(debtNetted));
        root.put("withdrawals", amount(withdrawals));
        root.put("topUps", amount(topUps));
        root.put("prepaidPurchases", amount(prepaidPurchases));
        root.put("prepaidRefunds", amount(prepaidRefunds));
        balances(root.putObject("opening"), opening);
        balances(root.putObject("closing"), closing);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * Returns the statement as CSV (RFC 4180, {@code \r\n} line ends): a header {@code
     * distributor,currency,from,to,item,level,amount} and one row per figure; {@code level} is empty except for
     * {@code earnings} rows. Amounts are plain decimals with a {@code '.'} separator, independent of the locale.
     *
     * @return the CSV text
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder("distributor,currency,from,to,item,level,amount\r\n");
        String prefix =
                distributor.code() + "," + salesAmount.currency().getCurrencyCode() + "," + from + "," + to + ",";
        row(out, prefix, "salesCount", "", Long.toString(salesCount));
        row(out, prefix, "salesAmount", "", amount(salesAmount));
        row(out, prefix, "salesRefunded", "", amount(salesRefunded));
        for (LevelEarnings level : earningsByLevel) {
            row(out, prefix, "earnings", Integer.toString(level.level()), amount(level.amount()));
        }
        row(out, prefix, "totalEarnings", "", amount(totalEarnings()));
        row(out, prefix, "reversedInHold", "", amount(reversedInHold));
        row(out, prefix, "clawedBack", "", amount(clawedBack));
        row(out, prefix, "released", "", amount(released));
        row(out, prefix, "debtNetted", "", amount(debtNetted));
        row(out, prefix, "withdrawals", "", amount(withdrawals));
        row(out, prefix, "topUps", "", amount(topUps));
        row(out, prefix, "prepaidPurchases", "", amount(prepaidPurchases));
        row(out, prefix, "prepaidRefunds", "", amount(prepaidRefunds));
        balanceRows(out, prefix, "opening", opening);
        balanceRows(out, prefix, "closing", closing);
        return out.toString();
    }

    private static void row(StringBuilder out, String prefix, String item, String level, String value) {
        out.append(prefix)
                .append(item)
                .append(',')
                .append(level)
                .append(',')
                .append(value)
                .append("\r\n");
    }

    private static void balanceRows(StringBuilder out, String prefix, String when, Balances b) {
        row(out, prefix, when + "Pending", "", amount(b.pending()));
        row(out, prefix, when + "Available", "", amount(b.available()));
        row(out, prefix, when + "Prepaid", "", amount(b.prepaid()));
        row(out, prefix, when + "Debt", "", amount(b.debt()));
    }

    private static void balances(ObjectNode node, Balances b) {
        node.put("pending", amount(b.pending()));
        node.put("available", amount(b.available()));
        node.put("prepaid", amount(b.prepaid()));
        node.put("debt", amount(b.debt()));
    }

    private static String amount(Money m) {
        return m.toBigDecimal().toPlainString();
    }
}
