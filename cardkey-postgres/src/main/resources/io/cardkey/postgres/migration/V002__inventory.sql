-- Inventory: products, batches, card keys (sealed secret and blind index as opaque bytes), orders and the payment
-- references that paid them. One inventory per database schema.
--
-- Instants are stored as bigint nanoseconds since the epoch (column suffix _ns): exact for java.time.Instant, which
-- timestamptz (microseconds) is not, and cheap to order by. The store refuses instants outside 1677..2262.

CREATE TABLE cardkey_product (
    sku        text    COLLATE "C" PRIMARY KEY,
    name       text    NOT NULL,
    currency   text    NOT NULL,
    unit_price bigint  NOT NULL CHECK (unit_price > 0),
    reusable   boolean NOT NULL
);

CREATE TABLE cardkey_batch (
    batch_id      text   COLLATE "C" PRIMARY KEY,
    sku           text   COLLATE "C" NOT NULL,
    supplier      text   NOT NULL,
    currency      text   NOT NULL,
    unit_cost     bigint NOT NULL CHECK (unit_cost >= 0),
    source        text   NOT NULL,
    expires_at_ns bigint
);

-- Keys are COLLATE "C": ordered by code point like Java's String.compareTo, and compared without locale rules.

-- The next record id reserveIds hands out: one row, locked only while stock is added.
CREATE TABLE cardkey_id_counter (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    next_id  bigint  NOT NULL CHECK (next_id > 0)
);
INSERT INTO cardkey_id_counter (next_id) VALUES (1);

-- fillfactor 90 leaves room on each page, so updates that touch no indexed column (revealed, sales_count,
-- order_id ...) stay on the page as HOT updates and add no index entries.
CREATE TABLE cardkey_card_key (
    id            bigint  PRIMARY KEY CHECK (id > 0),
    sku           text    COLLATE "C" NOT NULL,
    batch_id      text    COLLATE "C" NOT NULL,
    state         text    NOT NULL,
    frozen_from   text,
    expires_at_ns bigint,
    order_id      text    COLLATE "C",
    revealed      boolean NOT NULL,
    sales_count   bigint  NOT NULL CHECK (sales_count >= 0),
    masked_code   text    NOT NULL,
    version       bigint  NOT NULL CHECK (version > 0),
    blind_index   bytea   NOT NULL UNIQUE,
    sealed_secret bytea   NOT NULL,
    CHECK ((state = 'FROZEN') = (frozen_from IS NOT NULL))
) WITH (
    fillfactor = 90,
    -- Why autovacuum is tuned on this table: every allocation moves a code out of the partial index below, leaving a
    -- dead heap tuple and a dead index entry at the head of the first-expiring-first order, exactly where the next
    -- SELECT ... FOR UPDATE SKIP LOCKED starts scanning. With the default settings (vacuum after 20 % of the table
    -- changed, throttled by cost delay) a table of a million codes collects 200,000 dead entries before the first
    -- vacuum, and every allocation walks over them: measured on a 2-core machine, allocation fell from ~13,000/s to
    -- ~4,000/s within a minute. Vacuuming after a fixed 10,000 dead rows, unthrottled, keeps that walk short.
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 100000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 50000
);

-- Allocation: the available codes of a product, first-expiring-first (never-expiring last), then by id.
CREATE INDEX cardkey_card_key_available ON cardkey_card_key (sku, expires_at_ns NULLS LAST, id)
    WHERE state = 'AVAILABLE';
-- Listing by product and state (expiry, back-office views) and paging through a batch.
CREATE INDEX cardkey_card_key_sku_state ON cardkey_card_key (sku, state, expires_at_ns NULLS LAST, id);
CREATE INDEX cardkey_card_key_batch ON cardkey_card_key (batch_id, id);

CREATE TABLE cardkey_order (
    order_id          text     COLLATE "C" PRIMARY KEY,
    buyer_id          text     COLLATE "C" NOT NULL,
    sku               text     COLLATE "C" NOT NULL,
    quantity          integer  NOT NULL CHECK (quantity > 0),
    state             text     NOT NULL,
    created_at_ns     bigint   NOT NULL,
    reserved_until_ns bigint   NOT NULL,
    currency          text     NOT NULL,
    price             bigint   NOT NULL,
    payment_reference text,
    card_key_ids      bigint[] NOT NULL,
    version           bigint   NOT NULL CHECK (version > 0)
) WITH (
    fillfactor = 90,
    -- Each order is updated once or twice soon after it is inserted (reserve, confirm); vacuum early for the same
    -- reason as cardkey_card_key: the reservation indexes below are scanned from their head.
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 50000
);

CREATE INDEX cardkey_order_sku_state ON cardkey_order (sku, state, created_at_ns, order_id);
CREATE INDEX cardkey_order_due ON cardkey_order (reserved_until_ns, order_id) WHERE state = 'RESERVED';
CREATE INDEX cardkey_order_buyer ON cardkey_order (buyer_id) WHERE state = 'RESERVED';

-- A payment reference pays one order: the primary key is the idempotency of confirm across instances.
CREATE TABLE cardkey_payment (
    reference text COLLATE "C" PRIMARY KEY,
    order_id  text COLLATE "C" NOT NULL
);
