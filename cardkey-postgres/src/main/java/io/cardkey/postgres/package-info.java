/**
 * The CardKey storage ports on PostgreSQL, for applications that run several instances on one database.
 *
 * <h2>Design: one ledger, many instances</h2>
 *
 * <p>The ledger is a hash chain: record n carries the hash of record n-1, so its records form one strict sequence. If
 * every instance appended to the chain inside its sale's transaction, each sale would hold one global lock (the head
 * of the chain) from its first ledger write to its commit, and the whole system would sell one sale at a time. The
 * stores here separate committing from chaining:
 *
 * <ol>
 *   <li>A sale (or any inventory change) commits its rows and its ledger entries <em>unchained</em> into {@code
 *       cardkey_ledger_pending} in one database transaction ({@link io.cardkey.postgres.PostgresInventoryStore#apply(
 *       io.cardkey.core.InventoryStore.Change, io.cardkey.postgres.PostgresLedgerOutbox, java.util.function.Function)}).
 *       Sales run concurrently; a rolled-back sale leaves no entry, a committed one cannot lose its entries.
 *   <li>One instance at a time holds the sealer role (a session advisory lock per ledger name) and chains the pending
 *       entries into {@code cardkey_ledger_record} in id order, thousands per batch, through an ordinary
 *       {@link io.cardkey.ledger.Ledger} over a {@link io.cardkey.postgres.PostgresLedgerStore}, which checks the
 *       ledger's rules, hashes and writes them in one transaction; then it deletes them from the pending table.
 *       ({@link io.cardkey.postgres.PostgresLedgerSealer}.)
 *   <li>The primary key {@code (ledger, sequence)} of the records makes a second writer fail rather than fork the
 *       chain; the ledger's idempotency by transaction id makes re-chaining a batch whose deletion was lost a no-op.
 * </ol>
 *
 * <p>The order of the chain is the order of sealing: entries of one transaction keep their order, and a change that
 * reads what another committed is chained after it. Rules that depend on balances (an account constraint) are
 * checked at sealing; an entry refused then stays visible with its reason. Checkpoints and proofs are those of {@code
 * cardkey-ledger}, over the chained records.
 *
 * <p>Everything public is thread-safe. Only this package is exported.
 */
package io.cardkey.postgres;
