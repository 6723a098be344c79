/**
 * The CardKey storage ports on PostgreSQL, for applications that run several instances against one database.
 *
 * <p>Plain JDBC over a {@link javax.sql.DataSource} that the host supplies; the PostgreSQL driver is the host's
 * dependency. Only {@code io.cardkey.postgres} is exported.
 */
module io.cardkey.postgres {
    requires transitive io.cardkey.core;
    requires transitive io.cardkey.ledger;
    requires transitive java.sql;
    requires org.slf4j;

    exports io.cardkey.postgres;
}
