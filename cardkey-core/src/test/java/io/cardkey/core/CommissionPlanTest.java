package io.cardkey.core;

import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommissionPlanTest {
    static CommissionRule sale(String rate) {
        return CommissionRule.percentOf(CommissionBase.SALE, Rate.of(rate));
    }

    @Test
    void build_ratesOfOneBaseAbove100Percent_rejected() {
        CommissionPlan.Builder b =
                CommissionPlan.builder().level(1, sale("60%")).level(2, sale("41%"));
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        CommissionPlanValidationException.class,
                        e -> assertThat(e.getSku()).isEmpty())
                .hasMessageContaining("101%");
    }

    @Test
    void build_bracketsCountWithTheirHighestRate() {
        VolumeBrackets table = VolumeBrackets.builder(CNY)
                .bracket(cny("0"), cny("100"), Rate.of("10%"))
                .bracketFrom(cny("100"), Rate.of("60%"))
                .build();
        CommissionPlan.Builder b = CommissionPlan.builder()
                .level(1, CommissionRule.volumeBrackets(CommissionBase.MARGIN, table))
                .level(2, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.of("41%")));
        assertThatThrownBy(b::build).isInstanceOf(CommissionPlanValidationException.class);
    }

    @Test
    void build_differentBasesAreSummedSeparately() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, sale("60%"))
                .level(2, CommissionRule.percentOf(CommissionBase.MARGIN, Rate.of("60%")))
                .build();
        assertThat(plan.maxLevel()).isEqualTo(2);
    }

    @Test
    void accessors_andToString() {
        CommissionPlan plan = CommissionPlan.builder()
                .level(1, sale("5%"))
                .level(2, CommissionRule.fixedPerUnit(cny("0.10")))
                .levelCap(1, cny("20"))
                .saleCap(cny("25"))
                .build();
        assertThat(plan.rule(1))
                .contains(sale("5%").rate().map(r -> sale("5%")).orElseThrow())
                .isPresent();
        assertThat(plan.rule(1).orElseThrow().rate()).contains(Rate.of("5%"));
        assertThat(plan.rule(1).orElseThrow().base()).contains(CommissionBase.SALE);
        assertThat(plan.rule(2).orElseThrow().amountPerUnit()).contains(cny("0.10"));
        assertThat(plan.rule(2).orElseThrow().kind()).isEqualTo(CommissionRule.Kind.FIXED_PER_UNIT);
        assertThat(plan.rule(3)).isEmpty();
        assertThat(plan.levelCap(1)).contains(cny("20"));
        assertThat(plan.levelCap(2)).isEmpty();
        assertThat(plan.saleCap()).contains(cny("25"));
        assertThat(plan.toString())
                .isEqualTo("CommissionPlan[1: 5% of SALE (cap CNY 20.00), 2: CNY 0.10 per unit, sale cap CNY 25.00]");
        assertThat(CommissionPlan.none().maxLevel()).isZero();
        assertThat(CommissionPlan.none().saleCap()).isEmpty();
        assertThatThrownBy(() -> plan.rule(0)).hasMessageContaining("level was 0");
        assertThatThrownBy(() -> plan.levelCap(0)).hasMessageContaining("level was 0");
    }

    @Test
    void builder_badInput_rejectedAtOnce() {
        CommissionPlan.Builder b = CommissionPlan.builder().level(1, sale("5%"));
        assertThatThrownBy(() -> b.level(0, sale("1%"))).hasMessageContaining("level was 0");
        assertThatThrownBy(() -> b.level(65, sale("1%"))).hasMessageContaining("level was 65");
        assertThatThrownBy(() -> b.level(1, sale("1%"))).hasMessageContaining("already has the rule");
        assertThatThrownBy(() -> b.levelCap(2, cny("1"))).hasMessageContaining("has no rule");
        assertThatThrownBy(() -> b.levelCap(1, cny("-1"))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> b.saleCap(cny("-1"))).hasMessageContaining("must not be negative");
        b.levelCap(1, cny("1"));
        assertThatThrownBy(() -> b.levelCap(1, cny("1"))).hasMessageContaining("already capped");
        assertThatThrownBy(() -> b.saleCap(Money.parse("1", USD))).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> b.level(2, CommissionRule.fixedPerUnit(Money.parse("1", USD))))
                .isInstanceOf(CurrencyMismatchException.class);
        b.saleCap(cny("2"));
        assertThatThrownBy(() -> b.saleCap(cny("2"))).hasMessageContaining("already set");
        // the rejected calls left nothing behind
        CommissionPlan plan = b.build();
        assertThat(plan.maxLevel()).isEqualTo(1);
        assertThat(plan.levelCap(1)).contains(cny("1"));
    }

    @Test
    void rules_validateArguments() {
        assertThatThrownBy(() -> CommissionRule.percentOf(CommissionBase.SALE, Rate.of("100.01%")))
                .hasMessageContaining("at most 100%");
        assertThatThrownBy(() -> CommissionRule.fixedPerUnit(cny("-0.01")))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> CommissionRule.volumeBrackets(CommissionBase.SALE, null))
                .isInstanceOf(NullPointerException.class);
        assertThat(CommissionRule.priceDifference().kind()).isEqualTo(CommissionRule.Kind.PRICE_DIFFERENCE);
        assertThat(CommissionRule.priceDifference().rate()).isEmpty();
        assertThat(CommissionRule.priceDifference().brackets()).isEmpty();
        assertThat(CommissionRule.priceDifference().toString()).isEqualTo("price difference");
    }
}
