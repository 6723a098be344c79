package io.cardkey.core;

/**
 * A reservation would make one buyer hold more unpaid codes than the per-buyer cap allows, so that one cart cannot
 * lock a product's whole stock. Nothing was reserved.
 */
public class BuyerLimitExceededException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String buyerId;
    private final int cap;
    private final long held;
    private final int requested;

    /**
     * Creates the exception.
     *
     * @param buyerId the buyer
     * @param cap the most reserved codes one buyer may hold
     * @param held the reserved codes the buyer holds now
     * @param requested the quantity asked for
     */
    public BuyerLimitExceededException(String buyerId, int cap, long held, int requested) {
        super("buyer " + buyerId + " holds " + held + " reserved codes and asked for " + requested + " more; at most "
                + cap + " may be held at once");
        this.buyerId = buyerId;
        this.cap = cap;
        this.held = held;
        this.requested = requested;
    }

    /**
     * Returns the buyer.
     *
     * @return the buyer id
     */
    public String buyerId() {
        return buyerId;
    }

    /**
     * Returns the cap.
     *
     * @return the most reserved codes one buyer may hold
     */
    public int cap() {
        return cap;
    }

    /**
     * Returns what the buyer holds now.
     *
     * @return the reserved codes held
     */
    public long held() {
        return held;
    }

    /**
     * Returns the quantity asked for.
     *
     * @return the requested quantity
     */
    public int requested() {
        return requested;
    }
}
