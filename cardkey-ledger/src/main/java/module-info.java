/**
 * An embedded, append-only, hash-chained, double-entry ledger with signed checkpoints and proofs.
 *
 * <p>Only {@code io.cardkey.ledger} is exported; everything under {@code io.cardkey.ledger.internal} is an
 * implementation detail.
 */
module io.cardkey.ledger {
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.cardkey.ledger;
}
