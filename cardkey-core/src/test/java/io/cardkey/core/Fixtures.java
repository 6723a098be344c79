package io.cardkey.core;

import java.util.Currency;

/** The worked example of issue 5: platform → general agent → agent → customer. */
final class Fixtures {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Currency USD = Currency.getInstance("USD");
    static final Sku CARD = Sku.of("steam-10");
    static final Tier GENERAL_AGENT = Tier.of("总代", 0);
    static final Tier AGENT = Tier.of("agent", 1);
    static final Tier RETAIL = Tier.of("retail", 2);

    private Fixtures() {}

    static Money cny(String amount) {
        return Money.parse(amount, CNY);
    }

    /** Supplier cost 8.00, general agent 9.00, agent 9.50, retail 10.00. */
    static PriceList.Builder classicPrices() {
        return PriceList.builder(CNY)
                .product(CARD, cny("8.00"))
                .tierPrice(CARD, GENERAL_AGENT, cny("9.00"))
                .tierPrice(CARD, AGENT, cny("9.50"))
                .tierPrice(CARD, RETAIL, cny("10.00"));
    }
}
