package io.cardkey.core;

import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VolumeBracketsTest {
    static final Rate ONE = Rate.of("1%");
    static final Rate TWO = Rate.of("2%");
    static final Rate THREE = Rate.of("3%");

    static VolumeBrackets table() {
        return VolumeBrackets.builder(CNY)
                .bracket(cny("0"), cny("100.00"), ONE)
                .bracket(cny("100.00"), cny("500.00"), TWO)
                .bracketFrom(cny("500.00"), THREE)
                .build();
    }

    @Test
    void rateFor_halfOpenBoundaries() {
        VolumeBrackets t = table();
        assertThat(t.rateFor(cny("0"))).isEqualTo(ONE);
        assertThat(t.rateFor(cny("99.99"))).isEqualTo(ONE);
        assertThat(t.rateFor(cny("100.00"))).isEqualTo(TWO);
        assertThat(t.rateFor(cny("499.99"))).isEqualTo(TWO);
        assertThat(t.rateFor(cny("500.00"))).isEqualTo(THREE);
        assertThat(t.rateFor(Money.ofMinor(Long.MAX_VALUE, CNY))).isEqualTo(THREE);
        assertThat(t.toString()).isEqualTo("VolumeBrackets[[0.00, 100.00): 1%, [100.00, 500.00): 2%, [500.00, ∞): 3%]");
    }

    @Test
    void build_acceptsBracketsInAnyOrder() {
        VolumeBrackets t = VolumeBrackets.builder(CNY)
                .bracketFrom(cny("500.00"), THREE)
                .bracket(cny("100.00"), cny("500.00"), TWO)
                .bracket(cny("0"), cny("100.00"), ONE)
                .build();
        assertThat(t.rateFor(cny("100.00"))).isEqualTo(TWO);
        assertThat(t).isEqualTo(table()).hasSameHashCodeAs(table());
        assertThat(CommissionRule.volumeBrackets(CommissionBase.SALE, t))
                .isEqualTo(CommissionRule.volumeBrackets(CommissionBase.SALE, table()))
                .isNotEqualTo(CommissionRule.volumeBrackets(CommissionBase.MARGIN, table()));
    }

    @Test
    void build_singleOpenBracket() {
        VolumeBrackets t =
                VolumeBrackets.builder(CNY).bracketFrom(cny("0"), TWO).build();
        assertThat(t.rateFor(cny("123"))).isEqualTo(TWO);
        assertThat(t.currency()).isEqualTo(CNY);
    }

    @Test
    void build_gap_rejectedWithWhere() {
        VolumeBrackets.Builder b = VolumeBrackets.builder(CNY)
                .bracket(cny("0"), cny("100.00"), ONE)
                .bracketFrom(cny("100.01"), TWO);
        assertThatThrownBy(b::build).isInstanceOfSatisfying(BracketTableException.class, e -> {
            assertThat(e.getProblem()).isEqualTo(BracketTableException.Problem.GAP);
            assertThat(e.getAt()).contains(cny("100.00"));
        });
    }

    @Test
    void build_overlap_rejectedWithWhere() {
        VolumeBrackets.Builder b = VolumeBrackets.builder(CNY)
                .bracket(cny("0"), cny("100.00"), ONE)
                .bracketFrom(cny("99.99"), TWO);
        assertThatThrownBy(b::build).isInstanceOfSatisfying(BracketTableException.class, e -> {
            assertThat(e.getProblem()).isEqualTo(BracketTableException.Problem.OVERLAP);
            assertThat(e.getAt()).contains(cny("99.99"));
        });
        VolumeBrackets.Builder same = VolumeBrackets.builder(CNY)
                .bracket(cny("0"), cny("100.00"), ONE)
                .bracket(cny("0"), cny("50.00"), ONE)
                .bracketFrom(cny("100.00"), TWO);
        assertThatThrownBy(same::build)
                .isInstanceOfSatisfying(
                        BracketTableException.class,
                        e -> assertThat(e.getProblem()).isIn(BracketTableException.Problem.OVERLAP));
    }

    @Test
    void build_notFromZero_rejected() {
        VolumeBrackets.Builder b = VolumeBrackets.builder(CNY).bracketFrom(cny("0.01"), ONE);
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        BracketTableException.class,
                        e -> assertThat(e.getProblem()).isEqualTo(BracketTableException.Problem.NOT_FROM_ZERO));
    }

    @Test
    void build_notOpenEnded_rejected() {
        VolumeBrackets.Builder closed = VolumeBrackets.builder(CNY).bracket(cny("0"), cny("100.00"), ONE);
        assertThatThrownBy(closed::build).isInstanceOfSatisfying(BracketTableException.class, e -> {
            assertThat(e.getProblem()).isEqualTo(BracketTableException.Problem.NOT_OPEN_ENDED);
            assertThat(e.getAt()).contains(cny("100.00"));
        });
        VolumeBrackets.Builder twoOpen =
                VolumeBrackets.builder(CNY).bracketFrom(cny("0"), ONE).bracketFrom(cny("100"), TWO);
        assertThatThrownBy(twoOpen::build)
                .isInstanceOfSatisfying(
                        BracketTableException.class,
                        e -> assertThat(e.getProblem()).isEqualTo(BracketTableException.Problem.NOT_OPEN_ENDED));
    }

    @Test
    void build_empty_rejected() {
        assertThatThrownBy(VolumeBrackets.builder(CNY)::build)
                .isInstanceOfSatisfying(BracketTableException.class, e -> {
                    assertThat(e.getProblem()).isEqualTo(BracketTableException.Problem.EMPTY);
                    assertThat(e.getAt()).isEmpty();
                });
    }

    @Test
    void builder_badBrackets_rejectedAtOnce() {
        VolumeBrackets.Builder b = VolumeBrackets.builder(CNY);
        assertThatThrownBy(() -> b.bracket(cny("5"), cny("5"), ONE)).hasMessageContaining("half-open");
        assertThatThrownBy(() -> b.bracket(cny("-1"), cny("5"), ONE)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> b.bracketFrom(cny("0"), Rate.of("101%"))).hasMessageContaining("at most 100%");
        assertThatThrownBy(() -> b.bracketFrom(Money.parse("0", USD), ONE))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void rateFor_badVolume_rejected() {
        VolumeBrackets t = table();
        assertThatThrownBy(() -> t.rateFor(cny("-0.01"))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> t.rateFor(Money.parse("1", USD))).isInstanceOf(CurrencyMismatchException.class);
    }
}
