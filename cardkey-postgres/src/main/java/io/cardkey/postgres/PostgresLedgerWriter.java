package io.cardkey.postgres;

import io.cardkey.core.InventoryStore;
import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The facade's ledger on PostgreSQL: every entry goes to the {@link PostgresLedgerOutbox} (a change's entries in the
 * change's own transaction), the {@link PostgresLedgerSealer} chains them, and reads go to the sealer's ledger.
 *
 * <p>Lookups by id ({@link #transaction}) read the pending table first and then the ledger the sealer chained last,
 * without waiting for a batch: on the instance that holds the sealer role they see every entry committed so far (the
 * sealer adds a batch to its ledger before it deletes it from the pending table). {@link #ledger()} chains what is
 * pending first. Thread-safe.
 */
final class PostgresLedgerWriter implements InventoryStore.LedgerWriter {
    private static final int ACCOUNTS_REMEMBERED = 65_536;

    private final PostgresInventoryStore store;
    private final PostgresLedgerOutbox outbox;
    private final PostgresLedgerSealer sealer;
    /** Accounts seen open: an account never changes once opened, so a hit is always right. Bounded by clearing. */
    private final Map<AccountId, Account> opened = new ConcurrentHashMap<>();

    PostgresLedgerWriter(PostgresInventoryStore store, PostgresLedgerOutbox outbox, PostgresLedgerSealer sealer) {
        this.store = Objects.requireNonNull(store, "store");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
    }

    @Override
    public Applied apply(Change change, Function<? super Applied, ? extends List<Transaction>> entries) {
        Objects.requireNonNull(entries, "entries");
        return store.apply(change, outbox, applied -> List.copyOf(entries.apply(applied)));
    }

    @Override
    public void append(List<Transaction> transactions) {
        outbox.append(transactions);
    }

    @Override
    public Optional<Account> account(AccountId id) {
        Account known = opened.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Account> found = outbox.account(id);
        if (found.isEmpty()) {
            found = sealer.chainedAccount(id);
        }
        found.ifPresent(this::remember);
        return found;
    }

    @Override
    public void openAccount(Account account) {
        outbox.openAccount(account);
        remember(account);
    }

    private void remember(Account account) {
        if (opened.size() >= ACCOUNTS_REMEMBERED) {
            opened.clear();
        }
        opened.put(account.id(), account);
    }

    @Override
    public Optional<Transaction> transaction(String id) {
        Optional<Transaction> pending = outbox.pendingTransaction(id);
        return pending.isPresent() ? pending : sealer.chainedTransaction(id);
    }

    @Override
    public Ledger ledger() {
        return sealer.ledger();
    }

    @Override
    public String toString() {
        return "PostgresLedgerWriter[ledger=" + outbox.ledger() + "]";
    }
}
