package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void of_percentBasisPointsDecimalAndFractionAgree() {
        assertThat(Rate.of("5%"))
                .isEqualTo(Rate.ofBasisPoints(500))
                .isEqualTo(Rate.of("0.05"))
                .isEqualTo(Rate.of("1/20"))
                .isEqualTo(Rate.ofFraction(5, 100));
        assertThat(Rate.of("12.5%")).isEqualTo(Rate.ofFraction(1, 8));
        assertThat(Rate.of("0.01%")).isEqualTo(Rate.ofBasisPoints(1));
    }

    @Test
    void toString_percentWhenExactElseFraction() {
        assertThat(Rate.of("5%").toString()).isEqualTo("5%");
        assertThat(Rate.of("2.5%").toString()).isEqualTo("2.5%");
        assertThat(Rate.ONE.toString()).isEqualTo("100%");
        assertThat(Rate.ofFraction(1, 3).toString()).isEqualTo("1/3");
        assertThat(Rate.of(Rate.ofFraction(2, 7).toString())).isEqualTo(Rate.ofFraction(2, 7));
        assertThat(Rate.ofFraction(Long.MAX_VALUE, 1).toString()).isEqualTo(Long.MAX_VALUE + "00%");
    }

    @Test
    void arithmetic_exact() {
        assertThat(Rate.ofFraction(1, 3).plus(Rate.ofFraction(1, 6))).isEqualTo(Rate.ofFraction(1, 2));
        assertThat(Rate.ONE.minus(Rate.of("7%"))).isEqualTo(Rate.of("93%"));
        assertThat(Rate.of("5%").isGreaterThan(Rate.of("2%"))).isTrue();
        assertThat(Rate.ZERO.isZero()).isTrue();
        assertThat(Rate.ofFraction(6, 4).numerator()).isEqualTo(3);
        assertThat(Rate.ofFraction(6, 4).denominator()).isEqualTo(2);
    }

    @Test
    void minus_belowZero_throws() {
        assertThatThrownBy(() -> Rate.of("2%").minus(Rate.of("5%")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never negative");
    }

    @Test
    void plus_overflowingDenominators_throwsArithmetic() {
        Rate a = Rate.ofFraction(1, Long.MAX_VALUE);
        Rate b = Rate.ofFraction(1, Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> a.plus(b)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void badInput_throwsIllegalArgument() {
        for (String bad : new String[] {"", "5", "-5%", "5 %", "1/0", "0,05", "abc", "5%%", "1e-2"}) {
            if (bad.equals("5")) {
                assertThat(Rate.of(bad)).isEqualTo(Rate.ofFraction(5, 1));
                continue;
            }
            assertThatThrownBy(() -> Rate.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Rate.ofBasisPoints(-1)).hasMessageContaining("basisPoints was -1");
        assertThatThrownBy(() -> Rate.ofFraction(1, 0)).hasMessageContaining("denominator was 0");
        assertThatThrownBy(() -> Rate.ofFraction(-1, 2)).hasMessageContaining("numerator was -1");
        assertThatThrownBy(() -> Rate.of(null)).isInstanceOf(NullPointerException.class);
    }
}
