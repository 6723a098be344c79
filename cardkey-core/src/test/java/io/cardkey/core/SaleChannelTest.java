package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The record of how an order is sold through the network: its checks and its ledger encoding. */
class SaleChannelTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final PriceList PRICES = classicPrices()
            .quantityBreak(CARD, RETAIL, 10, cny("9.80"))
            .distributorPrice(CARD, AG, cny("9.20"))
            .build();
    static final UplineChain AG_CHAIN = UplineChain.of(
            List.of(new UplineChain.Link(AG, AGENT, false), new UplineChain.Link(GA, GENERAL_AGENT, true)));

    @Test
    void resale_encodesAndDecodesToAnEqualChannel() {
        SaleChannel channel = new SaleChannel(SaleChannel.Kind.RESALE, AG, PRICES.quote(CARD, RETAIL, 12), AG_CHAIN);

        SaleChannel decoded = SaleChannel.decode(channel.encode());

        assertThat(decoded).isEqualTo(channel);
        assertThat(decoded.quote().source()).isEqualTo(PriceSource.QUANTITY_BREAK);
        assertThat(decoded.quote().breakQuantity()).hasValue(10);
        assertThat(decoded.chain().level(2).suspended()).isTrue();
    }

    @Test
    void purchase_withOverride_andEmptyChain_roundTrips() {
        SaleChannel channel =
                new SaleChannel(SaleChannel.Kind.PURCHASE, AG, PRICES.quote(CARD, AGENT, AG, 3), UplineChain.empty());

        assertThat(SaleChannel.decode(channel.encode())).isEqualTo(channel);
        assertThat(SaleChannel.decode(channel.encode()).quote().distributor()).contains(AG);
    }

    @Provide
    Arbitrary<Tier> tiers() {
        return Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withChars('总', '代', ' ', '#', '\u00e9')
                                .ofMinLength(1)
                                .ofMaxLength(20)
                                .filter(s -> !s.isBlank()),
                        Arbitraries.integers().between(0, 1000))
                .as(Tier::of);
    }

    @Property(tries = 300)
    void anyChannel_roundTripsThroughItsEncoding(
            @ForAll("tiers") Tier tier,
            @ForAll("tiers") Tier uplineTier,
            @ForAll boolean suspended,
            @ForAll boolean resale) {
        Quote quote = new Quote(CARD, tier, resale ? null : AG, 7, cny("12.34"), PriceSource.TIER_BASE, 0);
        UplineChain chain = resale
                ? UplineChain.of(List.of(
                        new UplineChain.Link(AG, tier, suspended), new UplineChain.Link(GA, uplineTier, !suspended)))
                : UplineChain.of(List.of(new UplineChain.Link(GA, uplineTier, suspended)));
        SaleChannel channel =
                new SaleChannel(resale ? SaleChannel.Kind.RESALE : SaleChannel.Kind.PURCHASE, AG, quote, chain);

        assertThat(SaleChannel.decode(channel.encode())).isEqualTo(channel);
    }

    @Test
    void resale_whoseChainDoesNotStartWithTheSeller_isRejected() {
        Quote quote = PRICES.quote(CARD, RETAIL, 1);

        assertThatThrownBy(() -> new SaleChannel(SaleChannel.Kind.RESALE, GA, quote, AG_CHAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with its seller ga");
        assertThatThrownBy(() -> new SaleChannel(SaleChannel.Kind.RESALE, AG, quote, UplineChain.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void purchase_whoseChainHoldsTheBuyer_isRejected() {
        Quote quote = PRICES.quote(CARD, AGENT, AG, 1);

        assertThatThrownBy(() -> new SaleChannel(SaleChannel.Kind.PURCHASE, AG, quote, AG_CHAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not agent");
    }

    @Test
    void nullComponents_throwNpe() {
        Quote quote = PRICES.quote(CARD, RETAIL, 1);

        assertThatThrownBy(() -> new SaleChannel(null, AG, quote, AG_CHAIN)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SaleChannel(SaleChannel.Kind.RESALE, null, quote, AG_CHAIN))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SaleChannel(SaleChannel.Kind.RESALE, AG, null, AG_CHAIN))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SaleChannel(SaleChannel.Kind.RESALE, AG, quote, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void decode_ofOtherFormatOrTruncatedBytes_throwsIllegalState() {
        byte[] good = new SaleChannel(SaleChannel.Kind.RESALE, AG, PRICES.quote(CARD, RETAIL, 1), AG_CHAIN).encode();
        byte[] otherFormat = good.clone();
        otherFormat[0] = 9;

        assertThatThrownBy(() -> SaleChannel.decode(otherFormat))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format was 9");
        for (int length : new int[] {0, 1, good.length / 2, good.length - 1}) {
            assertThatThrownBy(() -> SaleChannel.decode(Arrays.copyOf(good, length)))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
