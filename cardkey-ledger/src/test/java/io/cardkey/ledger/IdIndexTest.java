package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.ByteSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdIndexTest {
    /** Reads back what {@link IdIndex#encode} wrote: each id and its sequence number, in insertion order. */
    static Map<String, Long> listed(IdIndex index) {
        ByteSink sink = new ByteSink(16);
        index.encode(sink);
        ByteSource in = new ByteSource(sink.toByteArray());
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < index.size(); i++) {
            out.put(in.ascii(), in.i64());
        }
        assertThat(in.remaining()).isZero();
        return out;
    }

    @Test
    void encode_writesWhatTheSnapshotWroteBefore() {
        IdIndex index = new IdIndex(0);
        index.put("t-1", 5);
        index.put("~x", Long.MAX_VALUE);
        ByteSink expected = new ByteSink(16);
        expected.ascii("t-1");
        expected.i64(5);
        expected.ascii("~x");
        expected.i64(Long.MAX_VALUE);
        ByteSink actual = new ByteSink(16);
        index.encode(actual);
        assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void get_unknownId_returnsZero() {
        IdIndex index = new IdIndex(0);
        assertThat(index.get("t1")).isZero();
        index.put("t1", 7);
        assertThat(index.get("t2")).isZero();
        assertThat(index.get("t")).isZero();
        assertThat(index.get("t11")).isZero();
    }

    @Test
    void put_manyIds_growsAndKeepsEveryOneInOrder() {
        IdIndex index = new IdIndex(0);
        Map<String, Long> model = new LinkedHashMap<>();
        for (int i = 0; i < 300_000; i++) {
            String id = "tx-" + Integer.toHexString(i * 31) + "-" + i;
            index.put(id, i + 1L);
            model.put(id, i + 1L);
        }
        assertThat(index.size()).isEqualTo(model.size());
        model.forEach((id, seq) -> assertThat(index.get(id)).isEqualTo(seq));
        assertThat(listed(index)).containsExactlyEntriesOf(model);
    }

    @Test
    void put_longestIdsAcrossChunkBoundaries_readBackExactly() {
        IdIndex index = new IdIndex(4);
        String base = "~".repeat(Transaction.MAX_ID_LENGTH - 8);
        // 1 MiB chunks hold 8,192 ids of 128 bytes: 20,000 spill into three chunks.
        for (int i = 0; i < 20_000; i++) {
            index.put(base + String.format("%08d", i), i + 1L);
        }
        for (int i = 0; i < 20_000; i += 97) {
            assertThat(index.get(base + String.format("%08d", i))).isEqualTo(i + 1L);
        }
        assertThat(listed(index).keySet()).allMatch(id -> id.length() == Transaction.MAX_ID_LENGTH);
    }

    @Test
    void put_sameIdTwice_throwsAndKeepsTheFirst() {
        IdIndex index = new IdIndex(0);
        index.put("t1", 3);
        assertThatThrownBy(() -> index.put("t1", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t1");
        assertThat(index.get("t1")).isEqualTo(3);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void sameAs_comparesIdsAndSequences() {
        IdIndex a = new IdIndex(0);
        IdIndex b = new IdIndex(100);
        a.put("x", 1);
        a.put("y", 2);
        b.put("y", 2);
        b.put("x", 1);
        assertThat(a.sameAs(b)).isTrue();
        IdIndex c = new IdIndex(0);
        c.put("x", 1);
        c.put("y", 3);
        assertThat(a.sameAs(c)).isFalse();
        IdIndex d = new IdIndex(0);
        d.put("x", 1);
        assertThat(a.sameAs(d)).isFalse();
    }
}
