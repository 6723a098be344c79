package io.cardkey.benchmarks.ledger;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CardKey's ledger on its embedded file journal ({@link FileLedgerStore}), with the workload's accounts open. An
 * append returns when its records are durable (group commit: concurrent appends share one {@code fsync}); {@code
 * FileLedgerStoreDurabilityTest} and {@code LedgerDurabilityTest} prove that the acknowledgement waits for it.
 * Thread-safe.
 */
final class CardKeyLedger implements LedgerSubject {
    private final Ledger ledger;
    private final Map<String, AccountId> accounts = new HashMap<>();

    CardKeyLedger(Path directory) {
        ledger = Ledger.open(FileLedgerStore.open(directory));
        Currency currency = Currency.getInstance(Workload.CURRENCY);
        open(Workload.PLATFORM, currency);
        for (int i = 0; i < Workload.DISTRIBUTORS; i++) {
            open(Workload.distributor(i), currency);
        }
    }

    private void open(String id, Currency currency) {
        AccountId accountId = AccountId.of(id);
        ledger.openAccount(Account.of(accountId, currency, AccountConstraint.NONE));
        accounts.put(id, accountId);
    }

    /** Returns the ledger, for the verification benchmark. */
    Ledger ledger() {
        return ledger;
    }

    private Transaction toTransaction(TxSpec tx) {
        return Transaction.builder(tx.id(), tx.type())
                .posting(accounts.get(tx.debit()), accounts.get(tx.credit()), tx.amount())
                .metadata("orderId", tx.orderId())
                .build();
    }

    @Override
    public Appender appender() {
        return new Appender() {
            @Override
            public void append(TxSpec transaction) {
                ledger.append(toTransaction(transaction));
            }

            @Override
            public void append(List<TxSpec> batch) {
                List<Transaction> transactions = new ArrayList<>(batch.size());
                for (TxSpec tx : batch) {
                    transactions.add(toTransaction(tx));
                }
                ledger.append(transactions);
            }

            @Override
            public void close() {
                // The ledger is shared by every thread; it is closed with the subject.
            }
        };
    }

    @Override
    public void close() {
        ledger.close();
    }
}
