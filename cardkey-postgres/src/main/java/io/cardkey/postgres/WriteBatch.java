package io.cardkey.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several statements sent to the server in one round trip (the driver's multi-statement support: one parse, bind and
 * execute per statement, one sync), run in order in the caller's transaction; an error in one aborts the rest. Each
 * statement's outcome comes back as its update count or, for a query, the first column of its rows as strings.
 *
 * <p>Why: a sale's writes after the pick do not depend on each other's results, only the caller's decision does (a
 * compare-and-set that matched no row). Sending them together turns four round trips into one. Not thread-safe; one
 * per transaction.
 */
final class WriteBatch {
    /** Binds one statement's parameters, the first at {@code first}. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement, int first) throws SQLException;
    }

    private final StringBuilder sql = new StringBuilder();
    private final List<Binder> binders = new ArrayList<>();
    private final List<Integer> parameterCounts = new ArrayList<>();

    /**
     * Adds a statement.
     *
     * @param statement the SQL, without a trailing semicolon
     * @param parameters how many {@code ?} it has
     * @param binder binds them
     * @return the statement's position, for {@link #execute}'s result
     */
    int add(String statement, int parameters, Binder binder) {
        if (sql.length() > 0) {
            sql.append("; ");
        }
        sql.append(statement);
        binders.add(binder);
        parameterCounts.add(parameters);
        return binders.size() - 1;
    }

    boolean isEmpty() {
        return binders.isEmpty();
    }

    /**
     * Runs every statement in one round trip.
     *
     * @return per statement, in order: an {@link Integer} update count, or a {@code List<String>} of first columns
     */
    List<Object> execute(Connection connection) throws SQLException {
        List<Object> outcomes = new ArrayList<>(binders.size());
        if (binders.isEmpty()) {
            return outcomes;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int next = 1;
            for (int i = 0; i < binders.size(); i++) {
                binders.get(i).bind(statement, next);
                next += parameterCounts.get(i);
            }
            boolean isQuery = statement.execute();
            while (true) {
                if (isQuery) {
                    List<String> column = new ArrayList<>();
                    try (ResultSet rows = statement.getResultSet()) {
                        while (rows.next()) {
                            column.add(rows.getString(1));
                        }
                    }
                    outcomes.add(column);
                } else {
                    int count = statement.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    outcomes.add(count);
                }
                isQuery = statement.getMoreResults();
            }
        }
        if (outcomes.size() != binders.size()) {
            throw new IllegalStateException(
                    "the driver returned " + outcomes.size() + " results for " + binders.size() + " statements");
        }
        return outcomes;
    }
}
