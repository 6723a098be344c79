package io.cardkey.ledger;

/**
 * A rule an account's balance must always satisfy. Pending holds count against the rule from the moment they are
 * placed: a held debit uses up credit just like a posted one. Immutable and thread-safe.
 */
public enum AccountConstraint {
    /** No rule; the balance may take any value. */
    NONE,
    /**
     * Posted plus pending debits never exceed posted credits: a wallet or prepaid balance that can never go negative.
     */
    DEBITS_MUST_NOT_EXCEED_CREDITS,
    /** Posted plus pending credits never exceed posted debits: e.g. a liability that can never be over-repaid. */
    CREDITS_MUST_NOT_EXCEED_DEBITS;

    byte code() {
        return (byte) ordinal();
    }

    static AccountConstraint ofCode(int code) {
        AccountConstraint[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException(
                    "account constraint code was " + code + "; must be 0.." + (all.length - 1));
        }
        return all[code];
    }
}
