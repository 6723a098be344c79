package io.cardkey.core;

/**
 * Codes added to a store collide with codes it already holds: the same record id, or the same code (equal blind
 * index). Nothing was added.
 */
public class DuplicateCardKeyException extends CardKeyException {
    private static final long serialVersionUID = 1L;

    private final long cardKeyId;

    /**
     * Creates the exception.
     *
     * @param cardKeyId the record id of the first new code that collided
     * @param reason what collided: {@code "record id"} or {@code "code"}
     */
    public DuplicateCardKeyException(long cardKeyId, String reason) {
        super("card key " + cardKeyId + " duplicates a " + reason + " already in stock; nothing was added");
        this.cardKeyId = cardKeyId;
    }

    /**
     * Returns the record id of the first new code that collided.
     *
     * @return the id
     */
    public long cardKeyId() {
        return cardKeyId;
    }
}
