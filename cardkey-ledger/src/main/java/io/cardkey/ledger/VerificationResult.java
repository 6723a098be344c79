package io.cardkey.ledger;

import java.util.Objects;

/**
 * What {@link Ledger#verify()} checked: every record's hash and link, every rule, and every balance. Immutable and
 * thread-safe.
 *
 * @param records the number of records checked
 * @param accounts the number of accounts
 * @param transactions the number of transactions applied (including domain events)
 * @param holds the number of holds placed
 * @param rejections the number of rejected transactions and holds (burned ids)
 * @param headHash the hash of the last record as lower-case hex, or 64 zeros for an empty ledger
 */
public record VerificationResult(
        long records, long accounts, long transactions, long holds, long rejections, String headHash) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code headHash} is null
     */
    public VerificationResult {
        Objects.requireNonNull(headHash, "headHash");
    }
}
