package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class VolumeBracketsPropertiesTest {
    static final Currency CNY = Currency.getInstance("CNY");

    /** Every volume, and in particular every bound and the unit just below it, gets the rate of its bracket. */
    @Property(tries = 300)
    void rateFor_matchesLinearScan_atAndAroundEveryBound(
            @ForAll @Size(min = 0, max = 6) List<@LongRange(min = 1, max = 1_000_000) Long> bounds,
            @ForAll @LongRange(min = 0, max = 1_100_000) long volume) {
        List<Long> from = new ArrayList<>(new TreeSet<>(bounds));
        from.add(0, 0L);
        VolumeBrackets.Builder builder = VolumeBrackets.builder(CNY);
        for (int i = 0; i < from.size(); i++) {
            Rate rate = Rate.ofBasisPoints(i * 100L);
            if (i + 1 < from.size()) {
                builder.bracket(money(from.get(i)), money(from.get(i + 1)), rate);
            } else {
                builder.bracketFrom(money(from.get(i)), rate);
            }
        }
        VolumeBrackets table = builder.build();
        List<Long> probes = new ArrayList<>(List.of(volume));
        for (long b : from) {
            probes.add(b);
            if (b > 0) {
                probes.add(b - 1);
            }
        }
        for (long v : probes) {
            int expected = 0;
            for (int i = 0; i < from.size(); i++) {
                if (from.get(i) <= v) {
                    expected = i;
                }
            }
            assertThat(table.rateFor(money(v))).as("volume %d", v).isEqualTo(Rate.ofBasisPoints(expected * 100L));
        }
    }

    /** Moving one inner bound of a contiguous table by a unit opens a gap or an overlap, and is refused. */
    @Property(tries = 200)
    void shiftedBound_isRefusedAsGapOrOverlap(
            @ForAll @Size(min = 1, max = 5) List<@LongRange(min = 2, max = 1_000_000) Long> bounds,
            @ForAll @IntRange(min = 0, max = 10) int which,
            @ForAll boolean widen) {
        // Bounds at least two units apart, so narrowing a bracket by one unit never empties it.
        List<Long> from =
                new ArrayList<>(new TreeSet<>(bounds.stream().map(b -> b * 2).toList()));
        from.add(0, 0L);
        int broken = which % (from.size() - 1);
        VolumeBrackets.Builder builder = VolumeBrackets.builder(CNY);
        for (int i = 0; i < from.size(); i++) {
            if (i + 1 < from.size()) {
                long to = from.get(i + 1) + (i == broken ? (widen ? 1 : -1) : 0);
                builder.bracket(money(from.get(i)), money(to), Rate.ZERO);
            } else {
                builder.bracketFrom(money(from.get(i)), Rate.ZERO);
            }
        }
        BracketTableException.Problem expected =
                widen ? BracketTableException.Problem.OVERLAP : BracketTableException.Problem.GAP;
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        BracketTableException.class,
                        e -> assertThat(e.getProblem()).isEqualTo(expected));
    }

    private static Money money(long minor) {
        return Money.ofMinor(minor, CNY);
    }
}
