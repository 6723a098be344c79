package io.cardkey.ledger;

/** Thrown when one batch contains two transactions with the same id. Nothing of the batch is appended. */
public final class DuplicateTransactionIdException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final String transactionId;
    private final int firstIndex;
    private final int secondIndex;

    /**
     * Creates the exception.
     *
     * @param transactionId the duplicated id
     * @param firstIndex the index of its first occurrence in the batch
     * @param secondIndex the index of its second occurrence
     */
    public DuplicateTransactionIdException(String transactionId, int firstIndex, int secondIndex) {
        super("transaction id " + transactionId + " appears twice in one batch, at index " + firstIndex + " and "
                + secondIndex + "; ids must be unique within a batch");
        this.transactionId = transactionId;
        this.firstIndex = firstIndex;
        this.secondIndex = secondIndex;
    }

    /**
     * Returns the duplicated id.
     *
     * @return the id
     */
    public String getTransactionId() {
        return transactionId;
    }

    /**
     * Returns the index of the first occurrence.
     *
     * @return the index
     */
    public int getFirstIndex() {
        return firstIndex;
    }

    /**
     * Returns the index of the second occurrence.
     *
     * @return the index
     */
    public int getSecondIndex() {
        return secondIndex;
    }
}
