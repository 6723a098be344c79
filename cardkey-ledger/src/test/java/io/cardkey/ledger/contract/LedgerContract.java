package io.cardkey.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConflictException;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.AppendResult;
import io.cardkey.ledger.Balance;
import io.cardkey.ledger.CheckpointSigner;
import io.cardkey.ledger.ConstraintViolationException;
import io.cardkey.ledger.CurrencyMismatchException;
import io.cardkey.ledger.DuplicateTransactionIdException;
import io.cardkey.ledger.HoldResolvedException;
import io.cardkey.ledger.HoldState;
import io.cardkey.ledger.IdempotencyConflictException;
import io.cardkey.ledger.InvalidAmountException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerClosedException;
import io.cardkey.ledger.LedgerImportException;
import io.cardkey.ledger.LedgerRecord;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.MetadataTooLargeException;
import io.cardkey.ledger.PayloadTooLargeException;
import io.cardkey.ledger.RecordKind;
import io.cardkey.ledger.Redaction;
import io.cardkey.ledger.RedactionRefusedException;
import io.cardkey.ledger.SameAccountPostingException;
import io.cardkey.ledger.SignedCheckpoint;
import io.cardkey.ledger.Transaction;
import io.cardkey.ledger.UnknownAccountException;
import io.cardkey.ledger.UnknownHoldException;
import io.cardkey.ledger.UnsupportedRecordVersionException;
import io.cardkey.ledger.VerificationResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LedgerStore} must support under a {@link Ledger}: run it against a store by extending
 * this class (it is published in this module's test-jar). The subclass supplies empty stores and reopens them after
 * the ledger on them was closed, as a process restart would.
 *
 * <p>Holds JUnit tests for each rule and failure path and jqwik properties against a reference model: balances equal
 * the sum of postings, constrained accounts never break their constraint (also under 16 concurrent appenders),
 * idempotent retries change nothing, and reopening (replay and snapshot) gives the same state.
 */
public abstract class LedgerContract {
    protected static final Currency CNY = Currency.getInstance("CNY");
    protected static final Currency USD = Currency.getInstance("USD");
    protected static final AccountId CASH = AccountId.of("platform:cash");
    protected static final AccountId WALLET = AccountId.of("distributor:1:wallet");
    protected static final AccountId WALLET2 = AccountId.of("distributor:2:wallet");
    protected static final AccountId REVENUE = AccountId.of("platform:revenue");
    protected static final AccountId LOAN = AccountId.of("supplier:loan");
    protected static final AccountId DOLLARS = AccountId.of("platform:usd");

    /**
     * Returns a new, empty store.
     *
     * @return the store
     */
    protected abstract LedgerStore newStore();

    /**
     * Returns a new open store over the data of {@code closed}, whose ledger (and so the store) was just closed.
     *
     * @param closed the closed store
     * @return a store over the same records and snapshot
     */
    protected abstract LedgerStore reopen(LedgerStore closed);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    /** For subclasses. */
    protected LedgerContract() {}

    protected MutableClock clock() {
        return clock;
    }

    protected Ledger newLedger(LedgerStore store, long snapshotInterval) {
        return Ledger.builder().clock(clock).snapshotInterval(snapshotInterval).open(store);
    }

    /** A ledger with the standard accounts; CASH is funded with nothing. */
    protected Ledger standardLedger(LedgerStore store) {
        Ledger ledger = newLedger(store, 1_000_000);
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(WALLET, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(WALLET2, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(REVENUE, CNY));
        ledger.openAccount(Account.of(LOAN, CNY, AccountConstraint.CREDITS_MUST_NOT_EXCEED_DEBITS));
        ledger.openAccount(Account.of(DOLLARS, USD));
        return ledger;
    }

    protected static Transaction pay(String id, AccountId from, AccountId to, long amount) {
        return Transaction.of(id, "transfer", from, to, amount);
    }

    // ------------------------------------------------------------------ accounts

    @Test
    public void openAccount_new_returnsItsSequence() {
        try (Ledger ledger = newLedger(newStore(), 100)) {
            long seq = ledger.openAccount(Account.of(CASH, CNY));
            assertThat(seq).isEqualTo(1);
            assertThat(ledger.account(CASH)).contains(Account.of(CASH, CNY));
            assertThat(ledger.record(1).kind()).isEqualTo(RecordKind.ACCOUNT_OPENED);
        }
    }

    @Test
    public void openAccount_sameAgain_isIdempotent() {
        try (Ledger ledger = newLedger(newStore(), 100)) {
            ledger.openAccount(Account.of(CASH, CNY));
            assertThat(ledger.openAccount(Account.of(CASH, CNY))).isEqualTo(1);
            assertThat(ledger.lastSequence()).isEqualTo(1);
        }
    }

    @Test
    public void openAccount_differentCurrency_throwsAccountConflict() {
        try (Ledger ledger = newLedger(newStore(), 100)) {
            ledger.openAccount(Account.of(CASH, CNY));
            assertThatThrownBy(() -> ledger.openAccount(Account.of(CASH, USD)))
                    .isInstanceOf(AccountConflictException.class)
                    .hasMessageContaining("platform:cash");
            assertThat(ledger.lastSequence()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ appends

    @Test
    public void append_onePosting_movesMoney() {
        try (Ledger ledger = standardLedger(newStore())) {
            AppendResult r = ledger.append(pay("t1", CASH, WALLET, 500));
            assertThat(r.sequence()).isEqualTo(7);
            assertThat(r.id()).isEqualTo("t1");
            assertThat(ledger.balance(WALLET).netCredit()).isEqualTo(500);
            assertThat(ledger.balance(CASH).netCredit()).isEqualTo(-500);
            assertThat(ledger.balance(CASH).debitsPosted()).isEqualTo(500);
        }
    }

    @Test
    public void append_batch_takesConsecutiveSequencesInOrder() {
        try (Ledger ledger = standardLedger(newStore())) {
            List<AppendResult> results = ledger.append(
                    List.of(pay("a", CASH, WALLET, 100), pay("b", WALLET, REVENUE, 60), pay("c", WALLET, REVENUE, 40)));
            assertThat(results).extracting(AppendResult::sequence).containsExactly(7L, 8L, 9L);
            assertThat(ledger.balance(WALLET).netCredit()).isZero();
            assertThat(ledger.balance(REVENUE).netCredit()).isEqualTo(100);
        }
    }

    @Test
    public void append_noPostings_recordsDomainEvent() {
        try (Ledger ledger = standardLedger(newStore())) {
            Transaction event = Transaction.builder("card-imported-1", "card.imported")
                    .metadata("cardKeyId", "ck-1")
                    .payload("batch 7".getBytes(StandardCharsets.UTF_8))
                    .build();
            AppendResult r = ledger.append(event);
            LedgerRecord rec = ledger.record(r.sequence());
            assertThat(rec.kind()).isEqualTo(RecordKind.TRANSACTION);
            assertThat(rec.transaction()).contains(event);
            assertThat(ledger.findByMetadata("cardKeyId", "ck-1"))
                    .extracting(LedgerRecord::sequence)
                    .containsExactly(r.sequence());
        }
    }

    @Test
    public void append_batchWithViolation_appliesNothingOfIt() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            long before = ledger.lastSequence();
            assertThatThrownBy(
                            () -> ledger.append(List.of(pay("ok", CASH, WALLET2, 5), pay("bad", WALLET, REVENUE, 101))))
                    .isInstanceOf(ConstraintViolationException.class);
            assertThat(ledger.balance(WALLET2).netCredit()).isZero();
            assertThat(ledger.balance(WALLET).netCredit()).isEqualTo(100);
            // Only the rejection of "bad" was recorded; "ok" was not burned.
            assertThat(ledger.lastSequence()).isEqualTo(before + 1);
            assertThat(ledger.record(before + 1).kind()).isEqualTo(RecordKind.REJECTED);
            assertThat(ledger.append(pay("ok", CASH, WALLET2, 5)).sequence()).isEqualTo(before + 2);
        }
    }

    @Test
    public void append_violationOnlyWithinBatch_isNotBurned() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            long before = ledger.lastSequence();
            assertThatThrownBy(
                            () -> ledger.append(List.of(pay("x", WALLET, REVENUE, 80), pay("y", WALLET, REVENUE, 50))))
                    .isInstanceOf(ConstraintViolationException.class);
            assertThat(ledger.lastSequence()).isEqualTo(before);
            assertThat(ledger.append(pay("y", WALLET, REVENUE, 50)).sequence()).isEqualTo(before + 1);
            assertThat(ledger.verify().records()).isEqualTo(before + 1);
        }
    }

    @Test
    public void append_constraintViolation_namesAccountAndShortfall() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            assertThatThrownBy(() -> ledger.append(pay("spend", WALLET, REVENUE, 130)))
                    .isInstanceOfSatisfying(ConstraintViolationException.class, e -> {
                        assertThat(e.getAccount()).isEqualTo(WALLET);
                        assertThat(e.getShortfall()).isEqualTo(30);
                        assertThat(e.getTransactionId()).isEqualTo("spend");
                        assertThat(e.getConstraint()).isEqualTo(AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS);
                    });
            assertThat(ledger.balance(WALLET).netCredit()).isEqualTo(100);
        }
    }

    @Test
    public void append_creditsExceedDebits_violatesReverseConstraint() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("lend", LOAN, CASH, 50));
            assertThatThrownBy(() -> ledger.append(pay("repay", CASH, LOAN, 70)))
                    .isInstanceOfSatisfying(ConstraintViolationException.class, e -> {
                        assertThat(e.getAccount()).isEqualTo(LOAN);
                        assertThat(e.getShortfall()).isEqualTo(20);
                    });
        }
    }

    @Test
    public void append_rejectedIdRetriedAfterFunding_getsSameRejection() {
        try (Ledger ledger = standardLedger(newStore())) {
            assertThatThrownBy(() -> ledger.append(pay("spend", WALLET, REVENUE, 10)))
                    .isInstanceOf(ConstraintViolationException.class);
            ledger.append(pay("fund", CASH, WALLET, 1000));
            long before = ledger.lastSequence();
            assertThatThrownBy(() -> ledger.append(pay("spend", WALLET, REVENUE, 10)))
                    .isInstanceOfSatisfying(
                            ConstraintViolationException.class,
                            e -> assertThat(e.getShortfall()).isEqualTo(10));
            assertThat(ledger.lastSequence()).isEqualTo(before);
            assertThat(ledger.transaction("spend").orElseThrow().rejection()).isPresent();
        }
    }

    @Test
    public void append_unknownAccount_throwsAndBurnsId() {
        try (Ledger ledger = standardLedger(newStore())) {
            AccountId ghost = AccountId.of("ghost");
            assertThatThrownBy(() -> ledger.append(pay("t", CASH, ghost, 1)))
                    .isInstanceOfSatisfying(
                            UnknownAccountException.class,
                            e -> assertThat(e.getAccount()).isEqualTo(ghost));
            ledger.openAccount(Account.of(ghost, CNY));
            assertThatThrownBy(() -> ledger.append(pay("t", CASH, ghost, 1)))
                    .isInstanceOf(UnknownAccountException.class);
            assertThat(ledger.balance(ghost).creditsPosted()).isZero();
        }
    }

    @Test
    public void append_currencyMismatch_throwsNamingBoth() {
        try (Ledger ledger = standardLedger(newStore())) {
            assertThatThrownBy(() -> ledger.append(pay("fx", CASH, DOLLARS, 1)))
                    .isInstanceOfSatisfying(CurrencyMismatchException.class, e -> {
                        assertThat(e.getDebitAccount()).isEqualTo(CASH);
                        assertThat(e.getCreditCurrency()).isEqualTo(USD);
                    });
            assertThat(ledger.balance(DOLLARS).creditsPosted()).isZero();
        }
    }

    @Test
    public void append_duplicateIdsInBatch_throwsAndLeavesLedgerAlone() {
        try (Ledger ledger = standardLedger(newStore())) {
            long before = ledger.lastSequence();
            assertThatThrownBy(() -> ledger.append(List.of(pay("d", CASH, WALLET, 1), pay("d", CASH, WALLET, 1))))
                    .isInstanceOfSatisfying(DuplicateTransactionIdException.class, e -> {
                        assertThat(e.getTransactionId()).isEqualTo("d");
                        assertThat(e.getSecondIndex()).isEqualTo(1);
                    });
            assertThat(ledger.lastSequence()).isEqualTo(before);
        }
    }

    @Test
    public void append_emptyOrOversizedBatch_throwsIllegalArgument() {
        try (Ledger ledger = standardLedger(newStore())) {
            assertThatThrownBy(() -> ledger.append(List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch size was 0");
            List<Transaction> big = new ArrayList<>();
            for (int i = 0; i <= Ledger.MAX_BATCH; i++) {
                big.add(pay("b" + i, CASH, WALLET, 1));
            }
            assertThatThrownBy(() -> ledger.append(big))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10001");
        }
    }

    /** Everything a caller can observe of the ledger's money: each account's balance and the pending holds. */
    private static List<Object> observableState(Ledger ledger) {
        List<Object> out = new ArrayList<>();
        for (Account a : ledger.accounts()) {
            Balance b = ledger.balance(a.id());
            out.add(List.of(a, b.debitsPosted(), b.creditsPosted(), b.debitsPending(), b.creditsPending()));
        }
        return out;
    }

    /** Asserts that {@code action} throws {@code type} and leaves the ledger exactly as it was: no record, no change. */
    private static void assertRefusedWithoutTrace(
            Ledger ledger, Class<? extends RuntimeException> type, String messagePart, Runnable action) {
        long sequence = ledger.lastSequence();
        byte[] head = ledger.headHash();
        List<Object> before = observableState(ledger);
        assertThatThrownBy(action::run).isInstanceOf(type).hasMessageContaining(messagePart);
        assertThat(ledger.lastSequence())
                .as("records after %s", type.getSimpleName())
                .isEqualTo(sequence);
        assertThat(ledger.headHash()).as("head after %s", type.getSimpleName()).isEqualTo(head);
        assertThat(observableState(ledger))
                .as("balances after %s", type.getSimpleName())
                .isEqualTo(before);
    }

    @Test
    public void badInput_eachHasItsOwnException_andLeavesLedgerExactlyAsItWas() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("held", WALLET, REVENUE, 30), Duration.ofMinutes(5));
            assertRefusedWithoutTrace(
                    ledger, InvalidAmountException.class, "was 0", () -> ledger.append(pay("zero", CASH, WALLET, 0)));
            assertRefusedWithoutTrace(
                    ledger, InvalidAmountException.class, "was -5", () -> ledger.append(pay("neg", CASH, WALLET, -5)));
            assertRefusedWithoutTrace(
                    ledger,
                    SameAccountPostingException.class,
                    WALLET.value(),
                    () -> ledger.append(pay("self", WALLET, WALLET, 5)));
            assertRefusedWithoutTrace(
                    ledger,
                    MetadataTooLargeException.class,
                    "256",
                    () -> ledger.append(Transaction.builder("big", "transfer")
                            .posting(CASH, WALLET, 1)
                            .metadata("note", "x".repeat(Transaction.MAX_METADATA_VALUE_BYTES + 1))
                            .build()));
            assertRefusedWithoutTrace(ledger, MetadataTooLargeException.class, "entries", () -> {
                Transaction.Builder b = Transaction.builder("many", "transfer").posting(CASH, WALLET, 1);
                for (int i = 0; i <= Transaction.MAX_METADATA_ENTRIES; i++) {
                    b.metadata("k" + i, "v");
                }
            });
            assertRefusedWithoutTrace(
                    ledger,
                    PayloadTooLargeException.class,
                    String.valueOf(Transaction.MAX_PAYLOAD_BYTES + 1),
                    () -> Transaction.builder("fat", "transfer").payload(new byte[Transaction.MAX_PAYLOAD_BYTES + 1]));
            assertRefusedWithoutTrace(
                    ledger,
                    DuplicateTransactionIdException.class,
                    "dup",
                    () -> ledger.append(List.of(pay("dup", CASH, WALLET, 1), pay("dup", CASH, WALLET, 1))));
            assertRefusedWithoutTrace(
                    ledger,
                    IdempotencyConflictException.class,
                    "postings",
                    () -> ledger.append(pay("fund", CASH, WALLET, 99)));
            assertRefusedWithoutTrace(ledger, UnknownHoldException.class, "nohold", () -> ledger.postHold("nohold", 1));
            assertRefusedWithoutTrace(ledger, InvalidAmountException.class, "31", () -> ledger.postHold("held", 31));
            // A batch whose second transaction cannot be applied: the first one is not applied either.
            assertRefusedWithoutTrace(
                    ledger,
                    ConstraintViolationException.class,
                    WALLET.value(),
                    () -> ledger.append(List.of(pay("a", WALLET, REVENUE, 50), pay("b", WALLET, REVENUE, 50))));
        }
    }

    @Test
    public void badInput_stateDependentRejection_burnsIdButChangesNoBalance() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            AccountId ghost = AccountId.of("ghost");
            List<Object> before = observableState(ledger);
            long sequence = ledger.lastSequence();
            assertThatThrownBy(() -> ledger.append(pay("u", CASH, ghost, 1)))
                    .isInstanceOf(UnknownAccountException.class)
                    .hasMessageContaining("ghost");
            assertThatThrownBy(() -> ledger.append(pay("c", CASH, DOLLARS, 1)))
                    .isInstanceOf(CurrencyMismatchException.class)
                    .hasMessageContaining(DOLLARS.value());
            assertThatThrownBy(() -> ledger.append(pay("s", WALLET, REVENUE, 101)))
                    .isInstanceOf(ConstraintViolationException.class)
                    .hasMessageContaining(WALLET.value());
            // Each is recorded once, as a rejection, so a retry gets the same answer; no money moved.
            assertThat(ledger.lastSequence()).isEqualTo(sequence + 3);
            for (long s = sequence + 1; s <= sequence + 3; s++) {
                assertThat(ledger.record(s).kind()).isEqualTo(RecordKind.REJECTED);
            }
            assertThat(observableState(ledger)).isEqualTo(before);
            assertThat(ledger.verify().records()).isEqualTo(sequence + 3);
        }
    }

    @Test
    public void append_afterClose_throwsLedgerClosed() {
        Ledger ledger = standardLedger(newStore());
        ledger.close();
        assertThatThrownBy(() -> ledger.append(pay("late", CASH, WALLET, 1))).isInstanceOf(LedgerClosedException.class);
        assertThatThrownBy(ledger::lastSequence).isInstanceOf(LedgerClosedException.class);
        ledger.close();
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    public void append_sameIdSameContent_returnsOriginalResult() {
        try (Ledger ledger = standardLedger(newStore())) {
            AppendResult first = ledger.append(pay("t", CASH, WALLET, 5));
            clock.advance(Duration.ofMinutes(1));
            AppendResult again = ledger.append(pay("t", CASH, WALLET, 5));
            assertThat(again).isEqualTo(first);
            assertThat(ledger.balance(WALLET).netCredit()).isEqualTo(5);
            assertThat(ledger.lastSequence()).isEqualTo(first.sequence());
        }
    }

    @Test
    public void append_sameIdDifferentAmount_conflictNamesPostings() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("t", CASH, WALLET, 5));
            assertThatThrownBy(() -> ledger.append(pay("t", CASH, WALLET, 6)))
                    .isInstanceOfSatisfying(IdempotencyConflictException.class, e -> {
                        assertThat(e.getField()).isEqualTo("postings");
                        assertThat(e.getOriginalSequence()).isEqualTo(7);
                    });
        }
    }

    @Test
    public void append_sameIdDifferentMetadataTypeOrPayload_conflictNamesField() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(
                    Transaction.builder("t", "sale").metadata("orderId", "o1").build());
            assertThatThrownBy(() -> ledger.append(Transaction.builder("t", "sale")
                            .metadata("orderId", "o2")
                            .build()))
                    .isInstanceOfSatisfying(
                            IdempotencyConflictException.class,
                            e -> assertThat(e.getField()).isEqualTo("metadata"));
            assertThatThrownBy(() -> ledger.append(Transaction.builder("t", "refund")
                            .metadata("orderId", "o1")
                            .build()))
                    .isInstanceOfSatisfying(
                            IdempotencyConflictException.class,
                            e -> assertThat(e.getField()).isEqualTo("type"));
            assertThatThrownBy(() -> ledger.append(Transaction.builder("t", "sale")
                            .metadata("orderId", "o1")
                            .payload(new byte[] {1})
                            .build()))
                    .isInstanceOfSatisfying(
                            IdempotencyConflictException.class,
                            e -> assertThat(e.getField()).isEqualTo("payload"));
        }
    }

    @Test
    public void append_idOfHold_conflictNamesKind() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("h", WALLET, REVENUE, 10), Duration.ofMinutes(5));
            assertThatThrownBy(() -> ledger.append(pay("h", WALLET, REVENUE, 10)))
                    .isInstanceOfSatisfying(
                            IdempotencyConflictException.class,
                            e -> assertThat(e.getField()).isEqualTo("kind"));
        }
    }

    // ------------------------------------------------------------------ holds

    @Test
    public void hold_countsAgainstConstraintAtOnce() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("h1", WALLET, REVENUE, 70), Duration.ofMinutes(5));
            assertThat(ledger.balance(WALLET).debitsPending()).isEqualTo(70);
            assertThat(ledger.balance(WALLET).availableCredit()).isEqualTo(30);
            assertThatThrownBy(() -> ledger.append(pay("spend", WALLET, REVENUE, 31)))
                    .isInstanceOfSatisfying(
                            ConstraintViolationException.class,
                            e -> assertThat(e.getShortfall()).isEqualTo(1));
            assertThatThrownBy(() -> ledger.hold(pay("h2", WALLET, REVENUE, 40), Duration.ofMinutes(5)))
                    .isInstanceOf(ConstraintViolationException.class);
        }
    }

    @Test
    public void postHold_partial_postsPartAndReleasesRest() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("h", WALLET, REVENUE, 70), Duration.ofMinutes(5));
            AppendResult posted = ledger.postHold("h", 50);
            Balance w = ledger.balance(WALLET);
            assertThat(w.debitsPending()).isZero();
            assertThat(w.debitsPosted()).isEqualTo(50);
            assertThat(ledger.balance(REVENUE).creditsPosted()).isEqualTo(50);
            assertThat(ledger.balance(REVENUE).creditsPending()).isZero();
            assertThat(ledger.holdState("h")).isEqualTo(HoldState.POSTED);
            assertThat(ledger.record(posted.sequence()).postedAmount()).hasValue(50);
        }
    }

    @Test
    public void postHold_moreThanHeld_throwsInvalidAmount() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("h", WALLET, REVENUE, 70), Duration.ofMinutes(5));
            long before = ledger.lastSequence();
            assertThatThrownBy(() -> ledger.postHold("h", 71))
                    .isInstanceOfSatisfying(
                            InvalidAmountException.class,
                            e -> assertThat(e.getAmount()).isEqualTo(71));
            assertThatThrownBy(() -> ledger.postHold("h", 0)).isInstanceOf(InvalidAmountException.class);
            assertThat(ledger.lastSequence()).isEqualTo(before);
            assertThat(ledger.holdState("h")).isEqualTo(HoldState.PENDING);
        }
    }

    @Test
    public void voidHold_releasesAll_andResolvesOnlyOnce() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("h", WALLET, REVENUE, 70), Duration.ofMinutes(5));
            ledger.voidHold("h");
            assertThat(ledger.balance(WALLET).availableCredit()).isEqualTo(100);
            assertThatThrownBy(() -> ledger.postHold("h", 10))
                    .isInstanceOfSatisfying(
                            HoldResolvedException.class,
                            e -> assertThat(e.getState()).isEqualTo(HoldState.VOIDED));
            assertThatThrownBy(() -> ledger.voidHold("h")).isInstanceOf(HoldResolvedException.class);
        }
    }

    @Test
    public void postHold_unknownHold_throwsUnknownHold() {
        try (Ledger ledger = standardLedger(newStore())) {
            assertThatThrownBy(() -> ledger.postHold("nope", 1))
                    .isInstanceOfSatisfying(
                            UnknownHoldException.class,
                            e -> assertThat(e.getHoldId()).isEqualTo("nope"));
            assertThatThrownBy(() -> ledger.holdState("nope")).isInstanceOf(UnknownHoldException.class);
        }
    }

    @Test
    public void expireHolds_afterTimeoutByLedgerClock_releases() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            ledger.hold(pay("h1", WALLET, REVENUE, 30), Duration.ofMinutes(5));
            ledger.hold(pay("h2", WALLET, REVENUE, 30), Duration.ofMinutes(10));
            clock.advance(Duration.ofMinutes(4));
            assertThat(ledger.expireHolds()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> ledger.postHold("h1", 30))
                    .isInstanceOfSatisfying(
                            HoldResolvedException.class,
                            e -> assertThat(e.getState()).isEqualTo(HoldState.EXPIRED));
            assertThat(ledger.expireHolds()).containsExactly("h1");
            assertThat(ledger.holdState("h1")).isEqualTo(HoldState.EXPIRED);
            assertThat(ledger.balance(WALLET).debitsPending()).isEqualTo(30);
            clock.advance(Duration.ofMinutes(10));
            assertThat(ledger.expireHolds()).containsExactly("h2");
            assertThat(ledger.balance(WALLET).availableCredit()).isEqualTo(100);
            assertThat(ledger.verify().holds()).isEqualTo(2);
        }
    }

    @Test
    public void hold_sameIdSameContentAndTimeout_returnsOriginal_otherTimeoutConflicts() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 100));
            AppendResult first = ledger.hold(pay("h", WALLET, REVENUE, 30), Duration.ofMinutes(5));
            assertThat(ledger.hold(pay("h", WALLET, REVENUE, 30), Duration.ofMinutes(5)))
                    .isEqualTo(first);
            assertThatThrownBy(() -> ledger.hold(pay("h", WALLET, REVENUE, 30), Duration.ofMinutes(6)))
                    .isInstanceOfSatisfying(
                            IdempotencyConflictException.class,
                            e -> assertThat(e.getField()).isEqualTo("timeout"));
            assertThat(ledger.balance(WALLET).debitsPending()).isEqualTo(30);
        }
    }

    @Test
    public void hold_badArguments_throwIllegalArgument() {
        try (Ledger ledger = standardLedger(newStore())) {
            Transaction two = Transaction.builder("h", "hold")
                    .posting(CASH, WALLET, 1)
                    .posting(CASH, WALLET2, 1)
                    .build();
            assertThatThrownBy(() -> ledger.hold(two, Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 postings");
            assertThatThrownBy(() -> ledger.hold(pay("h", CASH, WALLET, 1), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT0S");
        }
    }

    // ------------------------------------------------------------------ reads

    @Test
    public void balanceAsOf_returnsTotalsJustAfterThatRecord() {
        try (Ledger ledger = standardLedger(newStore())) {
            long s1 = ledger.append(pay("a", CASH, WALLET, 100)).sequence();
            long s2 = ledger.append(pay("b", WALLET, REVENUE, 30)).sequence();
            long s3 = ledger.hold(pay("h", WALLET, REVENUE, 20), Duration.ofMinutes(5))
                    .sequence();
            long s4 = ledger.postHold("h", 15).sequence();
            for (int i = 0; i < 5; i++) {
                ledger.append(pay("c" + i, CASH, WALLET, 1));
            }
            assertThat(ledger.balanceAsOf(WALLET, 0).creditsPosted()).isZero();
            assertThat(ledger.balanceAsOf(WALLET, s1).netCredit()).isEqualTo(100);
            assertThat(ledger.balanceAsOf(WALLET, s2).netCredit()).isEqualTo(70);
            assertThat(ledger.balanceAsOf(WALLET, s3).debitsPending()).isEqualTo(20);
            Balance after = ledger.balanceAsOf(WALLET, s4);
            assertThat(after.debitsPending()).isZero();
            assertThat(after.netCredit()).isEqualTo(55);
            assertThat(ledger.balanceAsOf(WALLET, ledger.lastSequence())).isEqualTo(ledger.balance(WALLET));
            assertThatThrownBy(() -> ledger.balanceAsOf(WALLET, ledger.lastSequence() + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    public void accountHistory_listsEveryRecordTouchingIt() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("a", CASH, WALLET, 100));
            ledger.append(pay("b", CASH, WALLET2, 100));
            ledger.append(pay("c", WALLET, REVENUE, 10));
            assertThat(ledger.accountHistory(WALLET))
                    .extracting(r -> r.transaction().map(Transaction::id).orElse("open"))
                    .containsExactly("open", "a", "c");
            assertThatThrownBy(() -> ledger.accountHistory(AccountId.of("ghost")))
                    .isInstanceOf(UnknownAccountException.class);
        }
    }

    @Test
    public void findByMetadata_returnsFullHistoryOfOneCardKey() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(Transaction.builder("imp", "card.imported")
                    .metadata("cardKeyId", "ck-9")
                    .build());
            ledger.append(pay("other", CASH, WALLET, 1));
            ledger.append(Transaction.builder("sale", "card.sold")
                    .posting(CASH, REVENUE, 300)
                    .metadata("cardKeyId", "ck-9")
                    .metadata("orderId", "o-1")
                    .build());
            assertThat(ledger.findByMetadata("cardKeyId", "ck-9"))
                    .extracting(r -> r.transaction().orElseThrow().id())
                    .containsExactly("imp", "sale");
            assertThat(ledger.findByMetadata("orderId", "o-1")).hasSize(1);
            assertThat(ledger.findByMetadata("orderId", "o-2")).isEmpty();
            assertThat(ledger.transaction("sale")
                            .orElseThrow()
                            .transaction()
                            .orElseThrow()
                            .metadata())
                    .containsEntry("orderId", "o-1");
            assertThat(ledger.transaction("missing")).isEmpty();
        }
    }

    @Test
    public void records_chainHashesOfCanonicalBytes() throws Exception {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("a", CASH, WALLET, 100));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<LedgerRecord> all = new ArrayList<>();
            ledger.readRecords(1, ledger.lastSequence(), all::add);
            byte[] previous = new byte[32];
            for (LedgerRecord r : all) {
                assertThat(r.previousHash()).isEqualTo(previous);
                assertThat(r.hash()).isEqualTo(sha.digest(r.canonicalBytes()));
                previous = r.hash();
            }
            assertThat(ledger.headHash()).isEqualTo(previous);
            assertThat(all).extracting(LedgerRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        }
    }

    @Test
    public void record_outOfRange_throwsIllegalArgument() {
        try (Ledger ledger = standardLedger(newStore())) {
            assertThatThrownBy(() -> ledger.record(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ledger.record(7)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    public void timestamps_neverGoBackwards_evenIfClockDoes() {
        try (Ledger ledger = standardLedger(newStore())) {
            AppendResult a = ledger.append(pay("a", CASH, WALLET, 1));
            clock.advance(Duration.ofHours(-1));
            AppendResult b = ledger.append(pay("b", CASH, WALLET, 1));
            assertThat(b.timestamp()).isEqualTo(a.timestamp());
            ledger.verify();
        }
    }

    // ------------------------------------------------------------------ reopen, verify, export

    @Test
    public void reopen_withSnapshots_equalsState() {
        LedgerStore store = newStore();
        Ledger ledger = newLedger(store, 3);
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(WALLET, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(REVENUE, CNY));
        ledger.append(pay("a", CASH, WALLET, 100));
        ledger.hold(pay("h", WALLET, REVENUE, 40), Duration.ofMinutes(5));
        assertThatThrownBy(() -> ledger.append(pay("x", WALLET, REVENUE, 70)))
                .isInstanceOf(ConstraintViolationException.class);
        ledger.append(Transaction.builder("e", "card.imported")
                .metadata("cardKeyId", "k")
                .build());
        ledger.postHold("h", 10);
        byte[] head = ledger.headHash();
        long last = ledger.lastSequence();
        Balance wallet = ledger.balance(WALLET);
        ledger.close();

        try (Ledger again = newLedger(reopen(store), 3)) {
            assertThat(again.lastSequence()).isEqualTo(last);
            assertThat(again.headHash()).isEqualTo(head);
            assertThat(again.balance(WALLET)).isEqualTo(wallet);
            assertThat(again.holdState("h")).isEqualTo(HoldState.POSTED);
            assertThat(again.findByMetadata("cardKeyId", "k")).hasSize(1);
            assertThatThrownBy(() -> again.append(pay("x", WALLET, REVENUE, 70)))
                    .isInstanceOf(ConstraintViolationException.class);
            assertThat(again.verify().records()).isEqualTo(last);
            again.append(pay("b", CASH, WALLET, 1));
        }
    }

    @Test
    public void verify_cleanLedger_countsEverything() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("a", CASH, WALLET, 100));
            ledger.hold(pay("h", WALLET, REVENUE, 10), Duration.ofMinutes(1));
            assertThatThrownBy(() -> ledger.append(pay("x", WALLET, REVENUE, 1000)))
                    .isInstanceOf(ConstraintViolationException.class);
            VerificationResult result = ledger.verify();
            assertThat(result.records()).isEqualTo(9);
            assertThat(result.accounts()).isEqualTo(6);
            assertThat(result.transactions()).isEqualTo(1);
            assertThat(result.holds()).isEqualTo(1);
            assertThat(result.rejections()).isEqualTo(1);
            assertThat(result.headHash()).isEqualTo(java.util.HexFormat.of().formatHex(ledger.headHash()));
        }
    }

    @Test
    public void exportThenImport_givesSameLedger() {
        StringWriter out = new StringWriter();
        byte[] head;
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("a", CASH, WALLET, 100));
            ledger.append(Transaction.builder("e", "card.imported")
                    .metadata("cardKeyId", "卡密-1")
                    .payload(new byte[] {0, 1, 2})
                    .build());
            ledger.hold(pay("h", WALLET, REVENUE, 10), Duration.ofMinutes(1));
            ledger.postHold("h", 5);
            assertThatThrownBy(() -> ledger.append(pay("x", WALLET, REVENUE, 1000)))
                    .isInstanceOf(ConstraintViolationException.class);
            ledger.exportJsonLines(out);
            head = ledger.headHash();
        }
        try (Ledger imported = Ledger.importJsonLines(new StringReader(out.toString()), newStore())) {
            assertThat(imported.headHash()).isEqualTo(head);
            assertThat(imported.balance(WALLET).netCredit()).isEqualTo(95);
            assertThat(imported.findByMetadata("cardKeyId", "卡密-1")).hasSize(1);
        }
    }

    @Test
    public void import_editedReadableAmount_throwsNamingLine() {
        StringWriter out = new StringWriter();
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("a", CASH, WALLET, 100));
            ledger.exportJsonLines(out);
        }
        String edited = out.toString().replace("\"amount\":100", "\"amount\":900");
        assertThatThrownBy(() -> Ledger.importJsonLines(new StringReader(edited), newStore()))
                .isInstanceOfSatisfying(
                        LedgerImportException.class,
                        e -> assertThat(e.getLine()).isEqualTo(7));
        String[] lines = out.toString().split("\n");
        String swapped = lines[1] + "\n" + lines[0] + "\n";
        assertThatThrownBy(() -> Ledger.importJsonLines(new StringReader(swapped), newStore()))
                .isInstanceOfSatisfying(
                        LedgerImportException.class,
                        e -> assertThat(e.getLine()).isEqualTo(1));
        assertThatThrownBy(() -> Ledger.importJsonLines(new StringReader("{not json\n"), newStore()))
                .isInstanceOfSatisfying(
                        LedgerImportException.class,
                        e -> assertThat(e.getLine()).isEqualTo(1));
    }

    @Test
    public void open_recordOfNewerVersion_throwsUnsupportedVersion() {
        LedgerStore store = newStore();
        Ledger ledger = standardLedger(store);
        byte[] next = ledger.record(6).canonicalBytes();
        ledger.close();
        LedgerStore reopened = reopen(store);
        next[0] = 3;
        reopened.append(7, List.of(next)).join();
        assertThatThrownBy(() -> newLedger(reopened, 100))
                .isInstanceOfSatisfying(UnsupportedRecordVersionException.class, e -> {
                    assertThat(e.getSequence()).isEqualTo(7);
                    assertThat(e.getVersion()).isEqualTo(3);
                });
    }

    // ------------------------------------------------------------------ sensitive metadata and redaction

    private static final String PHONE = "+86 138 0013 8000";
    private static final String EMAIL = "buyer-7f3a@example.cn";

    /** A sale with a plain order id and two sensitive entries: the buyer's phone and e-mail. */
    protected static Transaction sale(String id, String phone) {
        return Transaction.builder(id, "card.sold")
                .posting(CASH, REVENUE, 300)
                .metadata("orderId", "o-" + id)
                .sensitiveMetadata("buyerPhone", phone)
                .sensitiveMetadata("buyerEmail", EMAIL)
                .build();
    }

    @Test
    public void sensitiveMetadata_readBackAndFound_butNotInCanonicalBytes() {
        try (Ledger ledger = standardLedger(newStore())) {
            long seq = ledger.append(sale("s1", PHONE)).sequence();
            LedgerRecord r = ledger.record(seq);
            Transaction tx = r.transaction().orElseThrow();
            assertThat(tx.metadata()).containsEntry("buyerPhone", PHONE).containsEntry("orderId", "o-s1");
            assertThat(tx.sensitiveMetadataKeys()).containsExactly("buyerEmail", "buyerPhone");
            assertThat(tx.redactedMetadataKeys()).isEmpty();
            assertThat(r.sensitiveMetadataHash("buyerPhone"))
                    .hasValueSatisfying(h -> assertThat(h).hasSize(32));
            assertThat(r.sensitiveMetadataHash("orderId")).isEmpty();
            assertThat(contains(r.canonicalBytes(), PHONE)).isFalse();
            assertThat(contains(r.canonicalBytes(), "o-s1")).isTrue();
            assertThat(ledger.findByMetadata("buyerPhone", PHONE))
                    .extracting(LedgerRecord::sequence)
                    .containsExactly(seq);
            assertThat(tx.toString()).doesNotContain(PHONE).doesNotContain(EMAIL);
            assertThat(r.toString()).doesNotContain(PHONE);
            assertThat(ledger.verify().records()).isEqualTo(seq);
        }
    }

    @Test
    public void sensitiveMetadata_sameValueTwice_hashesDifferBecauseOfTheSalt() {
        try (Ledger ledger = standardLedger(newStore())) {
            long a = ledger.append(sale("s1", PHONE)).sequence();
            long b = ledger.append(sale("s2", PHONE)).sequence();
            assertThat(ledger.record(a).sensitiveMetadataHash("buyerPhone").orElseThrow())
                    .isNotEqualTo(
                            ledger.record(b).sensitiveMetadataHash("buyerPhone").orElseThrow());
            assertThat(ledger.findByMetadata("buyerPhone", PHONE))
                    .extracting(LedgerRecord::sequence)
                    .containsExactly(a, b);
        }
    }

    @Test
    public void redact_sensitiveEntry_erasesValueKeepsHashesAndProofs() {
        CheckpointSigner signer = CheckpointSigner.generate("shop.example.com/ledger");
        try (Ledger ledger = standardLedger(newStore())) {
            long seq = ledger.append(sale("s1", PHONE)).sequence();
            ledger.append(sale("s2", PHONE));
            byte[] canonical = ledger.record(seq).canonicalBytes();
            byte[] hash = ledger.record(seq).sensitiveMetadataHash("buyerPhone").orElseThrow();
            SignedCheckpoint before = ledger.checkpoint(signer);

            clock().advance(Duration.ofMinutes(5));
            AppendResult done = ledger.redact("s1", "buyerPhone", "dpo@shop", "erasure request #17");

            assertThat(done.id()).isEqualTo("s1");
            assertThat(done.sequence()).isEqualTo(ledger.lastSequence());
            LedgerRecord event = ledger.record(done.sequence());
            assertThat(event.kind()).isEqualTo(RecordKind.REDACTED);
            assertThat(event.redaction())
                    .contains(new Redaction("s1", seq, "buyerPhone", "dpo@shop", "erasure request #17"));
            assertThat(event.timestamp()).isEqualTo(done.timestamp());
            assertThat(contains(event.canonicalBytes(), PHONE)).isFalse();

            LedgerRecord after = ledger.record(seq);
            Transaction tx = after.transaction().orElseThrow();
            assertThat(after.canonicalBytes()).isEqualTo(canonical);
            assertThat(after.sensitiveMetadataHash("buyerPhone"))
                    .hasValueSatisfying(h -> assertThat(h).isEqualTo(hash));
            assertThat(tx.redactedMetadataKeys()).containsExactly("buyerPhone");
            assertThat(tx.sensitiveMetadataKeys()).containsExactly("buyerEmail", "buyerPhone");
            assertThat(tx.metadata()).doesNotContainKey("buyerPhone").containsEntry("buyerEmail", EMAIL);
            assertThat(ledger.findByMetadata("buyerPhone", PHONE))
                    .extracting(r -> r.transaction().orElseThrow().id())
                    .containsExactly("s2");
            assertThat(ledger.findByMetadata("buyerEmail", EMAIL)).hasSize(2);

            assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
            ledger.verifyCheckpoint(before.checkpoint());
            SignedCheckpoint later = ledger.checkpoint(signer);
            assertThat(ledger.proveInclusion(seq, before.checkpoint()).verify(canonical, before.checkpoint()))
                    .isTrue();
            assertThat(ledger.proveInclusion(seq, later.checkpoint())
                            .verify(after.canonicalBytes(), later.checkpoint()))
                    .isTrue();
            assertThat(ledger.proveConsistency(before.checkpoint(), later.checkpoint())
                            .verify(before.checkpoint(), later.checkpoint()))
                    .isTrue();
        }
    }

    @Test
    public void redact_twice_returnsFirstResultAndAppendsNothing() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(sale("s1", PHONE));
            AppendResult first = ledger.redact("s1", "buyerPhone", "dpo", "request 1");
            long last = ledger.lastSequence();
            byte[] head = ledger.headHash();
            clock().advance(Duration.ofMinutes(1));
            assertThat(ledger.redact("s1", "buyerPhone", "someone else", "request 2"))
                    .isEqualTo(first);
            assertThat(ledger.lastSequence()).isEqualTo(last);
            assertThat(ledger.headHash()).isEqualTo(head);
            ledger.redact("s1", "buyerEmail", "dpo", "request 1");
            assertThat(ledger.transaction("s1")
                            .orElseThrow()
                            .transaction()
                            .orElseThrow()
                            .redactedMetadataKeys())
                    .containsExactly("buyerEmail", "buyerPhone");
            assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
        }
    }

    @Test
    public void redact_refused_namesReasonAndChangesNothing() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(sale("s1", PHONE));
            long last = ledger.lastSequence();
            byte[] head = ledger.headHash();
            assertThatThrownBy(() -> ledger.redact("nope", "buyerPhone", "dpo", "r"))
                    .isInstanceOfSatisfying(RedactionRefusedException.class, e -> {
                        assertThat(e.getReason()).isEqualTo(RedactionRefusedException.Reason.UNKNOWN_TRANSACTION);
                        assertThat(e.getTransactionId()).isEqualTo("nope");
                        assertThat(e.getKey()).isEqualTo("buyerPhone");
                    });
            assertThatThrownBy(() -> ledger.redact("s1", "orderId", "dpo", "r"))
                    .isInstanceOfSatisfying(RedactionRefusedException.class, e -> {
                        assertThat(e.getReason()).isEqualTo(RedactionRefusedException.Reason.NOT_SENSITIVE);
                        assertThat(e.getMessage()).doesNotContain("o-s1");
                    });
            assertThatThrownBy(() -> ledger.redact("s1", "buyerName", "dpo", "r"))
                    .isInstanceOfSatisfying(
                            RedactionRefusedException.class,
                            e -> assertThat(e.getReason()).isEqualTo(RedactionRefusedException.Reason.UNKNOWN_KEY));
            assertThatThrownBy(() -> ledger.redact("a:cash-open", "buyerPhone", "dpo", "r"))
                    .isInstanceOf(RedactionRefusedException.class);
            assertThat(ledger.lastSequence()).isEqualTo(last);
            assertThat(ledger.headHash()).isEqualTo(head);
            assertThat(ledger.findByMetadata("buyerPhone", PHONE)).hasSize(1);
        }
    }

    @Test
    public void redact_badArguments_throwWithoutChange() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(sale("s1", PHONE));
            long last = ledger.lastSequence();
            assertThatThrownBy(() -> ledger.redact(null, "buyerPhone", "dpo", "r"))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ledger.redact("s1", null, "dpo", "r")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ledger.redact("s1", "buyerPhone", null, "r"))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ledger.redact("s1", "buyerPhone", "dpo", null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ledger.redact("s1", "buyerPhone", "", "r"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("requestedBy");
            assertThatThrownBy(() -> ledger.redact("s1", "buyerPhone", "dpo", "x".repeat(257)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reason was 257 UTF-8 bytes");
            assertThatThrownBy(() -> ledger.redact("s1", "bad key", "dpo", "r"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(ledger.lastSequence()).isEqualTo(last);
        }
    }

    @Test
    public void redact_afterClose_throwsLedgerClosed() {
        Ledger ledger = standardLedger(newStore());
        ledger.append(sale("s1", PHONE));
        ledger.close();
        assertThatThrownBy(() -> ledger.redact("s1", "buyerPhone", "dpo", "r"))
                .isInstanceOf(LedgerClosedException.class);
    }

    @Test
    public void redact_holdAndRejectedTransaction_bothErasable() {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 50));
            Transaction hold = Transaction.builder("h1", "order.hold")
                    .posting(WALLET, REVENUE, 10)
                    .sensitiveMetadata("buyerPhone", PHONE)
                    .build();
            ledger.hold(hold, Duration.ofMinutes(10));
            Transaction tooMuch = Transaction.builder("x1", "order.pay")
                    .posting(WALLET, REVENUE, 1000)
                    .sensitiveMetadata("buyerPhone", PHONE)
                    .build();
            assertThatThrownBy(() -> ledger.append(tooMuch)).isInstanceOf(ConstraintViolationException.class);
            ledger.redact("h1", "buyerPhone", "dpo", "r");
            ledger.redact("x1", "buyerPhone", "dpo", "r");
            assertThat(ledger.findByMetadata("buyerPhone", PHONE)).isEmpty();
            assertThat(ledger.holdState("h1")).isEqualTo(HoldState.PENDING);
            assertThatThrownBy(() -> ledger.append(tooMuch)).isInstanceOf(ConstraintViolationException.class);
            assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
        }
    }

    @Test
    public void redact_thenRetryOriginal_returnsOriginalResult_differentValueStillSameKey() {
        try (Ledger ledger = standardLedger(newStore())) {
            AppendResult original = ledger.append(sale("s1", PHONE));
            ledger.redact("s1", "buyerPhone", "dpo", "r");
            assertThat(ledger.append(sale("s1", PHONE))).isEqualTo(original);
            // The value is gone, so a retry cannot be told apart by it; anything else still conflicts.
            assertThat(ledger.append(sale("s1", "+1 555 0100"))).isEqualTo(original);
            Transaction plainPhone = Transaction.builder("s1", "card.sold")
                    .posting(CASH, REVENUE, 300)
                    .metadata("orderId", "o-s1")
                    .metadata("buyerPhone", PHONE)
                    .sensitiveMetadata("buyerEmail", EMAIL)
                    .build();
            assertThatThrownBy(() -> ledger.append(plainPhone))
                    .isInstanceOfSatisfying(
                            IdempotencyConflictException.class,
                            e -> assertThat(e.getMessage()).contains("metadata"));
        }
    }

    @Test
    public void redact_thenReopen_replayAndSnapshot_keepRedactedState() {
        LedgerStore store = newStore();
        byte[] head;
        try (Ledger ledger = newLedger(store, 3)) {
            ledger.openAccount(Account.of(CASH, CNY));
            ledger.openAccount(Account.of(REVENUE, CNY));
            for (int i = 0; i < 6; i++) {
                ledger.append(sale("s" + i, PHONE));
            }
            ledger.findByMetadata("buyerPhone", PHONE);
            ledger.redact("s2", "buyerPhone", "dpo", "r");
            ledger.append(sale("s9", PHONE));
            ledger.redact("s9", "buyerPhone", "dpo", "r");
            assertThat(ledger.findByMetadata("buyerPhone", PHONE)).hasSize(5);
            head = ledger.headHash();
        }
        LedgerStore again = reopen(store);
        try (Ledger ledger = newLedger(again, 3)) {
            assertThat(ledger.headHash()).isEqualTo(head);
            assertThat(ledger.findByMetadata("buyerPhone", PHONE))
                    .extracting(r -> r.transaction().orElseThrow().id())
                    .containsExactly("s0", "s1", "s3", "s4", "s5");
            assertThat(ledger.redact("s2", "buyerPhone", "dpo", "again").sequence())
                    .isLessThan(ledger.lastSequence());
            assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
            ledger.redact("s0", "buyerPhone", "dpo", "r");
            assertThat(ledger.findByMetadata("buyerPhone", PHONE)).hasSize(4);
            assertThat(again.latestSnapshot())
                    .hasValueSatisfying(snapshot ->
                            assertThat(contains(snapshot.state(), PHONE)).isFalse());
        }
    }

    @Test
    public void redact_exportThenImport_carriesRedactedStateAndReverifies() {
        StringWriter out = new StringWriter();
        byte[] head;
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(sale("s1", PHONE));
            ledger.append(sale("s2", PHONE));
            ledger.redact("s1", "buyerPhone", "dpo", "erasure request");
            ledger.exportJsonLines(out);
            head = ledger.headHash();
        }
        assertThat(out.toString()).contains("erasure request").contains("redactedMetadata");
        assertThat(out.toString().split("\n")[6]).doesNotContain(PHONE);
        try (Ledger imported = Ledger.importJsonLines(new StringReader(out.toString()), newStore())) {
            assertThat(imported.headHash()).isEqualTo(head);
            assertThat(imported.findByMetadata("buyerPhone", PHONE))
                    .extracting(r -> r.transaction().orElseThrow().id())
                    .containsExactly("s2");
            assertThat(imported.transaction("s1")
                            .orElseThrow()
                            .transaction()
                            .orElseThrow()
                            .redactedMetadataKeys())
                    .containsExactly("buyerPhone");
            assertThat(imported.verify().records()).isEqualTo(imported.lastSequence());
        }
    }

    @Test
    public void import_sealedValueEdited_throwsNamingLine() {
        StringWriter out = new StringWriter();
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(sale("s1", PHONE));
            ledger.exportJsonLines(out);
        }
        String[] lines = out.toString().split("\n");
        // Line 7 is the sale; change the phone number in its readable metadata only.
        lines[6] = lines[6].replace("138 0013", "139 0013");
        String edited = String.join("\n", lines) + "\n";
        assertThatThrownBy(() -> Ledger.importJsonLines(new StringReader(edited), newStore()))
                .isInstanceOfSatisfying(LedgerImportException.class, e -> {
                    assertThat(e.getLine()).isEqualTo(7);
                    assertThat(e.getMessage()).doesNotContain(PHONE);
                });
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ properties

    /** One generated operation: a batch of transfers between four CNY accounts. */
    record Op(List<long[]> transfers) {}

    private static final AccountId[] MODEL_ACCOUNTS = {CASH, WALLET, WALLET2, REVENUE};

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<long[]> transfer = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.longs().between(1, 300))
                .as((d, c, a) -> new long[] {d, c == d ? (c + 1) % 4 : c, a});
        return transfer.list().ofMinSize(1).ofMaxSize(4).map(Op::new).list().ofMaxSize(30);
    }

    private Ledger modelLedger(LedgerStore store, long snapshotInterval) {
        Ledger ledger = newLedger(store, snapshotInterval);
        ledger.openAccount(Account.of(CASH, CNY));
        ledger.openAccount(Account.of(WALLET, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(WALLET2, CNY, AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        ledger.openAccount(Account.of(REVENUE, CNY));
        return ledger;
    }

    /** Applies the ops to the ledger and to a reference model; returns the model's net credit per account. */
    private static Map<AccountId, Long> run(Ledger ledger, List<Op> ops, List<List<Transaction>> accepted) {
        Map<AccountId, Long> model = new HashMap<>();
        for (AccountId a : MODEL_ACCOUNTS) {
            model.put(a, 0L);
        }
        int n = 0;
        for (Op op : ops) {
            List<Transaction> batch = new ArrayList<>();
            Map<AccountId, Long> next = new HashMap<>(model);
            boolean ok = true;
            for (long[] t : op.transfers()) {
                AccountId d = MODEL_ACCOUNTS[(int) t[0]];
                AccountId c = MODEL_ACCOUNTS[(int) t[1]];
                batch.add(pay("p" + n++, d, c, t[2]));
                next.merge(d, -t[2], Long::sum);
                next.merge(c, t[2], Long::sum);
                ok &= next.get(WALLET) >= 0 && next.get(WALLET2) >= 0;
            }
            try {
                ledger.append(batch);
                assertThat(ok).as("model accepts what the ledger accepted").isTrue();
                model = next;
                accepted.add(batch);
            } catch (ConstraintViolationException e) {
                assertThat(ok).as("model rejects what the ledger rejected").isFalse();
            }
        }
        return model;
    }

    @Property(tries = 60)
    public void anyAppends_balancesEqualSumOfPostings(@ForAll("ops") List<Op> ops) {
        try (Ledger ledger = modelLedger(newStore(), 1_000_000)) {
            Map<AccountId, Long> model = run(ledger, ops, new ArrayList<>());
            for (AccountId a : MODEL_ACCOUNTS) {
                assertThat(ledger.balance(a).netCredit()).as(a.value()).isEqualTo(model.get(a));
            }
            assertThat(ledger.balance(WALLET).netCredit()).isNotNegative();
            assertThat(ledger.balance(WALLET2).netCredit()).isNotNegative();
            ledger.verify();
        }
    }

    @Property(tries = 40)
    public void idempotentRetries_changeNothing(@ForAll("ops") List<Op> ops, @ForAll long seed) {
        try (Ledger ledger = modelLedger(newStore(), 1_000_000)) {
            List<List<Transaction>> accepted = new ArrayList<>();
            run(ledger, ops, accepted);
            long last = ledger.lastSequence();
            byte[] head = ledger.headHash();
            List<Balance> balances = new ArrayList<>();
            for (AccountId a : MODEL_ACCOUNTS) {
                balances.add(ledger.balance(a));
            }
            Random random = new Random(seed);
            for (List<Transaction> batch : accepted) {
                if (random.nextBoolean()) {
                    List<AppendResult> results = ledger.append(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        assertThat(ledger.transaction(batch.get(i).id())
                                        .orElseThrow()
                                        .sequence())
                                .isEqualTo(results.get(i).sequence());
                    }
                }
            }
            assertThat(ledger.lastSequence()).isEqualTo(last);
            assertThat(ledger.headHash()).isEqualTo(head);
            for (int i = 0; i < MODEL_ACCOUNTS.length; i++) {
                assertThat(ledger.balance(MODEL_ACCOUNTS[i])).isEqualTo(balances.get(i));
            }
        }
    }

    @Property(tries = 30)
    public void reopen_replayAndSnapshot_equalsState(
            @ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 12) int snapshotInterval) {
        LedgerStore store = newStore();
        Ledger ledger = modelLedger(store, snapshotInterval);
        run(ledger, ops, new ArrayList<>());
        long last = ledger.lastSequence();
        byte[] head = ledger.headHash();
        List<Balance> balances = new ArrayList<>();
        for (AccountId a : MODEL_ACCOUNTS) {
            balances.add(ledger.balance(a));
        }
        ledger.close();
        try (Ledger again = newLedger(reopen(store), snapshotInterval)) {
            assertThat(again.lastSequence()).isEqualTo(last);
            assertThat(again.headHash()).isEqualTo(head);
            for (int i = 0; i < MODEL_ACCOUNTS.length; i++) {
                assertThat(again.balance(MODEL_ACCOUNTS[i])).isEqualTo(balances.get(i));
            }
            assertThat(again.verify().records()).isEqualTo(last);
        }
    }

    /** One generated step of the hold model: 0 fund, 1 hold, 2 post, 3 void, 4 let time pass and expire. */
    record HoldOp(int action, long amount, int pick) {}

    /** One generated metadata entry: key k0..k5 (a later entry replaces an earlier one), value, and what to do. */
    record MetaEntry(int key, String value, boolean sensitive, boolean redact) {}

    private static final CheckpointSigner PROPERTY_SIGNER = CheckpointSigner.generate("property.example/ledger");

    @Property(tries = 25)
    public void redactingAnySubset_keepsHashesProofsAndEveryOtherEntry(
            @ForAll("metadataTransactions") List<List<MetaEntry>> transactions) {
        try (Ledger ledger = standardLedger(newStore())) {
            List<Map<String, MetaEntry>> model = new ArrayList<>();
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < transactions.size(); i++) {
                Transaction.Builder b = Transaction.builder("m" + i, "event").posting(CASH, REVENUE, 1 + i);
                Map<String, MetaEntry> entries = new java.util.TreeMap<>();
                for (MetaEntry e : transactions.get(i)) {
                    String key = "k" + e.key();
                    if (e.sensitive()) {
                        b.sensitiveMetadata(key, e.value());
                    } else {
                        b.metadata(key, e.value());
                    }
                    entries.put(key, e);
                }
                model.add(entries);
                sequences.add(ledger.append(b.build()).sequence());
            }
            SignedCheckpoint before = ledger.checkpoint(PROPERTY_SIGNER);
            List<byte[]> canonical = new ArrayList<>();
            for (long seq = 1; seq <= ledger.lastSequence(); seq++) {
                canonical.add(ledger.record(seq).canonicalBytes());
            }

            for (int i = 0; i < model.size(); i++) {
                for (Map.Entry<String, MetaEntry> e : model.get(i).entrySet()) {
                    if (e.getValue().sensitive() && e.getValue().redact()) {
                        ledger.redact("m" + i, e.getKey(), "property", "random subset");
                    }
                }
            }

            assertThat(ledger.verify().records()).isEqualTo(ledger.lastSequence());
            ledger.verifyCheckpoint(before.checkpoint());
            SignedCheckpoint after = ledger.checkpoint(PROPERTY_SIGNER);
            assertThat(ledger.proveConsistency(before.checkpoint(), after.checkpoint())
                            .verify(before.checkpoint(), after.checkpoint()))
                    .isTrue();
            for (long seq = 1; seq <= canonical.size(); seq++) {
                byte[] bytes = ledger.record(seq).canonicalBytes();
                assertThat(bytes).as("canonical bytes of record %d", seq).isEqualTo(canonical.get((int) seq - 1));
                assertThat(ledger.proveInclusion(seq, before.checkpoint()).verify(bytes, before.checkpoint()))
                        .isTrue();
            }
            for (int i = 0; i < model.size(); i++) {
                long seq = sequences.get(i);
                Transaction tx = ledger.record(seq).transaction().orElseThrow();
                Map<String, String> known = new HashMap<>();
                java.util.Set<String> redacted = new java.util.TreeSet<>();
                for (Map.Entry<String, MetaEntry> e : model.get(i).entrySet()) {
                    boolean erased = e.getValue().sensitive() && e.getValue().redact();
                    if (erased) {
                        redacted.add(e.getKey());
                        assertThat(ledger.findByMetadata(
                                        e.getKey(), e.getValue().value()))
                                .extracting(LedgerRecord::sequence)
                                .doesNotContain(seq);
                    } else {
                        known.put(e.getKey(), e.getValue().value());
                        assertThat(ledger.findByMetadata(
                                        e.getKey(), e.getValue().value()))
                                .extracting(LedgerRecord::sequence)
                                .contains(seq);
                    }
                }
                assertThat(tx.metadata()).isEqualTo(known);
                assertThat(tx.redactedMetadataKeys()).isEqualTo(redacted);
            }
        }
    }

    @Provide
    Arbitrary<List<List<MetaEntry>>> metadataTransactions() {
        Arbitrary<MetaEntry> entry = Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.strings()
                                .withChars("abc+-@ 0123456789\u00e9\u5361")
                                .ofMaxLength(24),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(MetaEntry::new);
        return entry.list().ofMaxSize(6).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<HoldOp>> holdOps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.longs().between(1, 200),
                        Arbitraries.integers().between(0, 1000))
                .as(HoldOp::new)
                .list()
                .ofMaxSize(40);
    }

    @Property(tries = 40)
    public void holds_matchReferenceModel_andNeverOverspend(@ForAll("holdOps") List<HoldOp> ops) {
        try (Ledger ledger = standardLedger(newStore())) {
            long credits = 0;
            long debits = 0;
            long pending = 0;
            Map<String, Long> open = new java.util.LinkedHashMap<>();
            int n = 0;
            for (HoldOp op : ops) {
                String id = "op" + n++;
                switch (op.action()) {
                    case 0:
                        ledger.append(pay(id, CASH, WALLET, op.amount()));
                        credits += op.amount();
                        break;
                    case 1:
                        boolean fits = debits + pending + op.amount() <= credits;
                        try {
                            ledger.hold(pay(id, WALLET, REVENUE, op.amount()), Duration.ofMinutes(1 + op.pick() % 5));
                            assertThat(fits).as("model accepts the hold").isTrue();
                            pending += op.amount();
                            open.put(id, op.amount());
                        } catch (ConstraintViolationException e) {
                            assertThat(fits).as("model rejects the hold").isFalse();
                            assertThat(e.getShortfall()).isEqualTo(debits + pending + op.amount() - credits);
                        }
                        break;
                    case 2:
                    case 3:
                        if (!open.isEmpty()) {
                            String holdId = new ArrayList<>(open.keySet()).get(op.pick() % open.size());
                            long held = open.remove(holdId);
                            pending -= held;
                            if (op.action() == 2) {
                                long amount = 1 + op.amount() % held;
                                ledger.postHold(holdId, amount);
                                debits += amount;
                            } else {
                                ledger.voidHold(holdId);
                            }
                            assertThat(ledger.holdState(holdId)).isNotEqualTo(HoldState.PENDING);
                        }
                        break;
                    default:
                        clock.advance(Duration.ofMinutes(10));
                        List<String> expired = ledger.expireHolds();
                        assertThat(expired).containsExactlyInAnyOrderElementsOf(open.keySet());
                        open.clear();
                        pending = 0;
                        break;
                }
                Balance wallet = ledger.balance(WALLET);
                assertThat(wallet.creditsPosted()).isEqualTo(credits);
                assertThat(wallet.debitsPosted()).isEqualTo(debits);
                assertThat(wallet.debitsPending()).isEqualTo(pending);
                assertThat(wallet.availableCredit()).isNotNegative();
                assertThat(ledger.balance(REVENUE).creditsPending()).isEqualTo(pending);
            }
            ledger.verify();
        }
    }

    @Test
    public void concurrentAppendsAndHolds_16Threads_constrainedAccountNeverNegative() throws Exception {
        try (Ledger ledger = standardLedger(newStore())) {
            ledger.append(pay("fund", CASH, WALLET, 10_000));
            AtomicLong spent = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        Random random = new Random(thread);
                        for (int i = 0; i < 100; i++) {
                            long amount = 1 + random.nextInt(20);
                            String id = "spend-" + thread + "-" + i;
                            try {
                                int choice = random.nextInt(4);
                                if (choice == 0) {
                                    ledger.append(
                                            List.of(pay(id, WALLET, REVENUE, amount), pay(id + "b", CASH, WALLET2, 1)));
                                    spent.addAndGet(amount);
                                } else if (choice == 1) {
                                    // Hold, then post part of it: the hold counts against the wallet meanwhile.
                                    ledger.hold(pay(id, WALLET, REVENUE, amount), Duration.ofHours(1));
                                    long part = 1 + random.nextInt((int) amount);
                                    ledger.postHold(id, part);
                                    spent.addAndGet(part);
                                } else {
                                    ledger.append(pay(id, WALLET, REVENUE, amount));
                                    spent.addAndGet(amount);
                                }
                            } catch (ConstraintViolationException e) {
                                assertThat(e.getAccount()).isEqualTo(WALLET);
                            }
                            assertThat(ledger.balance(WALLET).availableCredit()).isNotNegative();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(ledger.balance(WALLET).netCredit())
                    .isEqualTo(10_000 - spent.get())
                    .isNotNegative();
            assertThat(ledger.balance(REVENUE).netCredit()).isEqualTo(spent.get());
            assertThat(ledger.balance(WALLET).debitsPending()).isZero();
            ledger.verify();
        }
    }
}
