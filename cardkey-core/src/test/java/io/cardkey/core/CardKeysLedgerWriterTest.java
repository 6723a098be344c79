package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.InventoryStore.Applied;
import io.cardkey.core.InventoryStore.Change;
import io.cardkey.core.internal.InMemoryInventoryStore;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.Posting;
import io.cardkey.ledger.Transaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The facade on a store that records the ledger itself ({@link InventoryStore#ledgerWriter()}): every change goes to
 * the writer together with the entries the facade decides for it, and the facade keeps no ledger of its own.
 */
class CardKeysLedgerWriterTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku GIFT = Sku.of("GIFT-50");

    private RecordingWriter writer;
    private CardKeys cardKeys;

    /** A writer over an in-memory store and ledger that remembers which entries came with which change. */
    static final class RecordingWriter implements InventoryStore.LedgerWriter {
        final InMemoryInventoryStore store = new InMemoryInventoryStore();
        final Ledger ledger = Ledger.open(LedgerStore.inMemory());
        final List<List<String>> withChanges = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Applied apply(Change change, Function<? super Applied, ? extends List<Transaction>> entries) {
            Applied applied = store.apply(change);
            List<Transaction> txs = List.copyOf(entries.apply(applied));
            withChanges.add(txs.stream().map(Transaction::id).toList());
            if (!txs.isEmpty()) {
                ledger.append(txs);
            }
            return applied;
        }

        @Override
        public void append(List<Transaction> transactions) {
            ledger.append(transactions);
        }

        @Override
        public void openAccount(Account account) {
            ledger.openAccount(account);
        }

        @Override
        public Optional<Account> account(AccountId id) {
            return ledger.account(id);
        }

        @Override
        public Optional<Transaction> transaction(String id) {
            return ledger.transaction(id).flatMap(LedgerRecord::transaction);
        }

        @Override
        public Ledger ledger() {
            return ledger;
        }

        /** The store, answering {@link InventoryStore#ledgerWriter()} with this writer. */
        InventoryStore recordingStore() {
            return (InventoryStore) Proxy.newProxyInstance(
                    InventoryStore.class.getClassLoader(), new Class<?>[] {InventoryStore.class}, (p, method, args) -> {
                        if (method.getName().equals("ledgerWriter")) {
                            return Optional.of(this);
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @BeforeEach
    void setUp() {
        writer = new RecordingWriter();
        cardKeys = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .store(writer.recordingStore())
                .build();
        cardKeys.putProduct(new Product(GIFT, "Gift card 50", Money.ofMinor(5000, CNY), false));
        cardKeys.generate(
                new Batch("G1", GIFT, "self", Money.ofMinor(3000, CNY), Batch.Source.GENERATED, Optional.empty()), 3);
    }

    @Test
    void sale_recordsEachChangeWithTheEntriesTheFacadeDecides_throughTheWriter() {
        writer.withChanges.clear();

        cardKeys.reserve("o1", "buyer", GIFT, 1, Duration.ofMinutes(15));
        cardKeys.confirm("o1", new Payment("pay-o1", Money.ofMinor(5000, CNY)));

        // A one-code sale: the order's event (carrying its code), then the sale (the order's event with its postings).
        assertThat(writer.withChanges).containsExactly(List.of("order:o1:v1"), List.of("sale:o1"));
        Transaction sale = cardKeys.ledger()
                .transaction("sale:o1")
                .flatMap(LedgerRecord::transaction)
                .orElseThrow();
        assertThat(sale.postings())
                .containsExactlyInAnyOrder(
                        Posting.of(
                                AccountId.of("cardkey:payments:CNY"),
                                AccountId.of("cardkey:supplier-payable:CNY"),
                                3000),
                        Posting.of(AccountId.of("cardkey:payments:CNY"), AccountId.of("cardkey:revenue:CNY"), 2000));
        assertThat(cardKeys.ledger()).isSameAs(writer.ledger);
    }

    @Test
    void refund_reversesTheSaleTheWriterRecorded() {
        cardKeys.reserve("o1", "buyer", GIFT, 1, Duration.ofMinutes(15));
        cardKeys.confirm("o1", new Payment("pay-o1", Money.ofMinor(5000, CNY)));

        cardKeys.refund("o1");

        AccountId revenue = AccountId.of("cardkey:revenue:CNY");
        assertThat(writer.ledger.balance(revenue).creditsPosted())
                .isEqualTo(writer.ledger.balance(revenue).debitsPosted())
                .isEqualTo(2000);
        assertThat(writer.withChanges.get(writer.withChanges.size() - 1)).contains("refund:o1");
    }

    @Test
    void build_withALedgerOfItsOwn_isRefused() {
        CardKeys.Builder builder = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .store(new RecordingWriter().recordingStore())
                .ledger(Ledger.open(LedgerStore.inMemory()));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records the ledger itself");
    }
}
