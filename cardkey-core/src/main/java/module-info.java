/**
 * Products, inventory, the card-key lifecycle, tiered prices and multi-level commission.
 *
 * <p>Only {@code io.cardkey.core} is exported; everything under {@code io.cardkey.core.internal} is an
 * implementation detail.
 */
module io.cardkey.core {
    requires transitive io.cardkey.crypto;
    requires transitive io.cardkey.ledger;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.cardkey.core;
}
