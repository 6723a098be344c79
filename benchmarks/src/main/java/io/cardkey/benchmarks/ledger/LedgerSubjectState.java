package io.cardkey.benchmarks.ledger;

import io.cardkey.benchmarks.BenchDirectories;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the ledger append benchmarks share: the implementation under test as a JMH parameter ({@code cardkey} or a
 * peer), opened empty in a fresh directory for each trial and deleted after it.
 */
@State(Scope.Benchmark)
public abstract class LedgerSubjectState {
    /** The implementation measured. */
    @Param({"cardkey", "h2", "h2-nosync"})
    public String impl;

    private Path directory;
    private LedgerSubject subject;

    /** Opens an empty ledger in a fresh directory. */
    @Setup(Level.Trial)
    public void openSubject() {
        directory = BenchDirectories.newDirectory(getClass().getSimpleName() + "-" + impl);
        subject = Subjects.open(impl, directory);
    }

    /** Closes the ledger and deletes its files. */
    @TearDown(Level.Trial)
    public void closeSubject() {
        subject.close();
        BenchDirectories.delete(directory);
    }

    /**
     * Returns the ledger of this trial.
     *
     * @return the open subject
     */
    LedgerSubject subject() {
        return subject;
    }
}
