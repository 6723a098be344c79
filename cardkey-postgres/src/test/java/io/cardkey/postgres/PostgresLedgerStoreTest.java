package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the shared contract cannot say: several instances on one ledger, and bad names. */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresLedgerStoreTest {
    private static List<byte[]> records(String... texts) {
        List<byte[]> records = new ArrayList<>();
        for (String text : texts) {
            records.add(text.getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    @Test
    void append_anotherInstanceAppendedFirst_throwsConcurrentAppendAndWritesNothing() throws Exception {
        String ledger = TestDatabase.uniqueName("shared");
        try (PostgresLedgerStore first = PostgresLedgerStore.open(TestDatabase.dataSource(), ledger);
                PostgresLedgerStore second = PostgresLedgerStore.open(TestDatabase.dataSource(), ledger)) {
            first.append(1, records("from the first instance")).get();

            assertThatThrownBy(() -> second.append(1, records("from the second", "instance")))
                    .isInstanceOf(ConcurrentAppendException.class)
                    .hasMessageContaining(ledger)
                    .hasMessageContaining("reopen the ledger")
                    .satisfies(e -> assertThat(((ConcurrentAppendException) e).sequence())
                            .isEqualTo(1));
            assertThat(second.lastSequence()).isZero();
        }
        try (PostgresLedgerStore reopened = PostgresLedgerStore.open(TestDatabase.dataSource(), ledger)) {
            assertThat(reopened.lastSequence()).isEqualTo(1);
            List<String> stored = new ArrayList<>();
            reopened.read(1, 1, (sequence, record) -> stored.add(new String(record, StandardCharsets.UTF_8)));
            assertThat(stored).containsExactly("from the first instance");
        }
    }

    @Test
    void open_twoLedgersInOneDatabase_keepTheirRecordsApart() throws Exception {
        try (PostgresLedgerStore a = PostgresLedgerStore.open(TestDatabase.dataSource(), TestDatabase.uniqueName("a"));
                PostgresLedgerStore b =
                        PostgresLedgerStore.open(TestDatabase.dataSource(), TestDatabase.uniqueName("b"))) {
            a.append(1, records("a1", "a2")).get();
            b.append(1, records("b1")).get();

            assertThat(a.lastSequence()).isEqualTo(2);
            assertThat(b.lastSequence()).isEqualTo(1);
        }
    }

    @Test
    void open_emptyOrOverlongName_throwsIllegalArgument() {
        assertThatThrownBy(() -> PostgresLedgerStore.open(TestDatabase.dataSource(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 200");
        assertThatThrownBy(() -> PostgresLedgerStore.open(TestDatabase.dataSource(), "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("201 characters");
    }
}
