package io.cardkey.ledger;

import java.util.Currency;
import java.util.Objects;

/**
 * Why a transaction or hold was rejected, as kept in a {@link RecordKind#REJECTED} record, so that a retry with the
 * same id gets the same exception. Immutable.
 */
final class Rejection {
    static final int CONSTRAINT = 1;
    static final int UNKNOWN_ACCOUNT = 2;
    static final int CURRENCY_MISMATCH = 3;
    static final int OVERFLOW = 4;

    final int reason;
    final AccountId account;
    final AccountConstraint constraint;
    final long shortfall;
    final Currency currency;
    final AccountId otherAccount;
    final Currency otherCurrency;

    Rejection(
            int reason,
            AccountId account,
            AccountConstraint constraint,
            long shortfall,
            Currency currency,
            AccountId otherAccount,
            Currency otherCurrency) {
        this.reason = reason;
        this.account = account;
        this.constraint = constraint;
        this.shortfall = shortfall;
        this.currency = currency;
        this.otherAccount = otherAccount;
        this.otherCurrency = otherCurrency;
    }

    /** Returns the rejection for one of the exceptions that burn an id, or null for any other exception. */
    static Rejection of(LedgerException e) {
        if (e instanceof ConstraintViolationException) {
            ConstraintViolationException c = (ConstraintViolationException) e;
            return new Rejection(CONSTRAINT, c.getAccount(), c.getConstraint(), c.getShortfall(), null, null, null);
        }
        if (e instanceof UnknownAccountException) {
            return new Rejection(
                    UNKNOWN_ACCOUNT, ((UnknownAccountException) e).getAccount(), null, 0, null, null, null);
        }
        if (e instanceof CurrencyMismatchException) {
            CurrencyMismatchException c = (CurrencyMismatchException) e;
            return new Rejection(
                    CURRENCY_MISMATCH,
                    c.getDebitAccount(),
                    null,
                    0,
                    c.getDebitCurrency(),
                    c.getCreditAccount(),
                    c.getCreditCurrency());
        }
        if (e instanceof AmountOverflowException) {
            return new Rejection(OVERFLOW, ((AmountOverflowException) e).getAccount(), null, 0, null, null, null);
        }
        return null;
    }

    LedgerException toException(String transactionId) {
        switch (reason) {
            case CONSTRAINT:
                return new ConstraintViolationException(transactionId, account, constraint, shortfall);
            case UNKNOWN_ACCOUNT:
                return new UnknownAccountException(account);
            case CURRENCY_MISMATCH:
                return new CurrencyMismatchException(account, currency, otherAccount, otherCurrency);
            case OVERFLOW:
                return new AmountOverflowException(transactionId, account);
            default:
                throw new IllegalStateException("unknown rejection reason " + reason);
        }
    }

    boolean sameAs(Rejection o) {
        return o != null
                && reason == o.reason
                && account.equals(o.account)
                && constraint == o.constraint
                && shortfall == o.shortfall
                && Objects.equals(currency, o.currency)
                && Objects.equals(otherAccount, o.otherAccount)
                && Objects.equals(otherCurrency, o.otherCurrency);
    }
}
