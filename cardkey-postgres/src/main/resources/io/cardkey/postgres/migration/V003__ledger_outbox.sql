-- Ledger entries committed but not yet chained. Any instance writes here, in the same transaction as the inventory
-- change the entry records; one instance at a time (the sealer) chains them into cardkey_ledger_record in id order,
-- in batches, and deletes them in the same breath. See PostgresLedgerOutbox and PostgresLedgerSealer.
--
-- kind 'account' opens an account, kind 'transaction' appends a transaction; body is the entry's own encoding
-- (io.cardkey.postgres.internal.EntryCodec), not yet a chained record.
CREATE TABLE cardkey_ledger_pending (
    ledger   text   COLLATE "C" NOT NULL,
    id       bigint GENERATED ALWAYS AS IDENTITY,
    kind     text   NOT NULL CHECK (kind IN ('account', 'transaction')),
    entry_id text   COLLATE "C" NOT NULL,
    body     bytea  NOT NULL,
    PRIMARY KEY (ledger, id)
) WITH (
    -- A queue: every row is inserted once and deleted within a second or so. The sealer reads from the head of the
    -- primary key, where the deleted rows' dead index entries pile up; vacuum after a fixed number of them, unthrottled,
    -- for the same reason as cardkey_card_key (V002).
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 100000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 50000
);

-- One pending transaction per id and ledger: a second instance recording the same id fails instead of doubling it.
CREATE UNIQUE INDEX cardkey_ledger_pending_entry ON cardkey_ledger_pending (ledger, kind, entry_id);

-- Entries the ledger refused when the sealer chained them (an account constraint, a conflicting reuse of an id ...),
-- with the reason. The refusal of a transaction that broke a rule on its own is also a record of the chain itself.
CREATE TABLE cardkey_ledger_refused (
    ledger     text   COLLATE "C" NOT NULL,
    id         bigint NOT NULL,
    kind       text   NOT NULL,
    entry_id   text   COLLATE "C" NOT NULL,
    body       bytea  NOT NULL,
    reason     text   NOT NULL,
    refused_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ledger, id)
);
