package io.cardkey.benchmarks.ledger;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One benchmark thread's appender and transaction source. */
@State(Scope.Thread)
public class AppenderState {
    LedgerSubject.Appender appender;
    final Workload.Source source = new Workload.Source();

    void attach(LedgerSubject subject) {
        appender = subject.appender();
    }

    /** Closes the thread's appender. */
    @TearDown
    public void tearDown() {
        if (appender != null) {
            appender.close();
        }
    }
}
