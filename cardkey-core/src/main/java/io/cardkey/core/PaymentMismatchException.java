package io.cardkey.core;

/** A payment's amount or currency differs from the order's quote. The order was not confirmed. */
public class PaymentMismatchException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;
    private final long expectedAmount;
    private final String expectedCurrency;
    private final long paidAmount;
    private final String paidCurrency;

    /**
     * Creates the exception.
     *
     * @param orderId the order
     * @param expectedAmount the quoted amount in minor units
     * @param expectedCurrency the quoted currency
     * @param paidAmount the paid amount in minor units
     * @param paidCurrency the paid currency
     */
    public PaymentMismatchException(
            String orderId, long expectedAmount, String expectedCurrency, long paidAmount, String paidCurrency) {
        super("order " + orderId + " was quoted " + expectedAmount + " " + expectedCurrency + " (minor units) but "
                + paidAmount + " " + paidCurrency + " was paid");
        this.orderId = orderId;
        this.expectedAmount = expectedAmount;
        this.expectedCurrency = expectedCurrency;
        this.paidAmount = paidAmount;
        this.paidCurrency = paidCurrency;
    }

    /**
     * Returns the order.
     *
     * @return the order id
     */
    public String orderId() {
        return orderId;
    }

    /**
     * Returns the quoted amount.
     *
     * @return minor units
     */
    public long expectedAmount() {
        return expectedAmount;
    }

    /**
     * Returns the quoted currency.
     *
     * @return the ISO 4217 code
     */
    public String expectedCurrency() {
        return expectedCurrency;
    }

    /**
     * Returns the paid amount.
     *
     * @return minor units
     */
    public long paidAmount() {
        return paidAmount;
    }

    /**
     * Returns the paid currency.
     *
     * @return the ISO 4217 code
     */
    public String paidCurrency() {
        return paidCurrency;
    }
}
