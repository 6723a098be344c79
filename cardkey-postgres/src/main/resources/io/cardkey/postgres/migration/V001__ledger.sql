-- The ledger's records and snapshots. Several ledgers may share one database; each has a name.
-- Records are the ledger's canonical, hash-chained encoding: PostgreSQL stores them and never interprets them.
CREATE TABLE cardkey_ledger_record (
    ledger   text   NOT NULL,
    sequence bigint NOT NULL CHECK (sequence > 0),
    body     bytea  NOT NULL,
    PRIMARY KEY (ledger, sequence)
);

-- One row per ledger: the newest snapshot of derived state (balances, holds, indexes).
CREATE TABLE cardkey_ledger_snapshot (
    ledger   text   PRIMARY KEY,
    sequence bigint NOT NULL CHECK (sequence > 0),
    state    bytea  NOT NULL
);
