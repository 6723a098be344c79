package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.contract.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damages stored records and snapshots on purpose; verification or opening must name the place. */
class LedgerCorruptionTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId CASH = AccountId.of("cash");
    private static final AccountId WALLET = AccountId.of("wallet");
    private static final AccountId SHOP = AccountId.of("shop");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    /** Writes 3 accounts, then transactions, a hold and its posting, a rejection and an event: 30 records. */
    private Ledger filled(TamperableStore store, long snapshotInterval) {
        Ledger ledger =
                Ledger.builder().clock(clock).snapshotInterval(snapshotInterval).open(store);
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(WALLET, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(SHOP, CNY));
        for (int i = 0; i < 22; i++) {
            clock.advance(Duration.ofSeconds(1));
            ledger.append(Transaction.builder("t" + i, "transfer")
                    .posting(CASH, WALLET, 10 + i)
                    .metadata("orderId", "o" + i)
                    .build());
        }
        ledger.hold(Transaction.of("h", "hold", WALLET, SHOP, 50), Duration.ofMinutes(5));
        ledger.postHold("h", 40);
        assertThatThrownBy(() -> ledger.append(Transaction.of("x", "transfer", WALLET, SHOP, 1_000_000)))
                .isInstanceOf(ConstraintViolationException.class);
        ledger.append(Transaction.builder("e", "card.imported")
                .payload(new byte[] {7})
                .build());
        ledger.append(Transaction.of("t-last", "transfer", WALLET, SHOP, 5));
        assertThat(ledger.lastSequence()).isEqualTo(30);
        return ledger;
    }

    @Test
    void flipByte_anyRecordAnyOffset_verifyNamesThatRecordOrTheNext() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TamperableStore store = new TamperableStore();
            try (Ledger ledger = filled(store, Long.MAX_VALUE)) {
                long k = 1 + random.nextInt(30);
                store.flipByte(k, random.nextInt(store.recordLength(k)));
                long named = verifyFailure(ledger);
                assertThat(named).as("flip in record %d", k).isBetween(k, Math.min(k + 1, 30));
            }
        }
    }

    @Test
    void flipByte_lastRecord_verifyNamesIt() {
        TamperableStore store = new TamperableStore();
        try (Ledger ledger = filled(store, Long.MAX_VALUE)) {
            // The lowest byte of the last posting's amount, before the metadata count (2), payload flag (1) and the
            // footer (2).
            store.flipByte(30, store.recordLength(30) - 6);
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
                assertThat(e.getSequence()).isEqualTo(30);
                assertThat(e.getReason()).contains("differs from the hash");
            });
        }
    }

    @Test
    void swapTwoRecords_verifyNamesTheFirstPosition() {
        TamperableStore store = new TamperableStore();
        try (Ledger ledger = filled(store, Long.MAX_VALUE)) {
            store.swap(10, 20);
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
                assertThat(e.getSequence()).isEqualTo(10);
                assertThat(e.getReason()).contains("says it is record 20");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 15, 29, 30})
    void removeRecord_verifyNamesItsPosition(long removed) {
        TamperableStore store = new TamperableStore();
        try (Ledger ledger = filled(store, Long.MAX_VALUE)) {
            store.remove(removed);
            assertThat(verifyFailure(ledger)).isEqualTo(removed);
        }
    }

    @Test
    void flipByte_thenReopen_openRefusesNamingTheRecord() {
        TamperableStore store = new TamperableStore();
        filled(store, Long.MAX_VALUE).close();
        TamperableStore reopened = store.reopen();
        // Byte 60 lies in the body of record 12 (after the 54-byte header).
        reopened.flipByte(12, 60);
        assertThatThrownBy(() -> Ledger.builder().clock(clock).open(reopened))
                .isInstanceOfSatisfying(
                        LedgerVerificationException.class,
                        e -> assertThat(e.getSequence()).isBetween(12L, 13L));
    }

    @Test
    void tamperedSnapshotBalance_verifyFindsStateDiffersFromReplay() {
        TamperableStore store = new TamperableStore();
        filled(store, 10).close();
        TamperableStore reopened = store.reopen();
        LedgerStore.Snapshot snapshot = reopened.snapshot().orElseThrow();
        // Header (1 + 8 + 32 + 8 + 4 + 3 * 8 = 77), account count (4), first account id "cash" (2 + 4), currency (3),
        // constraint (1), opened sequence (8): then debitsPosted; flip its lowest byte.
        int debitsPosted = 77 + 4 + 2 + 4 + 3 + 1 + 8;
        reopened.flipSnapshotByte(debitsPosted + 7);
        try (Ledger ledger = Ledger.builder().clock(clock).snapshotInterval(10).open(reopened)) {
            assertThat(ledger.balance(CASH).debitsPosted()).isNotEqualTo(filledCashDebits());
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
                assertThat(e.getSequence()).isEqualTo(30);
                assertThat(e.getReason()).contains("account cash");
            });
        }
        assertThat(snapshot.sequence()).isEqualTo(30);
    }

    @Test
    void snapshotOfNewerVersion_openThrowsUnsupportedVersion() {
        TamperableStore store = new TamperableStore();
        filled(store, 10).close();
        TamperableStore reopened = store.reopen();
        LedgerStore.Snapshot snapshot = reopened.snapshot().orElseThrow();
        byte[] state = snapshot.state();
        state[0] = 9;
        reopened.putSnapshot(snapshot.sequence(), state);
        assertThatThrownBy(() -> Ledger.open(reopened))
                .isInstanceOfSatisfying(UnsupportedRecordVersionException.class, e -> {
                    assertThat(e.getVersion()).isEqualTo(9);
                    assertThat(e.getSupportedVersion()).isEqualTo(2);
                });
    }

    /** Writes 3 accounts and 20,000 transactions, enough for replay to decode on worker threads. */
    private Ledger large(TamperableStore store) {
        Ledger ledger =
                Ledger.builder().clock(clock).snapshotInterval(Long.MAX_VALUE).open(store);
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(WALLET, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(SHOP, CNY));
        for (int b = 0; b < 20; b++) {
            java.util.List<Transaction> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(Transaction.of("t" + b + "-" + i, "transfer", CASH, WALLET, 1 + i));
            }
            ledger.append(batch);
        }
        return ledger;
    }

    @Test
    void largeLedger_reopenWithoutSnapshot_replaysToSameState() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = large(store);
        Balance wallet = ledger.balance(WALLET);
        byte[] head = ledger.headHash();
        ledger.close();
        try (Ledger again = Ledger.open(store.reopen())) {
            assertThat(again.balance(WALLET)).isEqualTo(wallet);
            assertThat(again.headHash()).isEqualTo(head);
            assertThat(again.verify().records()).isEqualTo(20_003);
        }
    }

    @Test
    void largeLedger_damageInTwoPlaces_verifyAndOpenNameTheFirst() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = large(store);
        // Damage record 17,000 so that it cannot be decoded, and the version byte of a later record.
        store.flipByte(17_000, 1);
        store.flipByte(19_500, 0);
        assertThat(verifyFailure(ledger)).isEqualTo(17_000);
        ledger.close();
        assertThatThrownBy(() -> Ledger.open(store.reopen()))
                .isInstanceOfSatisfying(
                        LedgerVerificationException.class,
                        e -> assertThat(e.getSequence()).isEqualTo(17_000));
    }

    @Test
    void largeLedger_newerVersionByte_verifyCallsItDamage_openCallsItUnsupported() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = large(store);
        // Record 12,345 replaced by bytes whose version byte says 3.
        store.put(12_345, withVersion(ledger, 12_344, 3));
        assertThat(verifyFailure(ledger)).isEqualTo(12_345);
        ledger.close();
        assertThatThrownBy(() -> Ledger.open(store.reopen()))
                .isInstanceOfSatisfying(
                        UnsupportedRecordVersionException.class,
                        e -> assertThat(e.getSequence()).isEqualTo(12_345));
    }

    @Test
    void largeLedger_previousHashChangedMidChunk_verifyNamesThatRecord() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = large(store);
        // Byte 20 lies in the previous-hash field: the record still decodes and says it is record 15,000.
        store.flipByte(15_000, 20);
        try {
            ledger.verify();
            throw new AssertionError("verify() passed on a damaged ledger");
        } catch (LedgerVerificationException e) {
            assertThat(e.getSequence()).isEqualTo(15_000);
            assertThat(e.getReason()).contains("previous hash");
        }
    }

    @Test
    void largeLedger_swapTwoRecordsMidChunk_verifyNamesTheFirstPosition() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = large(store);
        store.swap(15_000, 15_001);
        assertThat(verifyFailure(ledger)).isEqualTo(15_000);
    }

    @Test
    void largeLedger_transactionIdChanged_verifyNamesItAsMissingFromIndex() {
        TamperableStore store = new TamperableStore();
        Ledger ledger = large(store);
        // Byte 56 is the first character of the transaction id ('t' becomes 'u'); the record's own link is intact.
        store.flipByte(15_000, 56);
        try {
            ledger.verify();
            throw new AssertionError("verify() passed on a damaged ledger");
        } catch (LedgerVerificationException e) {
            assertThat(e.getSequence()).isEqualTo(15_000);
            assertThat(e.getReason()).contains("missing from the ledger's idempotency index");
        }
    }

    private static byte[] withVersion(Ledger ledger, long sequence, int version) {
        byte[] bytes = ledger.record(sequence).storedBytesShared().clone();
        bytes[0] = (byte) version;
        return bytes;
    }

    /** Builds a correctly hash-chained store from forged record bodies, so only the ledger rules can object. */
    @SafeVarargs
    private static TamperableStore forged(java.util.function.BiFunction<Long, byte[], byte[]>... records) {
        TamperableStore store = new TamperableStore();
        java.security.MessageDigest sha = Ledger.newSha256();
        byte[] previous = new byte[32];
        long seq = 1;
        for (java.util.function.BiFunction<Long, byte[], byte[]> r : records) {
            byte[] bytes = r.apply(seq, previous);
            store.append(seq++, java.util.List.of(bytes));
            previous = RecordCodec.hash(sha, bytes);
        }
        return store;
    }

    private static java.util.function.BiFunction<Long, byte[], byte[]> open(AccountId id, AccountConstraint c) {
        return (seq, prev) -> RecordCodec.accountOpened(
                new io.cardkey.ledger.internal.ByteSink(64), seq, prev, 100, 0, Account.of(id, CNY, c));
    }

    private static java.util.function.BiFunction<Long, byte[], byte[]> tx(Transaction t) {
        return (seq, prev) ->
                RecordCodec.transaction(new io.cardkey.ledger.internal.ByteSink(64), seq, prev, 100, 0, t);
    }

    @Test
    void forgedChain_duplicateId_openNamesSecondUse() {
        TamperableStore store = forged(
                open(CASH, AccountConstraint.NONE),
                open(SHOP, AccountConstraint.NONE),
                tx(Transaction.of("same", "x", CASH, SHOP, 1)),
                tx(Transaction.of("same", "x", CASH, SHOP, 2)));
        assertThatThrownBy(() -> Ledger.open(store)).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
            assertThat(e.getSequence()).isEqualTo(4);
            assertThat(e.getReason()).contains("already used by record 3");
        });
    }

    @Test
    void forgedChain_overspendingTransaction_openNamesItWithTheConstraint() {
        TamperableStore store = forged(
                open(WALLET, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS),
                open(SHOP, AccountConstraint.NONE),
                tx(Transaction.of("spend", "x", WALLET, SHOP, 5)));
        assertThatThrownBy(() -> Ledger.open(store)).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
            assertThat(e.getSequence()).isEqualTo(3);
            assertThat(e.getCause()).isInstanceOf(ConstraintViolationException.class);
        });
    }

    @Test
    void forgedChain_unjustifiedRejection_openNamesIt() {
        Rejection claimed = Rejection.of(
                new ConstraintViolationException("t", WALLET, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS, 5));
        TamperableStore store = forged(
                open(WALLET, AccountConstraint.NONE),
                open(SHOP, AccountConstraint.NONE),
                (seq, prev) -> RecordCodec.rejected(
                        new io.cardkey.ledger.internal.ByteSink(64),
                        seq,
                        prev,
                        100,
                        0,
                        Transaction.of("t", "x", WALLET, SHOP, 5),
                        null,
                        claimed));
        assertThatThrownBy(() -> Ledger.open(store)).isInstanceOfSatisfying(LedgerVerificationException.class, e -> {
            assertThat(e.getSequence()).isEqualTo(3);
            assertThat(e.getReason()).contains("the transaction passes");
        });
    }

    private static long filledCashDebits() {
        long sum = 0;
        for (int i = 0; i < 22; i++) {
            sum += 10 + i;
        }
        return sum;
    }

    private static long verifyFailure(Ledger ledger) {
        try {
            ledger.verify();
        } catch (LedgerVerificationException e) {
            assertThat(e.getMessage()).contains("record " + e.getSequence());
            return e.getSequence();
        }
        throw new AssertionError("verify() passed on a damaged ledger");
    }
}
