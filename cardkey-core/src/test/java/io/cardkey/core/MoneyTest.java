package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MoneyTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Currency USD = Currency.getInstance("USD");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency BHD = Currency.getInstance("BHD");

    @Test
    void allocate_9999by75and25_gives7499and2500() {
        assertThat(Money.parse("99.99", CNY).allocate(75, 25))
                .containsExactly(Money.parse("74.99", CNY), Money.parse("25.00", CNY));
    }

    @Test
    void allocate_tie_earlierPartyWins() {
        assertThat(Money.ofMinor(100, CNY).allocate(1, 1, 1))
                .containsExactly(Money.ofMinor(34, CNY), Money.ofMinor(33, CNY), Money.ofMinor(33, CNY));
        assertThat(Money.ofMinor(2, CNY).allocate(1, 1, 1))
                .containsExactly(Money.ofMinor(1, CNY), Money.ofMinor(1, CNY), Money.ofMinor(0, CNY));
    }

    @Test
    void allocate_negativeAmount_addsUpAndStaysWithinOneUnit() {
        assertThat(Money.ofMinor(-10, CNY).allocate(1, 1, 1))
                .containsExactly(Money.ofMinor(-3, CNY), Money.ofMinor(-3, CNY), Money.ofMinor(-4, CNY));
    }

    @Test
    void allocate_zeroWeight_getsExactlyZero() {
        assertThat(Money.ofMinor(7, CNY).allocate(0, 1, 0, 1))
                .containsExactly(
                        Money.ofMinor(0, CNY), Money.ofMinor(4, CNY), Money.ofMinor(0, CNY), Money.ofMinor(3, CNY));
    }

    @Test
    void allocate_hugeAmountAndWeights_usesExactArithmetic() {
        Money big = Money.ofMinor(Long.MAX_VALUE, CNY);
        assertThat(big.allocate(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2).stream()
                        .mapToLong(Money::minorUnits)
                        .sum())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(big.allocate(Long.MAX_VALUE, 1))
                .containsExactly(Money.ofMinor(Long.MAX_VALUE - 1, CNY), Money.ofMinor(1, CNY));
    }

    @Test
    void allocate_badWeights_throwIllegalArgument() {
        Money m = Money.ofMinor(100, CNY);
        assertThatThrownBy(() -> m.allocate(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.allocate(0, 0)).hasMessageContaining("all zero");
        assertThatThrownBy(() -> m.allocate(1, -1)).hasMessageContaining("weights[1] was -1");
    }

    @Test
    void allocateByRates_fivePercentTwoPercentRest() {
        Rate five = Rate.of("5%");
        Rate two = Rate.of("2%");
        assertThat(Money.parse("1.99", CNY).allocate(five, two, Rate.ONE.minus(five.plus(two))))
                .containsExactly(Money.parse("0.10", CNY), Money.parse("0.04", CNY), Money.parse("1.85", CNY));
    }

    @Test
    void allocateByRates_thirds() {
        Rate third = Rate.ofFraction(1, 3);
        assertThat(Money.parse("10.00", CNY).allocate(third, third, third))
                .containsExactly(Money.parse("3.34", CNY), Money.parse("3.33", CNY), Money.parse("3.33", CNY));
    }

    @Test
    void allocateByRates_notSummingToOne_throws() {
        assertThatThrownBy(() -> Money.parse("1.00", CNY).allocate(Rate.of("50%"), Rate.of("49%")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99%");
        assertThatThrownBy(() -> Money.parse("1.00", CNY).allocate(new Rate[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_currencyDecimalPlaces() {
        assertThat(Money.parse("9.50", CNY).minorUnits()).isEqualTo(950);
        assertThat(Money.parse("9.5", CNY)).isEqualTo(Money.ofMinor(950, CNY));
        assertThat(Money.parse("10", CNY).minorUnits()).isEqualTo(1000);
        assertThat(Money.parse("-0.01", CNY).minorUnits()).isEqualTo(-1);
        assertThat(Money.parse("120", JPY).minorUnits()).isEqualTo(120);
        assertThat(Money.parse("1.234", BHD).minorUnits()).isEqualTo(1234);
    }

    @Test
    void parse_moreDecimalsThanCurrency_refusesToRound() {
        assertThatThrownBy(() -> Money.parse("9.505", CNY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never rounded");
        assertThatThrownBy(() -> Money.parse("1.5", JPY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_malformed_throwsIllegalArgument() {
        for (String bad : new String[] {"", "9,50", "1 000", "+1", "1.", ".5", "1e3", "¥9.50", "٩.٥٠", " 9.50"}) {
            assertThatThrownBy(() -> Money.parse(bad, CNY)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Money.parse("99999999999999999999", CNY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must fit a long");
    }

    @Test
    void parseWithCurrency_roundTripsToString() {
        Money m = Money.parse("CNY 9.50");
        assertThat(m).isEqualTo(Money.ofMinor(950, CNY));
        assertThat(m.toString()).isEqualTo("CNY 9.50");
        assertThat(Money.ofMinor(-120, JPY).toString()).isEqualTo("JPY -120");
        assertThatThrownBy(() -> Money.parse("9.50")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse("QQQ 9.50")).hasMessageContaining("not an ISO 4217");
    }

    @Test
    void toString_ignoresDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("de-DE"));
            assertThat(Money.parse("1234.50", CNY).toString()).isEqualTo("CNY 1234.50");
            Locale.setDefault(Locale.forLanguageTag("hi-IN-u-nu-deva"));
            assertThat(Money.parse("1234.50", CNY).toString()).isEqualTo("CNY 1234.50");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void ofBigDecimal_exactOnly() {
        assertThat(Money.of(new BigDecimal("9.500"), CNY)).isEqualTo(Money.ofMinor(950, CNY));
        assertThatThrownBy(() -> Money.of(new BigDecimal("9.501"), CNY)).isInstanceOf(ArithmeticException.class);
        assertThat(Money.ofMajor(10, CNY).minorUnits()).isEqualTo(1000);
        assertThat(Money.zero(JPY).isZero()).isTrue();
    }

    @Test
    void currencyWithoutDecimals_rejected() {
        assertThatThrownBy(() -> Money.zero(Currency.getInstance("XAU")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XAU");
    }

    @Test
    void arithmetic_exact() {
        Money a = Money.parse("9.50", CNY);
        assertThat(a.plus(Money.parse("0.50", CNY))).isEqualTo(Money.parse("10.00", CNY));
        assertThat(a.minus(Money.parse("10.00", CNY))).isEqualTo(Money.parse("-0.50", CNY));
        assertThat(a.multipliedBy(3)).isEqualTo(Money.parse("28.50", CNY));
        assertThat(a.negated().isNegative()).isTrue();
        assertThat(a.isPositive()).isTrue();
        assertThat(a.isGreaterThan(Money.parse("9.49", CNY))).isTrue();
        assertThat(a.isLessThan(Money.parse("9.51", CNY))).isTrue();
        assertThat(a.min(Money.parse("1", CNY))).isEqualTo(Money.parse("1", CNY));
        assertThat(a.toBigDecimal()).isEqualTo(new BigDecimal("9.50"));
    }

    @Test
    void arithmetic_overflow_throwsArithmetic() {
        Money max = Money.ofMinor(Long.MAX_VALUE, CNY);
        assertThatThrownBy(() -> max.plus(Money.ofMinor(1, CNY))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> max.negated().minus(Money.ofMinor(2, CNY))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> max.multipliedBy(2)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofMinor(Long.MIN_VALUE, CNY).negated()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofMajor(Long.MAX_VALUE, CNY)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void differentCurrencies_throwCurrencyMismatch() {
        Money cny = Money.parse("1", CNY);
        Money usd = Money.parse("1", USD);
        assertThatThrownBy(() -> cny.plus(usd)).isInstanceOfSatisfying(CurrencyMismatchException.class, e -> {
            assertThat(e.getExpected()).isEqualTo(CNY);
            assertThat(e.getActual()).isEqualTo(USD);
        });
        assertThatThrownBy(() -> cny.minus(usd)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> cny.compareTo(usd)).isInstanceOf(CurrencyMismatchException.class);
        assertThat(cny).isNotEqualTo(usd);
    }

    @Test
    void nulls_refused() {
        assertThatThrownBy(() -> Money.ofMinor(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Money.parse(null, CNY)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Money.zero(CNY).plus(null)).isInstanceOf(NullPointerException.class);
    }
}
