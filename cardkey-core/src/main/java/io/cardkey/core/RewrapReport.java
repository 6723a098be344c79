package io.cardkey.core;

/**
 * How far {@link CardKeys#rewrapSealedCodes} got: the codes it looked at and the ones it moved to the keyset's
 * primary key. Nothing here holds a code.
 *
 * <p>Immutable and thread-safe.
 *
 * @param primaryKeyId the primary key id every code examined is now sealed and indexed under
 * @param examined the codes looked at so far, in id order
 * @param rewrapped how many of them were re-sealed and re-indexed (the others were under the primary already)
 */
public record RewrapReport(int primaryKeyId, long examined, long rewrapped) {
    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException if a count is negative or more codes were rewrapped than examined
     */
    public RewrapReport {
        if (examined < 0 || rewrapped < 0 || rewrapped > examined) {
            throw new IllegalArgumentException("examined was " + examined + " and rewrapped " + rewrapped
                    + "; both must be at least 0 and rewrapped at most examined");
        }
    }
}
