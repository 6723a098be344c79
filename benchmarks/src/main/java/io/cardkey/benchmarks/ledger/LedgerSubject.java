package io.cardkey.benchmarks.ledger;

import java.util.List;

/** A ledger implementation under test: CardKey's ledger on its file journal, or the H2 peer. */
interface LedgerSubject extends AutoCloseable {

    /** Returns an appender for the calling thread. */
    Appender appender();

    /** Releases files and connections. */
    @Override
    void close();

    /** Appends for one thread; each call returns only when what it appended is durable. Not thread-safe. */
    interface Appender extends AutoCloseable {
        /** Appends one transaction. */
        void append(TxSpec transaction);

        /** Appends a batch atomically: all or none. */
        void append(List<TxSpec> batch);

        @Override
        void close();
    }
}
