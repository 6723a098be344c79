package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class BlindIndexerPropertiesTest {
    private static final Map<Suite, BlindIndexer> INDEXERS = new EnumMap<>(Suite.class);

    static {
        for (Suite suite : Suite.values()) {
            INDEXERS.put(suite, BlindIndexer.of(Keyset.generate(suite)));
        }
    }

    @Property(tries = 500)
    void codesIndexEquallyExactlyWhenEqual(
            @ForAll Suite suite, @ForAll @Size(max = 40) byte[] a, @ForAll @Size(max = 40) byte[] b) {
        BlindIndexer indexer = INDEXERS.get(suite);
        BlindIndex x = indexer.index(Secret.copyOf(a));
        BlindIndex y = indexer.index(Secret.copyOf(b));
        assertThat(x.equals(y)).isEqualTo(Arrays.equals(a, b));
        assertThat(indexer.index(Secret.copyOf(a))).isEqualTo(x);
    }
}
