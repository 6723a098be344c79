package io.cardkey.postgres;

import io.cardkey.ledger.LedgerException;

/**
 * The database schema could not be brought to the version this library needs: a migration failed, a migration that
 * was already applied has been edited since, or the database was migrated by a newer version of the library.
 */
public final class SchemaMigrationException extends LedgerException {
    private static final long serialVersionUID = 1L;

    SchemaMigrationException(String message) {
        super(message);
    }

    SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
