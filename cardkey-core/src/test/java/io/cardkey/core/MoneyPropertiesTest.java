package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class MoneyPropertiesTest {
    static final Currency CNY = Currency.getInstance("CNY");

    @Property
    void allocate_addsUpExactly_andEachShareWithinOneUnitOfExact(
            @ForAll long amount,
            @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = Long.MAX_VALUE) Long> weights) {
        long[] w = weights.stream().mapToLong(Long::longValue).toArray();
        if (weights.stream().allMatch(x -> x == 0)) {
            w[0] = 1;
        }
        List<Money> shares = Money.ofMinor(amount, CNY).allocate(w);
        BigInteger total = BigInteger.ZERO;
        BigInteger weightSum = BigInteger.ZERO;
        for (long x : w) {
            weightSum = weightSum.add(BigInteger.valueOf(x));
        }
        for (int i = 0; i < w.length; i++) {
            BigInteger share = BigInteger.valueOf(shares.get(i).minorUnits());
            total = total.add(share);
            // |share - amount*w/W| < 1  <=>  |share*W - amount*w| < W
            BigInteger diff = share.multiply(weightSum)
                    .subtract(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(w[i])))
                    .abs();
            assertThat(diff).isLessThan(weightSum);
            if (w[i] == 0) {
                assertThat(shares.get(i).isZero()).isTrue();
            }
        }
        assertThat(total).isEqualTo(BigInteger.valueOf(amount));
    }

    @Property
    void allocateByRates_addsUpExactly(
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long amount,
            @ForAll @Size(min = 1, max = 5) List<@LongRange(min = 0, max = 2000) Long> basisPoints) {
        Rate sum = Rate.ZERO;
        Rate[] rates = new Rate[basisPoints.size() + 1];
        for (int i = 0; i < basisPoints.size(); i++) {
            rates[i] = Rate.ofBasisPoints(basisPoints.get(i));
            sum = sum.plus(rates[i]);
        }
        rates[basisPoints.size()] = Rate.ONE.minus(sum);
        List<Money> shares = Money.ofMinor(amount, CNY).allocate(rates);
        assertThat(shares.stream().mapToLong(Money::minorUnits).sum()).isEqualTo(amount);
        for (int i = 0; i < rates.length; i++) {
            BigInteger exactTimesDen = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(rates[i].numerator()));
            BigInteger den = BigInteger.valueOf(rates[i].denominator());
            BigInteger diff = BigInteger.valueOf(shares.get(i).minorUnits())
                    .multiply(den)
                    .subtract(exactTimesDen)
                    .abs();
            assertThat(diff).isLessThan(den);
        }
    }

    @Property
    void parse_roundTripsToString(@ForAll long minor, @ForAll("currencies") Currency currency) {
        Money m = Money.ofMinor(minor, currency);
        assertThat(Money.parse(m.toString())).isEqualTo(m);
        assertThat(Money.parse(m.toBigDecimal().toPlainString(), currency)).isEqualTo(m);
    }

    @Property
    void parse_arbitraryText_returnsValueOrThrowsIllegalArgument(@ForAll String text) {
        try {
            Money m = Money.parse(text, CNY);
            assertThat(Money.parse(m.toBigDecimal().toPlainString(), CNY)).isEqualTo(m);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("amount was");
        }
    }

    @Property
    void rate_toString_roundTrips(
            @ForAll @LongRange(min = 0, max = 1_000_000) long numerator,
            @ForAll @LongRange(min = 1, max = 1_000_000) long denominator) {
        Rate r = Rate.ofFraction(numerator, denominator);
        assertThat(Rate.of(r.toString())).isEqualTo(r);
    }

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of(
                Currency.getInstance("CNY"),
                Currency.getInstance("JPY"),
                Currency.getInstance("BHD"),
                Currency.getInstance("USD"));
    }
}
