package io.cardkey.core;

import java.util.Objects;

/**
 * Thrown when the commissions of a sale would be more than its margin, which would leave the platform a negative
 * margin; the sale is refused and nothing is recorded. Plans that provably do this are already refused when
 * configured; this catches the rest (price difference through unusual chains, brackets, actual supplier costs).
 */
public final class CommissionExceedsMarginException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String sku;
    private final transient Money margin;
    private final transient Money commissions;

    CommissionExceedsMarginException(Sku sku, Money margin, Money commissions) {
        super("sale of " + sku + " refused: commissions " + commissions + " exceed the margin " + margin
                + " (the platform margin must never be negative)");
        this.sku = Objects.requireNonNull(sku, "sku").code();
        this.margin = margin;
        this.commissions = commissions;
    }

    /**
     * Returns the product.
     *
     * @return the product
     */
    public Sku getSku() {
        return Sku.of(sku);
    }

    /**
     * Returns the sale's margin (price minus supplier cost).
     *
     * @return the margin
     */
    public Money getMargin() {
        return margin;
    }

    /**
     * Returns the commissions the plan would pay.
     *
     * @return the commissions
     */
    public Money getCommissions() {
        return commissions;
    }

    /**
     * Returns by how much the commissions exceed the margin.
     *
     * @return the shortfall, positive
     */
    public Money getShortfall() {
        return commissions.minus(margin);
    }
}
