package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PriceListTest {
    static final DistributorId ALICE = DistributorId.of("alice");

    @Test
    void quote_tierBase_namesTheRule() {
        Quote q = classicPrices().build().quote(CARD, AGENT, 3);
        assertThat(q.unitPrice()).isEqualTo(cny("9.50"));
        assertThat(q.total()).isEqualTo(cny("28.50"));
        assertThat(q.quantity()).isEqualTo(3);
        assertThat(q.source()).isEqualTo(PriceSource.TIER_BASE);
        assertThat(q.breakQuantity()).isEmpty();
        assertThat(q.distributor()).isEmpty();
        assertThat(q.tier()).isEqualTo(AGENT);
        assertThat(q.sku()).isEqualTo(CARD);
        assertThat(q.toString()).contains("TIER_BASE", "CNY 28.50");
    }

    @Test
    void quote_quantityBreak_appliesFromItsThreshold() {
        PriceList prices = classicPrices()
                .quantityBreak(CARD, RETAIL, 10, cny("9.80"))
                .quantityBreak(CARD, RETAIL, 100, cny("9.60"))
                .build();
        assertThat(prices.quote(CARD, RETAIL, 9).source()).isEqualTo(PriceSource.TIER_BASE);
        Quote ten = prices.quote(CARD, RETAIL, 10);
        assertThat(ten.unitPrice()).isEqualTo(cny("9.80"));
        assertThat(ten.source()).isEqualTo(PriceSource.QUANTITY_BREAK);
        assertThat(ten.breakQuantity()).isEqualTo(OptionalLong.of(10));
        assertThat(prices.quote(CARD, RETAIL, 99).unitPrice()).isEqualTo(cny("9.80"));
        Quote hundred = prices.quote(CARD, RETAIL, 100);
        assertThat(hundred.unitPrice()).isEqualTo(cny("9.60"));
        assertThat(hundred.breakQuantity()).isEqualTo(OptionalLong.of(100));
        assertThat(hundred.total()).isEqualTo(cny("960.00"));
    }

    @Test
    void quote_distributorOverride_winsOverTierAndBreaks() {
        PriceList prices = classicPrices()
                .quantityBreak(CARD, AGENT, 10, cny("9.40"))
                .distributorPrice(CARD, ALICE, cny("9.20"))
                .build();
        Quote q = prices.quote(CARD, AGENT, ALICE, 50);
        assertThat(q.unitPrice()).isEqualTo(cny("9.20"));
        assertThat(q.source()).isEqualTo(PriceSource.DISTRIBUTOR_OVERRIDE);
        assertThat(q.distributor()).contains(ALICE);
        assertThat(prices.quote(CARD, AGENT, DistributorId.of("bob"), 50).source())
                .isEqualTo(PriceSource.QUANTITY_BREAK);
    }

    @Test
    void quote_unknownSkuOrTier_throwsMissingPrice() {
        PriceList prices = classicPrices().build();
        assertThatThrownBy(() -> prices.quote(Sku.of("nope"), AGENT, 1))
                .isInstanceOfSatisfying(MissingPriceException.class, e -> {
                    assertThat(e.getSku()).isEqualTo(Sku.of("nope"));
                    assertThat(e.getTier()).isEmpty();
                });
        Tier vip = Tier.of("vip", 5);
        assertThatThrownBy(() -> prices.quote(CARD, vip, 1))
                .isInstanceOfSatisfying(
                        MissingPriceException.class,
                        e -> assertThat(e.getTier()).contains(vip))
                .hasMessageContaining("vip#5");
        assertThatThrownBy(() -> prices.supplierCost(Sku.of("nope"))).isInstanceOf(MissingPriceException.class);
    }

    @Test
    void quote_badQuantity_throwsIllegalArgument() {
        PriceList prices = classicPrices().build();
        assertThatThrownBy(() -> prices.quote(CARD, AGENT, 0)).hasMessageContaining("quantity was 0");
        assertThatThrownBy(() -> prices.quote(CARD, AGENT, Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void build_tierBelowCost_namesSkuTierAndPrices() {
        PriceList.Builder b =
                PriceList.builder(CNY).product(CARD, cny("8.00")).tierPrice(CARD, GENERAL_AGENT, cny("7.99"));
        assertThatThrownBy(b::build).isInstanceOfSatisfying(PriceListValidationException.class, e -> {
            assertThat(e.getSku()).isEqualTo(CARD);
            assertThat(e.getTier()).contains(GENERAL_AGENT);
            assertThat(e.getPrice()).contains(cny("7.99"));
            assertThat(e.getBound()).contains(cny("8.00"));
            assertThat(e).hasMessageContaining("steam-10").hasMessageContaining("supplier cost");
        });
    }

    @Test
    void build_priceFallingTowardsRetail_rejected() {
        PriceList.Builder b = PriceList.builder(CNY)
                .product(CARD, cny("8.00"))
                .tierPrice(CARD, GENERAL_AGENT, cny("9.00"))
                .tierPrice(CARD, AGENT, cny("8.90"));
        assertThatThrownBy(b::build).isInstanceOfSatisfying(PriceListValidationException.class, e -> {
            assertThat(e.getTier()).contains(AGENT);
            assertThat(e.getPrice()).contains(cny("8.90"));
            assertThat(e.getBound()).contains(cny("9.00"));
        });
    }

    @Test
    void build_equalNeighbourPrices_allowed() {
        PriceList prices = PriceList.builder(CNY)
                .product(CARD, cny("8.00"))
                .tierPrice(CARD, GENERAL_AGENT, cny("9.00"))
                .tierPrice(CARD, AGENT, cny("9.00"))
                .build();
        assertThat(prices.quote(CARD, AGENT, 1).unitPrice()).isEqualTo(cny("9.00"));
    }

    @Test
    void build_breakMakesRetailCheaperThanAgent_rejected() {
        PriceList.Builder b = classicPrices().quantityBreak(CARD, RETAIL, 10, cny("9.40"));
        assertThatThrownBy(b::build)
                .isInstanceOf(PriceListValidationException.class)
                .hasMessageContaining("10 units")
                .hasMessageContaining("retail#2");
    }

    @Test
    void build_breakDearerThanBase_rejected() {
        PriceList.Builder b = classicPrices().quantityBreak(CARD, RETAIL, 10, cny("10.01"));
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        PriceListValidationException.class,
                        e -> assertThat(e.getBound()).contains(cny("10.00")));
        PriceList.Builder rising = classicPrices()
                .quantityBreak(CARD, RETAIL, 10, cny("9.80"))
                .quantityBreak(CARD, RETAIL, 20, cny("9.90"));
        assertThatThrownBy(rising::build).hasMessageContaining("from 20 units");
    }

    @Test
    void build_breakWithoutBasePrice_rejected() {
        PriceList.Builder b = classicPrices().quantityBreak(CARD, Tier.of("vip", 3), 10, cny("9.80"));
        assertThatThrownBy(b::build).hasMessageContaining("no base price");
    }

    @Test
    void build_overrideBelowCost_rejected() {
        PriceList.Builder b = classicPrices().distributorPrice(CARD, ALICE, cny("7.00"));
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(PriceListValidationException.class, e -> {
                    assertThat(e.getTier()).isEmpty();
                    assertThat(e.getPrice()).contains(cny("7.00"));
                })
                .hasMessageContaining("alice");
    }

    @Test
    void build_productWithoutPrices_rejected() {
        PriceList.Builder b = PriceList.builder(CNY).product(CARD, cny("8.00"));
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        PriceListValidationException.class,
                        e -> assertThat(e.getPrice()).isEmpty());
    }

    @Test
    void builder_rejectsBadArgumentsAtOnce() {
        PriceList.Builder b = classicPrices();
        assertThatThrownBy(() -> b.product(CARD, cny("1"))).hasMessageContaining("already added");
        assertThatThrownBy(() -> b.product(Sku.of("x"), cny("-1"))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> b.tierPrice(Sku.of("x"), AGENT, cny("1"))).hasMessageContaining("was not added");
        assertThatThrownBy(() -> b.tierPrice(CARD, AGENT, cny("9"))).hasMessageContaining("already has a price");
        assertThatThrownBy(() -> b.tierPrice(CARD, Tier.of("vip", 7), cny("0")))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> b.tierPrice(CARD, Tier.of("agent", 7), cny("9")))
                .hasMessageContaining("clashes with agent#1");
        assertThatThrownBy(() -> b.tierPrice(CARD, Tier.of("vip", 1), cny("9")))
                .hasMessageContaining("clashes with agent#1");
        assertThatThrownBy(() -> b.quantityBreak(CARD, AGENT, 1, cny("9"))).hasMessageContaining("fromQuantity was 1");
        b.quantityBreak(CARD, AGENT, 5, cny("9.40"));
        assertThatThrownBy(() -> b.quantityBreak(CARD, AGENT, 5, cny("9.30")))
                .hasMessageContaining("already has a break");
        b.distributorPrice(CARD, ALICE, cny("9"));
        assertThatThrownBy(() -> b.distributorPrice(CARD, ALICE, cny("9"))).hasMessageContaining("already has a price");
        assertThatThrownBy(() -> b.tierPrice(CARD, Tier.of("vip", 9), Money.parse("1", USD)))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> b.tierPrice(CARD, null, cny("1"))).isInstanceOf(NullPointerException.class);
        // failed calls left nothing behind: the list still builds, and the rejected tier name is still free
        PriceList prices = b.tierPrice(CARD, Tier.of("vip", 7), cny("10.00")).build();
        assertThat(prices.quote(CARD, Tier.of("vip", 7), 1).unitPrice()).isEqualTo(cny("10.00"));
    }

    @Test
    void build_isASnapshot() {
        PriceList.Builder b = classicPrices();
        PriceList first = b.build();
        b.distributorPrice(CARD, ALICE, cny("9.20"));
        assertThat(first.quote(CARD, AGENT, ALICE, 1).source()).isEqualTo(PriceSource.TIER_BASE);
        assertThat(first.skus()).containsExactly(CARD);
        assertThat(first.supplierCost(CARD)).isEqualTo(cny("8.00"));
        assertThat(first.currency()).isEqualTo(CNY);
    }

    @Test
    void values_validateTheirText() {
        assertThatThrownBy(() -> Sku.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sku.of("-x")).hasMessageContaining("sku was");
        assertThatThrownBy(() -> DistributorId.of("a b")).hasMessageContaining("distributor id was");
        assertThatThrownBy(() -> Tier.of(" ", 0)).hasMessageContaining("tier name");
        assertThatThrownBy(() -> Tier.of("a\n", 0)).hasMessageContaining("control");
        assertThatThrownBy(() -> Tier.of("a", -1)).hasMessageContaining("rank was -1");
        assertThat(Tier.of("总代", 0).toString()).isEqualTo("总代#0");
        assertThat(Sku.of("a.b:c_d-1").code()).isEqualTo("a.b:c_d-1");
        assertThat(DistributorId.of("alice")).isEqualTo(ALICE).hasSameHashCodeAs(ALICE);
        assertThat(Tier.of("b", 0)).isLessThan(Tier.of("a", 1));
    }
}
