package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Currency;
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
 * A sale through the facade whose commit fails on the way: with the transaction rolled back (a serialization failure,
 * the connection killed before the commit arrived) it is retried and written once, with its ledger entries; with the
 * commit done but its answer lost, the facade finds the order written and goes on; with a failure that is not
 * transient, or a transient one on every attempt, nothing is written — neither the rows nor the ledger entries — and
 * the caller gets {@link PostgresStoreException}. Never half a sale.
 */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresInventoryStoreFailureTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("GAME-100");
    private static final Money PRICE = Money.ofMinor(1000, CNY);

    private HikariDataSource database;
    private FailingCommits failing;
    private PostgresCardKeys shop;
    private CardKeys cardKeys;
    private PostgresLedgerOutbox outbox;
    private PostgresLedgerSealer roleHolder;

    @BeforeEach
    void open() {
        database = TestDatabase.newSchema();
        failing = new FailingCommits(database);
        // Another instance's sealer holds the role: the facade's sealer never chains, so entries stay pending.
        roleHolder = PostgresLedgerSealer.open(database, "books");
        roleHolder.sealPending();
        shop = PostgresCardKeys.open(
                failing, "books", CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)), Duration.ofMinutes(1));
        cardKeys = shop.cardKeys();
        outbox = PostgresLedgerOutbox.open(database, "books");
        cardKeys.putProduct(new Product(SKU, "Game points", PRICE, false));
        cardKeys.generate(
                new Batch("B1", SKU, "acme", Money.ofMinor(800, CNY), Batch.Source.GENERATED, Optional.empty()), 4);
        sell("o0"); // opens the accounts a sale posts to
    }

    @AfterEach
    void close() {
        failing.disarm();
        if (shop != null) {
            shop.close();
        }
        if (roleHolder != null) {
            roleHolder.close();
        }
        TestDatabase.drop(database);
    }

    private Order sell(String orderId) {
        cardKeys.reserve(orderId, "buyer", SKU, 1, Duration.ofMinutes(15));
        return cardKeys.confirm(orderId, new Payment("pay-" + orderId, PRICE)).order();
    }

    @Test
    void confirm_commitRolledBackBySerializationFailure_isRetriedAndWrittenOnceWithItsEntries() {
        cardKeys.reserve("o1", "buyer", SKU, 1, Duration.ofMinutes(15));
        long pending = outbox.pending();
        failing.next("40001", false);

        Order sold = cardKeys.confirm("o1", new Payment("pay-o1", PRICE)).order();

        assertThat(sold.state()).isEqualTo(OrderState.SOLD);
        assertThat(failing.failed()).isEqualTo(1);
        assertThat(cardKeys.stock(SKU)).containsEntry(CardKeyState.SOLD, 2L).containsEntry(CardKeyState.AVAILABLE, 2L);
        // the order's event, carrying its one code, and the sale's posting
        assertThat(outbox.pending()).isEqualTo(pending + 2);
        assertThat(outbox.pendingTransaction("sale:o1")).isPresent();
    }

    @Test
    void confirm_connectionKilledBeforeCommit_isRetriedAndWrittenOnceWithItsEntries() {
        cardKeys.reserve("o1", "buyer", SKU, 1, Duration.ofMinutes(15));
        long pending = outbox.pending();
        failing.killNext();

        Order sold = cardKeys.confirm("o1", new Payment("pay-o1", PRICE)).order();

        assertThat(sold.state()).isEqualTo(OrderState.SOLD);
        assertThat(failing.failed()).isEqualTo(1);
        assertThat(cardKeys.stock(SKU)).containsEntry(CardKeyState.SOLD, 2L);
        assertThat(outbox.pending()).isEqualTo(pending + 2);
    }

    @Test
    void confirm_connectionKilledOnEveryAttempt_writesNeitherTheSaleNorItsEntries() {
        cardKeys.reserve("o1", "buyer", SKU, 1, Duration.ofMinutes(15));
        long pending = outbox.pending();
        failing.killAlways();

        assertThatThrownBy(() -> cardKeys.confirm("o1", new Payment("pay-o1", PRICE)))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("SQL state 57P01"); // the server ended the session

        failing.disarm();
        assertThat(failing.failed()).isEqualTo(PostgresInventoryStore.ATTEMPTS);
        assertThat(cardKeys.order("o1").state()).isEqualTo(OrderState.RESERVED);
        assertThat(cardKeys.stock(SKU)).containsEntry(CardKeyState.RESERVED, 1L).containsEntry(CardKeyState.SOLD, 1L);
        assertThat(outbox.pending()).isEqualTo(pending);
        assertThat(outbox.pendingTransaction("sale:o1")).isEmpty();
    }

    @Test
    void reserve_commitDoneButItsAnswerLost_facadeFindsTheOrderAndWritesNothingMore() {
        long pending = outbox.pending();
        failing.next("08006", true);

        Order reserved = cardKeys.reserve("o1", "buyer", SKU, 1, Duration.ofMinutes(15));

        assertThat(reserved.state()).isEqualTo(OrderState.RESERVED);
        assertThat(failing.failed()).isEqualTo(1);
        assertThat(cardKeys.stock(SKU))
                .containsEntry(CardKeyState.RESERVED, 1L)
                .containsEntry(CardKeyState.AVAILABLE, 2L);
        assertThat(outbox.pending()).isEqualTo(pending + 1); // the reservation's one entry, once
    }

    @Test
    void confirm_failureThatIsNotTransient_writesNothingAndNamesTheState() {
        cardKeys.reserve("o1", "buyer", SKU, 1, Duration.ofMinutes(15));
        long pending = outbox.pending();
        failing.next("53100", false); // disk full

        assertThatThrownBy(() -> cardKeys.confirm("o1", new Payment("pay-o1", PRICE)))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("SQL state 53100");

        assertThat(cardKeys.order("o1").state()).isEqualTo(OrderState.RESERVED);
        assertThat(cardKeys.stock(SKU)).containsEntry(CardKeyState.RESERVED, 1L);
        assertThat(outbox.pending()).isEqualTo(pending);
    }

    @Test
    void reserve_transientFailureOnEveryAttempt_givesUpAfterTheRetriesAndWritesNothing() {
        long pending = outbox.pending();
        failing.always("40P01");

        assertThatThrownBy(() -> cardKeys.reserve("o1", "buyer", SKU, 1, Duration.ofMinutes(15)))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("SQL state 40P01");

        failing.disarm();
        assertThat(failing.failed()).isEqualTo(PostgresInventoryStore.ATTEMPTS);
        assertThatThrownBy(() -> cardKeys.order("o1")).isInstanceOf(io.cardkey.core.UnknownOrderException.class);
        assertThat(outbox.pending()).isEqualTo(pending);
    }

    /**
     * Wraps a data source so that chosen commits fail, before or after they reach the server, or find their
     * connection killed by the server (its backend terminated from another connection just before the commit).
     */
    private static final class FailingCommits implements DataSource {
        private final DataSource target;
        private final AtomicInteger failed = new AtomicInteger();
        private volatile String state;
        private volatile boolean afterCommit;
        private volatile boolean always;
        private volatile boolean kill;

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

        void killNext() {
            kill = true;
            state = "kill";
        }

        void killAlways() {
            killNext();
            always = true;
        }

        void disarm() {
            state = null;
            always = false;
            kill = false;
        }

        /** Terminates the backend of {@code victim} from another connection and waits until it is gone. */
        private void terminate(Connection victim) throws SQLException {
            int pid;
            try (PreparedStatement query = victim.prepareStatement("SELECT pg_backend_pid()");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                pid = rows.getInt(1);
            }
            try (Connection killer = target.getConnection();
                    PreparedStatement terminate = killer.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
                terminate.setInt(1, pid);
                terminate.executeQuery().close();
            }
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
                            if (kill) {
                                terminate(real);
                                real.commit(); // the server is gone: the driver reports the lost connection
                                throw new AssertionError("a commit on a terminated backend succeeded");
                            }
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
