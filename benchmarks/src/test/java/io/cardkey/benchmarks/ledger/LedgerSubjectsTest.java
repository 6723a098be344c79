package io.cardkey.benchmarks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.benchmarks.BenchDirectories;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CardKey and its H2 peer do the same work in the benchmarks: every transaction stored once, duplicates refused. */
class LedgerSubjectsTest {

    @Test
    void h2_storesEverySingleAndBatchedTransaction(@TempDir Path dir) {
        for (boolean durable : new boolean[] {true, false}) {
            try (H2Ledger h2 = new H2Ledger(dir.resolve("h2-" + durable), durable);
                    LedgerSubject.Appender appender = h2.appender()) {
                Workload.Source source = new Workload.Source();
                for (int i = 0; i < 10; i++) {
                    appender.append(source.next());
                }
                appender.append(source.next(100));

                assertThat(h2.count()).isEqualTo(110);
            }
        }
    }

    @Test
    void h2_duplicateId_isRefusedAndRolledBack(@TempDir Path dir) {
        try (H2Ledger h2 = new H2Ledger(dir, true);
                LedgerSubject.Appender appender = h2.appender()) {
            TxSpec tx = new Workload.Source().next();
            appender.append(tx);

            assertThatThrownBy(() -> appender.append(List.of(new Workload.Source().next(), tx)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("H2 append failed");
            assertThat(h2.count()).isEqualTo(1);
        }
    }

    @Test
    void cardkey_storesEverySingleAndBatchedTransaction(@TempDir Path dir) {
        try (CardKeyLedger ledger = new CardKeyLedger(dir);
                LedgerSubject.Appender appender = ledger.appender()) {
            long accounts = ledger.ledger().lastSequence();
            Workload.Source source = new Workload.Source();
            for (int i = 0; i < 10; i++) {
                appender.append(source.next());
            }
            appender.append(source.next(100));

            assertThat(accounts).isEqualTo(1 + Workload.DISTRIBUTORS);
            assertThat(ledger.ledger().lastSequence()).isEqualTo(accounts + 110);
            assertThat(ledger.ledger().verify().transactions()).isEqualTo(110);
        }
    }

    @Test
    void subjects_openByImplName_andRefuseUnknownNames(@TempDir Path dir) {
        try (LedgerSubject subject = Subjects.open("cardkey", dir.resolve("c"))) {
            assertThat(subject).isInstanceOf(CardKeyLedger.class);
        }
        try (LedgerSubject subject = Subjects.open("h2-nosync", dir.resolve("h"))) {
            assertThat(subject).isInstanceOf(H2Ledger.class);
        }
        assertThatThrownBy(() -> Subjects.open("sqlite", dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impl was sqlite; must be cardkey, h2 or h2-nosync");
    }

    @Test
    void sources_neverRepeatAnIdAcrossThreadsOrCalls() {
        Set<String> ids = new HashSet<>();
        Workload.Source a = new Workload.Source();
        Workload.Source b = new Workload.Source();
        for (int i = 0; i < 1_000; i++) {
            assertThat(ids.add(a.next().id())).isTrue();
            assertThat(ids.add(b.next().id())).isTrue();
        }
        TxSpec tx = a.next();
        assertThat(tx.amount()).isBetween(1L, 10_000L);
        assertThat(tx.credit()).isEqualTo(Workload.PLATFORM);
        assertThat(tx.debit()).startsWith("distributor:");
    }

    @Test
    void dataDirectory_isFreshAndDeletedWithItsFiles(@TempDir Path dir) throws Exception {
        String previous = System.getProperty("cardkey.bench.dir");
        System.setProperty("cardkey.bench.dir", dir.toString());
        try {
            Path one = BenchDirectories.newDirectory("x");
            Path two = BenchDirectories.newDirectory("x");
            assertThat(one).isNotEqualTo(two).startsWith(dir);
            java.nio.file.Files.writeString(one.resolve("f"), "data");
            java.nio.file.Files.createDirectories(one.resolve("sub"));

            BenchDirectories.delete(one);

            assertThat(one).doesNotExist();
            assertThat(two).exists();
        } finally {
            if (previous == null) {
                System.clearProperty("cardkey.bench.dir");
            } else {
                System.setProperty("cardkey.bench.dir", previous);
            }
        }
    }
}
