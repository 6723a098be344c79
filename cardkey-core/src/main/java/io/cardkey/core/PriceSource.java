package io.cardkey.core;

/** Which rule of a {@link PriceList} produced the unit price of a {@link Quote}. */
public enum PriceSource {
    /** The tier's base price for the product. */
    TIER_BASE,
    /** A quantity break (批发价) of the tier: from {@link Quote#breakQuantity()} units on, a lower unit price. */
    QUANTITY_BREAK,
    /** A price agreed with one distributor; it replaces the tier's prices and breaks for that distributor. */
    DISTRIBUTOR_OVERRIDE
}
