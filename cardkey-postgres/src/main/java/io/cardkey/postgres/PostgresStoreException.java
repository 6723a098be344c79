package io.cardkey.postgres;

import io.cardkey.ledger.LedgerException;

/**
 * A PostgreSQL store could not complete an operation: the database refused it or stayed unreachable after the retries
 * that are safe. The message names the operation and the SQL state; the operation left nothing half-written.
 */
public class PostgresStoreException extends LedgerException {
    private static final long serialVersionUID = 1L;

    PostgresStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    PostgresStoreException(String message) {
        super(message);
    }
}
