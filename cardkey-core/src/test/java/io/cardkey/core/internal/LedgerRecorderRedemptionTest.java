package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.Money;
import io.cardkey.core.Sku;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.CurrencyMismatchException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.RecordKind;
import io.cardkey.ledger.Transaction;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A redemption's move to REDEEMED and its credit are recorded together or not at all. */
class LedgerRecorderRedemptionTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Currency USD = Currency.getInstance("USD");

    private final Ledger ledger = Ledger.open(LedgerStore.inMemory());
    private final LedgerRecorder recorder = new LedgerRecorder(ledger, new InMemoryInventoryStore());

    @AfterEach
    void close() {
        ledger.close();
    }

    private static CardKey redeemed() {
        return new CardKey(
                7,
                Sku.of("GIFT"),
                "B1",
                CardKeyState.REDEEMED,
                Optional.empty(),
                Optional.empty(),
                Optional.of("o1"),
                true,
                0,
                "****-****-****-7K2Q",
                4);
    }

    @Test
    void redeemed_recordsTheMoveAndTheCreditAsOneTransaction() {
        long before = ledger.lastSequence();
        recorder.redeemed(redeemed(), new Inventory.Credit("r1", "wallet:alice", Money.ofMinor(5000, CNY)));

        LedgerRecord credit =
                ledger.transaction(LedgerRecorder.redemptionId("r1")).orElseThrow();
        assertThat(ledger.lastSequence()).isEqualTo(credit.sequence());
        assertThat(ledger.findByMetadata(LedgerRecorder.CARD_KEY_ID, "7"))
                .extracting(LedgerRecord::sequence)
                .containsExactly(credit.sequence());
        Transaction tx = credit.transaction().orElseThrow();
        assertThat(tx.type()).isEqualTo("cardkey.redeemed");
        assertThat(tx.metadata()).containsEntry("state", "REDEEMED").containsEntry(LedgerRecorder.ORDER_ID, "o1");
        assertThat(RowCodec.cardKey(tx.payload().orElseThrow()).key()).isEqualTo(redeemed());
        assertThat(ledger.balance(AccountId.of("wallet:alice")).creditsPosted()).isEqualTo(5000);
        assertThat(before).isLessThan(credit.sequence());
    }

    @Test
    void redeemed_creditRejected_recordsNeitherTheMoveNorTheCredit() {
        ledger.openAccount(Account.of(AccountId.of("wallet:bob"), USD));
        Inventory.Credit credit = new Inventory.Credit("r2", "wallet:bob", Money.ofMinor(5000, CNY));

        assertThatThrownBy(() -> recorder.redeemed(redeemed(), credit)).isInstanceOf(CurrencyMismatchException.class);

        assertThat(ledger.findByMetadata(LedgerRecorder.CARD_KEY_ID, "7"))
                .allSatisfy(r -> assertThat(r.kind()).isEqualTo(RecordKind.REJECTED));
        assertThat(ledger.transaction(LedgerRecorder.redemptionId("r2")))
                .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(RecordKind.REJECTED));
        assertThat(ledger.balance(AccountId.of("wallet:bob")).creditsPosted()).isZero();
    }
}
