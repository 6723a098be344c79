package io.cardkey.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DuplicatesTest {
    @Test
    void laterCopies_distinctKeys_isEmpty() {
        Random random = new Random(3);
        long[] high = new long[100_000];
        long[] low = new long[100_000];
        for (int i = 0; i < low.length; i++) {
            high[i] = random.nextLong();
            low[i] = random.nextLong();
        }
        assertThat(Duplicates.laterCopies(high, low)).isEmpty();
        assertThat(Duplicates.laterCopies(new long[0], new long[0])).isEmpty();
    }

    @Test
    void laterCopies_sameLowDifferentHigh_areNotCopies() {
        assertThat(Duplicates.laterCopies(new long[] {1, 2, 1, 0}, new long[] {7, 7, 7, 0}))
                .containsExactly(2);
    }

    @Test
    void laterCopies_differentLengths_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Duplicates.laterCopies(new long[2], new long[1]))
                .withMessage("high has 2 keys and low 1; must be as many");
    }
}
