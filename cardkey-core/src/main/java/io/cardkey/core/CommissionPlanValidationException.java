package io.cardkey.core;

import java.util.Optional;

/**
 * Thrown when a commission plan is refused at configuration: its rates on one base add up to more than 100 %, it
 * pays more levels than allowed, or — checked by {@link CommissionPolicy.Builder#build()} against the price list —
 * it provably pays more than the margin at some configured price.
 */
public final class CommissionPlanValidationException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String sku;
    private final transient Money price;
    private final transient Money margin;
    private final transient Money commission;

    CommissionPlanValidationException(String message, Sku sku, Money price, Money margin, Money commission) {
        super(message);
        this.sku = sku == null ? null : sku.code();
        this.price = price;
        this.margin = margin;
        this.commission = commission;
    }

    /**
     * Returns the product for which the plan pays more than the margin.
     *
     * @return the product, or empty when the plan is wrong on its own
     */
    public Optional<Sku> getSku() {
        return Optional.ofNullable(sku).map(Sku::of);
    }

    /**
     * Returns the configured unit price at which the plan pays more than the margin.
     *
     * @return the unit price, or empty when the plan is wrong on its own
     */
    public Optional<Money> getPrice() {
        return Optional.ofNullable(price);
    }

    /**
     * Returns the margin of one unit at that price.
     *
     * @return the margin, or empty when the plan is wrong on its own
     */
    public Optional<Money> getMargin() {
        return Optional.ofNullable(margin);
    }

    /**
     * Returns the least commission the plan pays on one unit at that price through a full chain.
     *
     * @return the commission, or empty when the plan is wrong on its own
     */
    public Optional<Money> getCommission() {
        return Optional.ofNullable(commission);
    }
}
