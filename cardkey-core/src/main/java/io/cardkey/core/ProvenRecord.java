package io.cardkey.core;

import io.cardkey.ledger.InclusionProof;
import io.cardkey.ledger.LedgerRecord;
import java.util.Objects;

/**
 * One ledger record of a code's history with the proof that it is in a signed checkpoint: a third party checks it
 * with {@code proof().verify(record().canonicalBytes(), checkpoint)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param record the ledger record
 * @param proof its inclusion proof
 */
public record ProvenRecord(LedgerRecord record, InclusionProof proof) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     */
    public ProvenRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(proof, "proof");
    }
}
