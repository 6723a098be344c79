package io.cardkey.core.internal;

import static io.cardkey.core.internal.SnapshotFixture.CNY;
import static io.cardkey.core.internal.SnapshotFixture.KEYSET;
import static io.cardkey.core.internal.SnapshotFixture.SKU;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.CardKeys;
import io.cardkey.core.Money;
import io.cardkey.core.Payment;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The inventory rebuilt from the ledger alone equals the live one, including one-code orders recorded as one event. */
class InventoryRebuildTest {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Money ONE = Money.ofMinor(1000, CNY);
    private static final Batch GENERATED =
            new Batch("G1", SKU, "self", Money.ofMinor(800, CNY), Batch.Source.GENERATED, Optional.empty());

    @Test
    void rebuild_afterOneCodeSalesReleasesAndRedemptions_equalsTheLiveStore() {
        Ledger ledger = Ledger.open(LedgerStore.inMemory());
        InMemoryInventoryStore live = new InMemoryInventoryStore();
        List<String> plaintext = new ArrayList<>();
        List<String> orders = List.of("o1", "o2", "o3", "o4", "o5");
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(KEYSET).ledger(ledger).store(live).build()) {
            cardKeys.putProduct(SnapshotFixture.product());
            cardKeys.generate(GENERATED, 8, code -> {
                plaintext.add(code.code().utf8(PlaintextAccess.grant()));
                code.destroy();
            });
            cardKeys.reserve("o1", "alice", SKU, 1, TTL);
            cardKeys.confirm("o1", new Payment("p1", ONE));
            cardKeys.reserve("o2", "bob", SKU, 1, TTL);
            cardKeys.release("o2");
            cardKeys.reserve("o3", "carol", SKU, 1, TTL);
            cardKeys.reserve("o4", "dave", SKU, 2, TTL);
            cardKeys.confirm("o4", new Payment("p4", ONE.multipliedBy(2)));
            for (String code : plaintext) {
                if (cardKeys.lookup(code).orElseThrow().state() == CardKeyState.SOLD) {
                    cardKeys.redeem(code, "wallet:erin", "r-" + code.hashCode(), "ip");
                }
            }
            cardKeys.reserve("o5", "erin", SKU, 1, TTL);
            cardKeys.confirm("o5", new Payment("p5", ONE));
            cardKeys.refund("o5");

            long soldId = cardKeys.order("o1").cardKeyIds().get(0);
            assertThat(cardKeys.history(soldId))
                    .extracting(r -> r.transaction().orElseThrow().type())
                    .containsExactly("cardkey.stocked", "order.reserved", "order.sold", "cardkey.redeemed");
            assertThat(cardKeys.history(soldId))
                    .extracting(LedgerRecord::sequence)
                    .isSorted();
            // A code of an order of two: its moves are in events of the order's codes, found through its batch.
            long pairId = cardKeys.order("o4").cardKeyIds().get(1);
            assertThat(cardKeys.history(pairId))
                    .extracting(r -> r.transaction().orElseThrow().type())
                    .containsExactly("cardkey.stocked", "order.reserved", "order.sold", "cardkey.redeemed");
            assertThat(cardKeys.history(pairId))
                    .extracting(LedgerRecord::sequence)
                    .isSorted();
        }

        InMemoryInventoryStore rebuilt = InventoryRebuild.from(ledger);
        for (long id = 1; id <= 8; id++) {
            assertThat(rebuilt.cardKey(id)).isEqualTo(live.cardKey(id));
        }
        for (String order : orders) {
            assertThat(rebuilt.order(order)).isEqualTo(live.order(order));
        }
        assertThat(rebuilt.countByState(SKU)).isEqualTo(live.countByState(SKU));
        assertThat(rebuilt.countByState(SKU))
                .containsEntry(CardKeyState.REDEEMED, 3L)
                .containsEntry(CardKeyState.RESERVED, 1L)
                .containsEntry(CardKeyState.VOIDED, 1L);
        ledger.close();
    }

    @Test
    void oneCodeSale_isTwoLedgerRecords_andARedemptionOne() {
        Ledger ledger = Ledger.open(LedgerStore.inMemory());
        try (CardKeys cardKeys =
                CardKeys.builder().keyset(KEYSET).ledger(ledger).build()) {
            cardKeys.putProduct(SnapshotFixture.product());
            List<String> plaintext = new ArrayList<>();
            cardKeys.generate(GENERATED, 3, code -> {
                plaintext.add(code.code().utf8(PlaintextAccess.grant()));
                code.destroy();
            });
            // The first sale also opens the library's accounts; the second shows what every sale costs.
            cardKeys.reserve("o0", "alice", SKU, 1, TTL);
            cardKeys.confirm("o0", new Payment("p0", ONE));
            long before = ledger.lastSequence();
            cardKeys.reserve("o1", "alice", SKU, 1, TTL);
            cardKeys.confirm("o1", new Payment("p1", ONE));
            assertThat(ledger.lastSequence() - before).isEqualTo(2);
            assertThat(ledger.transaction("sale:o1")
                            .orElseThrow()
                            .transaction()
                            .orElseThrow()
                            .postings())
                    .isNotEmpty();
            long first = cardKeys.order("o1").cardKeyIds().get(0);

            String sold = plaintext.stream()
                    .filter(c -> cardKeys.lookup(c).orElseThrow().id() == first)
                    .findFirst()
                    .orElseThrow();
            cardKeys.redeem(sold, "wallet:alice", "r1", "ip");
            long beforeRedeem = ledger.lastSequence();
            String other = plaintext.stream()
                    .filter(c -> cardKeys.lookup(c).orElseThrow().id()
                            == cardKeys.order("o0").cardKeyIds().get(0))
                    .findFirst()
                    .orElseThrow();
            cardKeys.redeem(other, "wallet:alice", "r2", "ip");
            assertThat(ledger.lastSequence() - beforeRedeem).isEqualTo(1);
        }
        ledger.close();
    }
}
