package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Order;
import io.cardkey.core.WriteConflictException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sale whose commit fails on the way: with the transaction rolled back (a serialization failure, a connection lost
 * before the commit arrived) it is retried and written once; with the commit done but its answer lost, the retry
 * finds the sale written and says so; with a failure that is not transient nothing is written and the caller gets
 * {@link PostgresStoreException}. Never half a sale.
 */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresInventoryStoreFailureTest {
    private HikariDataSource database;
    private FailingCommits failing;
    private PostgresInventoryStore store;
    private PostgresLedgerOutbox outbox;

    @BeforeEach
    void open() {
        database = TestDatabase.newSchema();
        failing = new FailingCommits(database);
        store = PostgresInventoryStore.open(failing);
        outbox = PostgresLedgerOutbox.open(database, "books");
        SaleEntries.openAccounts(outbox);
        store.putProduct(new io.cardkey.core.Product(
                SaleEntries.SKU,
                "Game points",
                io.cardkey.core.Money.ofMinor(SaleEntries.PRICE, SaleEntries.CNY),
                false));
        long first = store.reserveIds(3);
        store.addCardKeys(List.of(code(first), code(first + 1), code(first + 2)));
    }

    @AfterEach
    void close() {
        TestDatabase.drop(database);
    }

    private static StockedCardKey code(long id) {
        return new StockedCardKey(
                CardKey.available(id, SaleEntries.SKU, "B1", Optional.empty(), "****"),
                ByteBuffer.allocate(8).putLong(id).array(),
                new byte[] {1});
    }

    @Test
    void sell_commitRolledBackBySerializationFailure_isRetriedAndWrittenOnce() {
        failing.next("40001", false);
        Order sold = SaleEntries.sell(store, outbox, "o1", "alice");

        assertThat(sold.state()).isEqualTo(io.cardkey.core.OrderState.SOLD);
        assertThat(failing.failed()).isEqualTo(1);
        assertThat(store.countByState(SaleEntries.SKU))
                .containsEntry(CardKeyState.SOLD, 1L)
                .containsEntry(CardKeyState.AVAILABLE, 2L);
        assertThat(outbox.pending()).isEqualTo(3 + 5); // three accounts, five entries of one sale
    }

    @Test
    void reserve_commitDoneButItsAnswerLost_retryReportsTheOrderWrittenAndWritesNothingMore() {
        failing.next("08006", true);
        assertThatThrownBy(() -> SaleEntries.sell(store, outbox, "o1", "alice"))
                .isInstanceOf(WriteConflictException.class)
                .hasMessageContaining("order o1");

        assertThat(store.order("o1")).map(Order::state).contains(io.cardkey.core.OrderState.RESERVED);
        assertThat(store.countByState(SaleEntries.SKU))
                .containsEntry(CardKeyState.RESERVED, 1L)
                .containsEntry(CardKeyState.AVAILABLE, 2L);
        assertThat(outbox.pending()).isEqualTo(3 + 2); // the reservation's entries, once
    }

    @Test
    void reserve_failureThatIsNotTransient_writesNothingAndNamesTheState() {
        failing.next("53100", false); // disk full
        assertThatThrownBy(() -> SaleEntries.sell(store, outbox, "o1", "alice"))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("SQL state 53100");

        assertThat(store.order("o1")).isEmpty();
        assertThat(store.countByState(SaleEntries.SKU)).containsEntry(CardKeyState.AVAILABLE, 3L);
        assertThat(outbox.pending()).isEqualTo(3);
    }

    @Test
    void reserve_transientFailureOnEveryAttempt_givesUpAfterTheRetriesAndWritesNothing() {
        failing.always("40P01");
        assertThatThrownBy(() -> SaleEntries.sell(store, outbox, "o1", "alice"))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("SQL state 40P01");

        assertThat(failing.failed()).isEqualTo(PostgresInventoryStore.ATTEMPTS);
        assertThat(store.order("o1")).isEmpty();
        assertThat(outbox.pending()).isEqualTo(3);
    }

    /** Wraps a data source so that chosen commits fail, before or after they reach the server. */
    private static final class FailingCommits implements DataSource {
        private final DataSource target;
        private final AtomicInteger failed = new AtomicInteger();
        private volatile String state;
        private volatile boolean afterCommit;
        private volatile boolean always;

        FailingCommits(DataSource target) {
            this.target = target;
        }

        void next(String sqlState, boolean commitFirst) {
            state = sqlState;
            afterCommit = commitFirst;
        }

        void always(String sqlState) {
            state = sqlState;
            always = true;
        }

        int failed() {
            return failed.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = target.getConnection();
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        String failWith = state;
                        if (method.getName().equals("commit") && failWith != null) {
                            if (!always) {
                                state = null;
                            }
                            failed.incrementAndGet();
                            if (afterCommit) {
                                real.commit();
                            } else {
                                real.rollback();
                            }
                            throw new SQLException("injected failure", failWith);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("not needed by the store");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return target.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return target.isWrapperFor(type);
        }
    }
}
