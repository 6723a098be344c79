package io.cardkey.core;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The chart of accounts {@link Earnings} posts to, one set per currency ({@code <CUR>} is the ISO 4217 code, such
 * as {@code CNY}). Amounts move from the debited to the credited account; "balance" below is credits minus debits
 * unless said otherwise.
 *
 * <p>Platform accounts (shared with the inventory's own sale records, so that both land in the same books):
 *
 * <ul>
 *   <li>{@code cardkey:payments:<CUR>} — buyer / cash clearing: money received from buyers and top-ups is debited
 *       here, refunds to buyers credit it back;
 *   <li>{@code cardkey:supplier-payable:<CUR>} — what is owed to suppliers: the supplier cost of each sale;
 *   <li>{@code cardkey:revenue:<CUR>} — the platform margin;
 *   <li>{@code cardkey:payouts:<CUR>} — cash paid out to distributors by withdrawals.
 * </ul>
 *
 * <p>Accounts of each distributor {@code <id>} (its {@link DistributorId#code()}):
 *
 * <ul>
 *   <li>{@code cardkey:dist:<id>:pending:<CUR>} — commissions still inside the refund window (the hold period);
 *   <li>{@code cardkey:dist:<id>:available:<CUR>} — released commissions the distributor may withdraw; constraint
 *       {@link AccountConstraint#DEBITS_MUST_NOT_EXCEED_CREDITS}, so the ledger itself refuses any overdraft, from
 *       any thread or process;
 *   <li>{@code cardkey:dist:<id>:prepaid:<CUR>} — the prepaid balance (预存款) that pays for the distributor's own
 *       purchases; same constraint, it never goes negative;
 *   <li>{@code cardkey:dist:<id>:debt:<CUR>} — claw-backs of refunds after the hold period: debits are what the
 *       distributor owes, credits what was netted from later earnings; constraint {@link
 *       AccountConstraint#CREDITS_MUST_NOT_EXCEED_DEBITS}, so a debt is never over-repaid.
 * </ul>
 *
 * <p>Not instantiable; the methods are pure functions. Thread-safe.
 */
public final class EarningsAccounts {
    private EarningsAccounts() {}

    /**
     * Returns the buyer / cash clearing account.
     *
     * @param currency the currency
     * @return {@code cardkey:payments:<CUR>}
     */
    public static AccountId payments(Currency currency) {
        return platform("payments", currency);
    }

    /**
     * Returns the supplier payable account.
     *
     * @param currency the currency
     * @return {@code cardkey:supplier-payable:<CUR>}
     */
    public static AccountId supplierPayable(Currency currency) {
        return platform("supplier-payable", currency);
    }

    /**
     * Returns the platform revenue account.
     *
     * @param currency the currency
     * @return {@code cardkey:revenue:<CUR>}
     */
    public static AccountId revenue(Currency currency) {
        return platform("revenue", currency);
    }

    /**
     * Returns the account that withdrawals are paid out to.
     *
     * @param currency the currency
     * @return {@code cardkey:payouts:<CUR>}
     */
    public static AccountId payouts(Currency currency) {
        return platform("payouts", currency);
    }

    /**
     * Returns a distributor's pending commissions account.
     *
     * @param distributor the distributor
     * @param currency the currency
     * @return {@code cardkey:dist:<id>:pending:<CUR>}
     */
    public static AccountId pending(DistributorId distributor, Currency currency) {
        return distributor(distributor, "pending", currency);
    }

    /**
     * Returns a distributor's available (withdrawable) balance account.
     *
     * @param distributor the distributor
     * @param currency the currency
     * @return {@code cardkey:dist:<id>:available:<CUR>}
     */
    public static AccountId available(DistributorId distributor, Currency currency) {
        return distributor(distributor, "available", currency);
    }

    /**
     * Returns a distributor's prepaid balance (预存款) account.
     *
     * @param distributor the distributor
     * @param currency the currency
     * @return {@code cardkey:dist:<id>:prepaid:<CUR>}
     */
    public static AccountId prepaid(DistributorId distributor, Currency currency) {
        return distributor(distributor, "prepaid", currency);
    }

    /**
     * Returns a distributor's debt (claw-back) account.
     *
     * @param distributor the distributor
     * @param currency the currency
     * @return {@code cardkey:dist:<id>:debt:<CUR>}
     */
    public static AccountId debt(DistributorId distributor, Currency currency) {
        return distributor(distributor, "debt", currency);
    }

    /** The platform accounts, opened without a constraint (as the inventory's recorder opens them). */
    static List<Account> platformAccounts(Currency currency) {
        return List.of(
                Account.of(payments(currency), currency),
                Account.of(supplierPayable(currency), currency),
                Account.of(revenue(currency), currency),
                Account.of(payouts(currency), currency));
    }

    /** A distributor's four accounts with their constraints. */
    static List<Account> distributorAccounts(DistributorId distributor, Currency currency) {
        return List.of(
                Account.of(pending(distributor, currency), currency),
                Account.of(
                        available(distributor, currency), currency, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS),
                Account.of(prepaid(distributor, currency), currency, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS),
                Account.of(debt(distributor, currency), currency, AccountConstraint.CREDITS_MUST_NOT_EXCEED_DEBITS));
    }

    private static AccountId platform(String purpose, Currency currency) {
        return AccountId.of("cardkey:" + purpose + ":" + code(currency));
    }

    private static AccountId distributor(DistributorId distributor, String purpose, Currency currency) {
        Objects.requireNonNull(distributor, "distributor");
        return AccountId.of("cardkey:dist:" + distributor.code() + ":" + purpose + ":" + code(currency));
    }

    private static String code(Currency currency) {
        return Objects.requireNonNull(currency, "currency").getCurrencyCode().toUpperCase(Locale.ROOT);
    }
}
