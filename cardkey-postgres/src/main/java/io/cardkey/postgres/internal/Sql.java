package io.cardkey.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Small JDBC helpers shared by the stores. */
public final class Sql {
    private Sql() {}

    /**
     * Returns whether {@code e} leaves the outcome of a transaction's work undone and safe to run again: a
     * serialization failure or deadlock (the database rolled the transaction back), or a lost connection: class 08, or
     * the server ending the session ({@code 57P01} administrator command such as {@code pg_terminate_backend} or a
     * fast shutdown, {@code 57P02} crash shutdown, {@code 57P03} not accepting connections yet), which a failover
     * looks like.
     *
     * @param e the failure
     * @return true if the work may be retried, after checking what a lost commit may have done
     */
    public static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && (state.equals("40001")
                        || state.equals("40P01")
                        || state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03"));
    }

    /**
     * Returns whether {@code e} is a unique-constraint violation.
     *
     * @param e the failure
     * @return true for SQL state 23505
     */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * Rolls back, keeping a failure of the rollback itself as a suppressed exception of {@code cause}.
     *
     * @param connection the connection in a failed transaction
     * @param cause the failure that made the rollback necessary
     */
    public static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
