package io.cardkey.benchmarks.ledger;

/**
 * One single-posting transaction as every implementation under test receives it: CardKey turns it into a
 * {@code Transaction}, H2 into a row. Plain data.
 *
 * @param id the client-chosen id (idempotency key)
 * @param type the type code
 * @param debit the debited account
 * @param credit the credited account
 * @param amount the amount in minor units, positive
 * @param orderId the {@code orderId} metadata value
 */
record TxSpec(String id, String type, String debit, String credit, long amount, String orderId) {}
