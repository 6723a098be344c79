package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.LongList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueIndexTest {
    private static List<Long> list(LongList l) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(l.get(i));
        }
        return out;
    }

    @Test
    void get_unknownValue_returnsNull() {
        ValueIndex index = new ValueIndex();
        assertThat(index.get("o-1")).isNull();
        index.add("o-1", 3);
        assertThat(index.get("o-2")).isNull();
        assertThat(index.get("o-")).isNull();
    }

    @Test
    void add_emptyValueFirst_isFoundAndKeepsLaterValues() {
        ValueIndex index = new ValueIndex();
        index.add("", 1);
        index.add("o-1", 2);
        index.add("", 3);
        assertThat(list(index.get(""))).containsExactly(1L, 3L);
        assertThat(list(index.get("o-1"))).containsExactly(2L);
    }

    @Test
    void add_repeatedAndUnicodeValues_keepsRecordsInOrder() {
        ValueIndex index = new ValueIndex();
        Map<String, List<Long>> model = new LinkedHashMap<>();
        for (long seq = 1; seq <= 200_000; seq++) {
            // Every seventh record repeats an earlier value; values hold characters outside ASCII.
            String value = seq % 7 == 0 ? "卡密-" + (seq / 70) : "订单-" + seq + "-é";
            index.add(value, seq);
            model.computeIfAbsent(value, v -> new ArrayList<>()).add(seq);
        }
        assertThat(index.size()).isEqualTo(model.size());
        model.forEach((value, seqs) -> assertThat(list(index.get(value))).isEqualTo(seqs));
        Map<String, List<Long>> listed = new LinkedHashMap<>();
        index.forEach((value, records) -> listed.put(value, list(records)));
        assertThat(listed).containsExactlyEntriesOf(model);
    }

    @Test
    void encode_writesWhatTheSnapshotWroteBefore() {
        ValueIndex index = new ValueIndex();
        index.add("o-1", 3);
        index.add("订单", 4);
        index.add("o-1", 9);
        ByteSink expected = new ByteSink(16);
        expected.str("o-1");
        expected.i32(2);
        expected.i64(3);
        expected.i64(9);
        expected.str("订单");
        expected.i32(1);
        expected.i64(4);
        ByteSink actual = new ByteSink(16);
        index.encode(actual);
        assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void get_returnsACopy() {
        ValueIndex index = new ValueIndex();
        index.add("v", 1);
        index.get("v").add(99);
        assertThat(list(index.get("v"))).containsExactly(1L);
    }

    @Test
    void add_longestValues_spanSeveralArenaChunks() {
        ValueIndex index = new ValueIndex();
        String base = "é".repeat(Transaction.MAX_METADATA_VALUE_BYTES / 2 - 4);
        for (int i = 0; i < 10_000; i++) {
            index.add(base + String.format("%08d", i), i + 1L);
        }
        for (int i = 0; i < 10_000; i += 101) {
            assertThat(list(index.get(base + String.format("%08d", i)))).containsExactly(i + 1L);
        }
    }
}
