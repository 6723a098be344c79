package io.cardkey.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Confirmation;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Payment;
import io.cardkey.core.Product;
import io.cardkey.core.RevealedCode;
import io.cardkey.core.Sku;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.Posting;
import io.cardkey.ledger.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The facade on PostgreSQL: a sale commits its rows and its ledger entries together, reads of the ledger right after
 * a sale find it although the sealer may not have chained it yet, and idempotency and refunds work across the pending
 * and the chained entries.
 */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresCardKeysTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku GIFT = Sku.of("GIFT-50");
    static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    static final AccountId PAYMENTS = AccountId.of("cardkey:payments:CNY");
    static final AccountId SUPPLIER = AccountId.of("cardkey:supplier-payable:CNY");
    static final AccountId REVENUE = AccountId.of("cardkey:revenue:CNY");

    private HikariDataSource database;
    private PostgresCardKeys shop;
    private CardKeys cardKeys;

    @BeforeEach
    void open() {
        database = TestDatabase.newSchema();
        // A long interval: the sealer thread chains what is there and then waits, so entries mostly stay pending.
        shop = PostgresCardKeys.open(
                database,
                "books",
                CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)),
                Duration.ofMinutes(1));
        cardKeys = shop.cardKeys();
        cardKeys.putProduct(new Product(GIFT, "Gift card 50", Money.ofMinor(5000, CNY), false));
        cardKeys.generate(
                new Batch("G1", GIFT, "self", Money.ofMinor(3000, CNY), Batch.Source.GENERATED, Optional.empty()), 5);
    }

    @AfterEach
    void close() {
        if (shop != null) {
            shop.close();
        }
        TestDatabase.drop(database);
    }

    private Confirmation sell(String orderId) {
        cardKeys.reserve(orderId, "buyer-" + orderId, GIFT, 1, Duration.ofMinutes(15));
        return cardKeys.confirm(orderId, new Payment("pay-" + orderId, Money.ofMinor(5000, CNY)));
    }

    @Test
    void sell_commitsTheSaleWithItsLedgerEntries_whichTheLedgerHoldsOnceChained() {
        Confirmation sold = sell("o1");

        assertThat(sold.order().state()).isEqualTo(OrderState.SOLD);
        assertThat(shop.pendingEntries())
                .as("entries committed with the sale, not chained yet")
                .isPositive();
        Ledger ledger = cardKeys.ledger();
        assertThat(shop.pendingEntries()).isZero();
        Transaction sale =
                ledger.transaction("sale:o1").flatMap(LedgerRecord::transaction).orElseThrow();
        assertThat(sale.postings())
                .containsExactlyInAnyOrder(Posting.of(PAYMENTS, SUPPLIER, 3000), Posting.of(PAYMENTS, REVENUE, 2000));
        assertThat(ledger.verify().rejections()).isZero();
        assertThat(shop.refusedEntries()).isEmpty();
    }

    @Test
    void history_rightAfterASale_holdsTheReservationAndTheSale() {
        Confirmation sold = sell("o1");
        long id = sold.order().cardKeyIds().get(0);

        List<String> events = new ArrayList<>();
        for (LedgerRecord record : cardKeys.history(id)) {
            events.add(record.transaction().orElseThrow().type());
        }

        assertThat(events).containsExactly("cardkey.stocked", "order.reserved", "order.sold");
        assertThat(cardKeys.orderHistory("o1"))
                .extracting(r -> r.transaction().orElseThrow().id())
                .contains("order:o1:v1", "sale:o1");
    }

    @Test
    void redeem_retriedRequestBeforeTheSealerRan_returnsTheSameCodeAndCreditsOnce() {
        Confirmation sold = sell("o1");
        String code = reveal("o1", sold);

        CardKey first = cardKeys.redeem(code, "wallet-1", "req-1", "ip-1");
        CardKey retried = cardKeys.redeem(code, "wallet-1", "req-1", "ip-1");

        assertThat(retried).isEqualTo(first);
        assertThat(first.state()).isEqualTo(CardKeyState.REDEEMED);
        assertThat(cardKeys.ledger().balance(AccountId.of("wallet-1")).creditsPosted())
                .isEqualTo(5000);
    }

    @Test
    void refund_rightAfterTheSale_reversesTheRecordedSale() {
        sell("o1");

        Order refunded = cardKeys.refund("o1");

        assertThat(refunded.state()).isEqualTo(OrderState.REFUNDED);
        Ledger ledger = cardKeys.ledger();
        assertThat(ledger.balance(REVENUE).creditsPosted()
                        - ledger.balance(REVENUE).debitsPosted())
                .isZero();
        assertThat(ledger.balance(PAYMENTS).debitsPosted()
                        - ledger.balance(PAYMENTS).creditsPosted())
                .isZero();
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 4L, CardKeyState.VOIDED, 1L));
    }

    @Test
    void secondInstance_seesTheFirstInstancesSales_andItsLedgerOnceChained() {
        sell("o1");
        try (PostgresCardKeys other = PostgresCardKeys.open(
                database, "books", CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM)))) {
            assertThat(other.cardKeys().order("o1").state()).isEqualTo(OrderState.SOLD);
            assertThat(other.cardKeys().stock(GIFT))
                    .isEqualTo(Map.of(CardKeyState.AVAILABLE, 4L, CardKeyState.SOLD, 1L));
            cardKeys.ledger(); // the first instance holds the sealer role: it chains
            assertThat(other.cardKeys().ledger().transaction("sale:o1")).isPresent();
        }
    }

    @Test
    void open_withALedgerOfItsOwn_isRefused() {
        CardKeys.Builder builder = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .ledger(Ledger.open(io.cardkey.ledger.LedgerStore.inMemory()));

        assertThatThrownBy(() -> PostgresCardKeys.open(database, "books", builder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records the ledger itself");
    }

    @Test
    void open_sealIntervalOutOfRange_isRefused() {
        CardKeys.Builder builder = CardKeys.builder().keyset(Keyset.generate(Suite.AES_256_GCM));

        assertThatThrownBy(() -> PostgresCardKeys.open(database, "books", builder, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sealInterval was PT0S");
    }

    private String reveal(String orderId, Confirmation sold) {
        List<RevealedCode> codes = cardKeys.reveal(orderId, sold.deliveryToken());
        try {
            return codes.get(0).code().utf8(ACCESS);
        } finally {
            codes.forEach(RevealedCode::destroy);
        }
    }
}
