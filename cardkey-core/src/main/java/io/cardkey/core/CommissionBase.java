package io.cardkey.core;

/** What a percentage commission is a percentage of. */
public enum CommissionBase {
    /** The price the buyer paid for the sale. */
    SALE,
    /** The sale's gross margin: the price minus the supplier cost. */
    MARGIN
}
