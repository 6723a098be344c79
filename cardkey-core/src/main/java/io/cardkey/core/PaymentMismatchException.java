package io.cardkey.core;

/** A payment's amount or currency differs from the order's quote. The order was not confirmed. */
public class PaymentMismatchException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final String orderId;
    private final Money expected;
    private final Money paid;

    /**
     * Creates the exception.
     *
     * @param orderId the order
     * @param expected the quoted amount
     * @param paid the paid amount
     */
    public PaymentMismatchException(String orderId, Money expected, Money paid) {
        super("order " + orderId + " was quoted " + expected + " but " + paid + " was paid");
        this.orderId = orderId;
        this.expected = expected;
        this.paid = paid;
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
     * @return the quote
     */
    public Money expected() {
        return expected;
    }

    /**
     * Returns the paid amount.
     *
     * @return the payment
     */
    public Money paid() {
        return paid;
    }
}
