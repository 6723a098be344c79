package io.cardkey.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DuplicatesPropertiesTest {
    /** Few distinct values so that there are many repeats; compared with a reference model built on a HashSet. */
    @Property
    void laterCopies_matchesAReferenceModel(
            @ForAll @Size(max = 200) List<@IntRange(max = 3) Integer> highs,
            @ForAll @Size(max = 200) List<@IntRange(max = 5) Integer> lows) {
        int n = Math.min(highs.size(), lows.size());
        long[] high = new long[n];
        long[] low = new long[n];
        Set<List<Long>> seen = new HashSet<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            high[i] = highs.get(i);
            low[i] = lows.get(i) - 2L; // negative values too
            if (!seen.add(List.of(high[i], low[i]))) {
                expected.add(i);
            }
        }
        assertThat(Duplicates.laterCopies(high, low))
                .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
}
