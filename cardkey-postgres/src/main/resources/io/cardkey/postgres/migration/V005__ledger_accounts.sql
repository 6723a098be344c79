-- Accounts opened through the ledger outbox, with the balance of those under a constraint as the outbox recorded it
-- (net = credits - debits of every posting recorded through the outbox), so that a posting that would break the
-- constraint is refused before the transaction that records it commits, on any instance: the recording transaction
-- updates the row with a conditional UPDATE, which takes the row's lock, so two instances spending one prepaid balance
-- are serialised on it and the second sees the first's debit. Rows of unconstrained accounts are never updated (no
-- hot rows for the library's own accounts). The CHECKs are a second line: no write can leave a balance past its rule.
CREATE TABLE cardkey_ledger_account (
    ledger          text   COLLATE "C" NOT NULL,
    account         text   COLLATE "C" NOT NULL,
    currency        text   NOT NULL,
    constraint_kind text   NOT NULL
        CHECK (constraint_kind IN ('NONE', 'DEBITS_MUST_NOT_EXCEED_CREDITS', 'CREDITS_MUST_NOT_EXCEED_DEBITS')),
    net             bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (ledger, account),
    CHECK (constraint_kind <> 'DEBITS_MUST_NOT_EXCEED_CREDITS' OR net >= 0),
    CHECK (constraint_kind <> 'CREDITS_MUST_NOT_EXCEED_DEBITS' OR net <= 0)
);
