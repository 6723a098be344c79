package io.cardkey.ledger;

/** The state of a hold (a two-phase transfer). Immutable and thread-safe. */
public enum HoldState {
    /** Placed and not yet resolved; its amount counts against account constraints. */
    PENDING,
    /** Posted, in full or in part; the rest was released. */
    POSTED,
    /** Voided; the whole amount was released. */
    VOIDED,
    /** Timed out by the ledger's clock; the whole amount was released. */
    EXPIRED
}
