package io.cardkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void convert_throughput_scalesByTimeUnit() {
        assertThat(Units.convert(3.0, "ops/us", "ops/s")).isCloseTo(3_000_000.0, within(1e-6));
        assertThat(Units.convert(2_000.0, "ops/s", "ops/ms")).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void convert_timePerOperation_scalesByTimeUnit() {
        assertThat(Units.convert(2.0, "ms/op", "us/op")).isCloseTo(2_000.0, within(1e-9));
        assertThat(Units.convert(500.0, "ns/op", "us/op")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void convert_sameUnit_isIdentity() {
        assertThat(Units.convert(1.5, "x", "x")).isEqualTo(1.5);
    }

    @Test
    void convert_throughputToTime_throws() {
        assertThatThrownBy(() -> Units.convert(1.0, "ops/s", "ms/op"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot convert ops/s to ms/op");
    }

    @Test
    void convert_unknownTimeUnit_throws() {
        assertThatThrownBy(() -> Units.convert(1.0, "ops/fortnight", "ops/s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time unit was fortnight");
    }

    @Test
    void format_usesSeparatorsAboveAThousandAndSignificantDigitsBelow() {
        assertThat(Units.format(3_123_456.7)).isEqualTo("3,123,457");
        assertThat(Units.format(123.456)).isEqualTo("123.5");
        assertThat(Units.format(12.345)).isEqualTo("12.35");
        assertThat(Units.format(1.2344)).isEqualTo("1.234");
        assertThat(Units.format(Double.NaN)).isEqualTo("n/a");
    }
}
