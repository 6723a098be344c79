package io.cardkey.ledger;

import java.util.Objects;

/**
 * Thrown when a checkpoint cannot be trusted or does not belong where it is used: a signed note that does not verify
 * under the given key, or a checkpoint that does not match the ledger asked to prove something against it.
 *
 * <p>The low-level {@link ProofVerifier} never throws this: it answers {@code true} or {@code false}.
 */
public final class ProofVerificationException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /** Why verification failed. */
    public enum Reason {
        /**
         * A signed checkpoint note is malformed, carries no signature by the verifier key, or its signature does not
         * verify. Deliberately not told apart, so the check cannot be probed.
         */
        NOTE_REJECTED,
        /**
         * A checkpoint is not a head of this ledger: another origin, a size beyond the ledger's, or a root hash that
         * differs from the ledger's root at that size (the ledger, or the checkpoint, was tampered with).
         */
        CHECKPOINT_MISMATCH
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why verification failed
     * @param message what failed, naming key or checkpoint; never a secret
     */
    public ProofVerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why verification failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
