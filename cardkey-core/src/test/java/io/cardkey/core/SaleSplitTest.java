package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SaleSplitTest {
    static final DistributorId AG = DistributorId.of("agent");
    static final UplineChain CHAIN = UplineChain.of(List.of(new UplineChain.Link(AG, AGENT, false)));

    static CommissionShare share(String amount) {
        return new CommissionShare(1, AG, cny(amount), cny("0"));
    }

    @Test
    void of_partsAddingUp_accepted() {
        SaleSplit split = SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("1.50"), List.of(share("0.50")), CHAIN);
        assertThat(split.totalCommission()).isEqualTo(cny("0.50"));
        assertThat(split)
                .isEqualTo(SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("1.50"), List.of(share("0.50")), CHAIN));
        assertThat(split.hashCode())
                .isEqualTo(SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("1.50"), List.of(share("0.50")), CHAIN)
                        .hashCode());
        assertThat(split.quantity()).isEqualTo(1);
        assertThat(split.sku()).isEqualTo(CARD);
    }

    @Test
    void of_partsNotAddingUp_rejected() {
        assertThatThrownBy(() -> SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("1.49"), List.of(share("0.50")), CHAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not add up");
    }

    @Test
    void of_negativeParts_rejected() {
        assertThatThrownBy(
                        () -> SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("-0.50"), List.of(share("2.50")), CHAIN))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> share("-0.01")).hasMessageContaining("never negative");
        assertThatThrownBy(() -> new CommissionShare(0, AG, cny("0"), cny("0"))).hasMessageContaining("level was 0");
        assertThatThrownBy(() -> new CommissionShare(1, AG, cny("0"), Money.parse("0", USD)))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void of_sharesNotMatchingChain_rejected() {
        CommissionShare stranger = new CommissionShare(1, DistributorId.of("x"), cny("0.50"), cny("0"));
        assertThatThrownBy(() -> SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("1.50"), List.of(stranger), CHAIN))
                .hasMessageContaining("must be level 1 for agent");
        assertThatThrownBy(() -> SaleSplit.of(
                        CARD, 1, cny("10"), cny("8"), cny("1.50"), List.of(share("0.50")), UplineChain.empty()))
                .hasMessageContaining("the chain has only 0");
        assertThatThrownBy(() -> SaleSplit.of(CARD, 0, cny("10"), cny("8"), cny("2"), List.of(), CHAIN))
                .hasMessageContaining("quantity was 0");
    }

    @Test
    void of_forfeitedBeyondPlatformMargin_rejected() {
        CommissionShare forfeited = new CommissionShare(1, AG, cny("0"), cny("2.50"));
        assertThatThrownBy(() -> SaleSplit.of(CARD, 1, cny("10"), cny("8"), cny("2"), List.of(forfeited), CHAIN))
                .hasMessageContaining("part of the platform margin");
    }

    @Test
    void of_mixedCurrencies_rejected() {
        assertThatThrownBy(() -> SaleSplit.of(CARD, 1, cny("10"), Money.parse("8", USD), cny("2"), List.of(), CHAIN))
                .isInstanceOf(CurrencyMismatchException.class);
    }
}
