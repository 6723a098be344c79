package io.cardkey.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongPairSetTest {
    @Test
    void add_reportsAbsence_likeAHashSet() {
        Random random = new Random(5);
        LongPairSet set = new LongPairSet(20_000);
        Set<String> reference = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            // few distinct values, so there are many repeats
            long hi = random.nextInt(3);
            long lo = random.nextInt(4000);
            assertThat(set.add(hi, lo)).isEqualTo(reference.add(hi + ":" + lo));
        }
    }

    @Test
    void add_zeroPair_isAValueLikeAnyOther() {
        LongPairSet set = new LongPairSet(2);
        assertThat(set.add(0, 0)).isTrue();
        assertThat(set.add(0, 0)).isFalse();
        assertThat(set.add(0, 1)).isTrue();
        assertThat(set.add(1, 0)).isTrue();
    }

    @Test
    void capacity_outOfRange_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LongPairSet(0))
                .withMessageStartingWith("capacity was 0; must be between 1 and 2^26");
        assertThatIllegalArgumentException().isThrownBy(() -> new LongPairSet((1 << 26) + 1));
    }
}
