package io.cardkey.core;

/**
 * A payment reference that already confirmed one order was presented for another. Nothing was changed; the host
 * should treat the second callback as suspicious.
 */
public class PaymentReferenceUsedException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String reference;
    private final String orderId;
    private final String paidOrderId;

    /**
     * Creates the exception.
     *
     * @param reference the payment reference
     * @param orderId the order it was presented for
     * @param paidOrderId the order it already paid
     */
    public PaymentReferenceUsedException(String reference, String orderId, String paidOrderId) {
        super("payment reference " + reference + " already paid order " + paidOrderId + "; it cannot also pay order "
                + orderId);
        this.reference = reference;
        this.orderId = orderId;
        this.paidOrderId = paidOrderId;
    }

    /**
     * Returns the payment reference.
     *
     * @return the reference
     */
    public String reference() {
        return reference;
    }

    /**
     * Returns the order the reference was presented for.
     *
     * @return the order id
     */
    public String orderId() {
        return orderId;
    }

    /**
     * Returns the order the reference already paid.
     *
     * @return that order's id
     */
    public String paidOrderId() {
        return paidOrderId;
    }
}
