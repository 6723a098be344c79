package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AllocationTest {
    @Test
    void allocate_extremeAmounts_addUpExactly() {
        assertThat(Allocation.allocate(Long.MIN_VALUE, new long[] {1, 1, 1}))
                .containsExactly(-3074457345618258602L, -3074457345618258603L, -3074457345618258603L);
        assertThat(Allocation.allocate(Long.MAX_VALUE, new long[] {3, 3, 3}))
                .containsExactly(3074457345618258603L, 3074457345618258602L, 3074457345618258602L);
    }

    @Test
    void allocate_weightsSummingBeyondLong_useExactPath() {
        assertThat(Allocation.allocate(10, new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 0}))
                .containsExactly(5, 5, 0);
    }

    @Test
    void allocate_nullOrEmpty_rejected() {
        assertThatThrownBy(() -> Allocation.allocate(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Allocation.allocate(1, new long[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
