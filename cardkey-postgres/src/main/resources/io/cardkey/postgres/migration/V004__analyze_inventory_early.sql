-- Analyze the hot inventory tables after 1,000 changed rows instead of 50,000 (V002). Measured: before the first
-- ANALYZE of a freshly stocked table the planner believes it is nearly empty and allocates with a bitmap scan plus a
-- sort of every available code (spilling to disk at 200,000 codes) instead of reading the first entries of the
-- first-expiring-first index: ~500 sales/s instead of thousands. Autovacuum visits a database once per
-- autovacuum_naptime (1 min by default), so a low threshold costs at most one ANALYZE per table per minute.
-- PostgresInventoryStore.addCardKeys also analyzes after adding 10,000 codes or more at once, so a large import is
-- planned right at once.
ALTER TABLE cardkey_card_key SET (autovacuum_analyze_threshold = 1000);
ALTER TABLE cardkey_order SET (autovacuum_analyze_threshold = 1000);
