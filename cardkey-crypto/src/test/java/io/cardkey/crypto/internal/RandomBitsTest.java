package io.cardkey.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RandomBitsTest {
    /** A source that yields a fixed byte pattern, to check how bits become values. */
    private static SecureRandom repeating(int... pattern) {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) pattern[i % pattern.length];
                }
            }
        };
    }

    @Test
    void below_takesBitsMostSignificantFirst() {
        // 0b10101_010 0b01_11111_0 ...: five-bit values 21, 9, 31
        RandomBits bits = new RandomBits(repeating(0b1010_1010, 0b0111_1110));
        assertThat(bits.below(32, 5)).isEqualTo(21);
        assertThat(bits.below(32, 5)).isEqualTo(9);
        assertThat(bits.below(32, 5)).isEqualTo(31);
    }

    @Test
    void below_rejectsValuesOutsideTheBound_insteadOfReducingThem() {
        // nibbles 15, 12, 3: the first two are >= 10 and must be skipped, not taken mod 10
        RandomBits bits = new RandomBits(repeating(0xFC, 0x3F));
        assertThat(bits.below(10, 4)).isEqualTo(3);
    }

    @Test
    void systemDrbgPerThread_isOnePerThread() throws InterruptedException {
        RandomBits mine = RandomBits.systemDrbgPerThread();
        assertThat(RandomBits.systemDrbgPerThread()).isSameAs(mine);
        AtomicReference<RandomBits> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(RandomBits.systemDrbgPerThread()));
        thread.start();
        thread.join();
        assertThat(other.get()).isNotNull().isNotSameAs(mine);
        int[] values = new int[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = mine.below(32, 5);
        }
        assertThat(Arrays.stream(values).distinct().count()).isGreaterThan(16);
    }

    @Test
    void constructor_null_throws() {
        assertThatNullPointerException().isThrownBy(() -> new RandomBits(null)).withMessage("random");
    }
}
