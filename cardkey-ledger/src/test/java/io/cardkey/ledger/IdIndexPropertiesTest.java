package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class IdIndexPropertiesTest {
    /** Any ids, with repeats and colliding hash codes likely: the index answers exactly as a HashMap does. */
    @Property
    void index_behavesLikeAMap(
            @ForAll @Size(max = 300) List<@StringLength(min = 1, max = 3) @CharRange(from = '!', to = '&') String> ids,
            @ForAll @Size(max = 50)
                    List<@StringLength(min = 1, max = 4) @CharRange(from = '!', to = '&') String> probes) {
        IdIndex index = new IdIndex(0);
        Map<String, Long> model = new HashMap<>();
        long seq = 1;
        for (String id : ids) {
            if (model.putIfAbsent(id, seq) == null) {
                index.put(id, seq);
            }
            seq++;
        }
        assertThat(index.size()).isEqualTo(model.size());
        for (String id : ids) {
            assertThat(index.get(id)).isEqualTo(model.get(id));
        }
        for (String p : probes) {
            assertThat(index.get(p)).isEqualTo(model.getOrDefault(p, 0L));
        }
        assertThat(IdIndexTest.listed(index)).isEqualTo(model);
    }
}
