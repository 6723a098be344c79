package io.cardkey.core;

import static io.cardkey.core.CardKeyState.AVAILABLE;
import static io.cardkey.core.CardKeyState.DISPUTED;
import static io.cardkey.core.CardKeyState.EXPIRED;
import static io.cardkey.core.CardKeyState.FROZEN;
import static io.cardkey.core.CardKeyState.REDEEMED;
import static io.cardkey.core.CardKeyState.RESERVED;
import static io.cardkey.core.CardKeyState.SOLD;
import static io.cardkey.core.CardKeyState.VOIDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import io.cardkey.ledger.AccountId;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every facade operation that moves a card key, tried on a code in every lifecycle state: the allowed ones end in the
 * state the lifecycle of DESIGN.md names, the forbidden ones throw their specific exception (naming the code's masked
 * form and its state where one applies) and change nothing — not the code, not its order, not the stock counts, not
 * the ledger.
 *
 * <p>The expected outcome of each pair is written out below, not derived from {@link CardKeyState}, so this test checks
 * the table as well as the code. The codes are imported in the generated format, so the test knows each one's
 * plaintext and can try to redeem it in any state.
 */
class CardKeysLifecycleTableTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Sku SKU = Sku.of("TABLE");
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant CODE_EXPIRY = START.plus(Duration.ofDays(1));
    private static final Keyset KEYSET = Keyset.generate(Suite.AES_256_GCM);
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final AccountId PAYMENTS = AccountId.of("cardkey:payments:CNY");

    /** The operations that can move a code. */
    enum Operation {
        /** A new order for one code. */
        RESERVE,
        /** Redeem the code by its plaintext, with a fresh request id. */
        REDEEM,
        FREEZE,
        UNFREEZE,
        /** Refund the order that bought the code. */
        REFUND,
        /** Report the code bad; a spare code is stocked first so a replacement exists. */
        DISPUTE,
        /** Let the code's expiry pass, then expire codes. */
        EXPIRE
    }

    /** The outcome the lifecycle prescribes: a state the code ends in, or an exception. */
    record Outcome(CardKeyState state, Class<? extends CardKeyException> refusal) {
        static Outcome becomes(CardKeyState state) {
            return new Outcome(state, null);
        }

        static Outcome refused(Class<? extends CardKeyException> type) {
            return new Outcome(null, type);
        }

        @Override
        public String toString() {
            return refusal == null ? "-> " + state : "refused: " + refusal.getSimpleName();
        }
    }

    private static final Outcome IT = Outcome.refused(IllegalTransitionException.class);
    private static final Outcome NO_STOCK = Outcome.refused(InsufficientStockException.class);
    private static final Outcome ORDER_STATE = Outcome.refused(OrderStateException.class);
    private static final Outcome NOT_SOLD = Outcome.refused(CodeNotSoldException.class);

    /** The table. FROZEN is a sold code frozen; EXPIRED a sold code past its date. */
    private static final Map<CardKeyState, Map<Operation, Outcome>> TABLE = Map.of(
            AVAILABLE,
            Map.of(
                    Operation.RESERVE, Outcome.becomes(RESERVED),
                    Operation.REDEEM, NOT_SOLD,
                    Operation.FREEZE, Outcome.becomes(FROZEN),
                    Operation.UNFREEZE, Outcome.becomes(AVAILABLE),
                    Operation.EXPIRE, Outcome.becomes(EXPIRED)),
            RESERVED,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, NOT_SOLD,
                    Operation.FREEZE, Outcome.becomes(FROZEN),
                    Operation.UNFREEZE, Outcome.becomes(RESERVED),
                    Operation.REFUND, ORDER_STATE,
                    Operation.DISPUTE, ORDER_STATE,
                    Operation.EXPIRE, Outcome.becomes(RESERVED)),
            SOLD,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, Outcome.becomes(REDEEMED),
                    Operation.FREEZE, Outcome.becomes(FROZEN),
                    Operation.UNFREEZE, Outcome.becomes(SOLD),
                    Operation.REFUND, Outcome.becomes(VOIDED),
                    Operation.DISPUTE, Outcome.becomes(DISPUTED),
                    Operation.EXPIRE, Outcome.becomes(EXPIRED)),
            REDEEMED,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, Outcome.refused(CodeAlreadyRedeemedException.class),
                    Operation.FREEZE, IT,
                    Operation.UNFREEZE, Outcome.becomes(REDEEMED),
                    Operation.REFUND, IT,
                    Operation.DISPUTE, IT,
                    Operation.EXPIRE, Outcome.becomes(REDEEMED)),
            VOIDED,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, NOT_SOLD,
                    Operation.FREEZE, IT,
                    Operation.UNFREEZE, Outcome.becomes(VOIDED),
                    Operation.REFUND, Outcome.becomes(VOIDED),
                    Operation.DISPUTE, ORDER_STATE,
                    Operation.EXPIRE, Outcome.becomes(VOIDED)),
            DISPUTED,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, NOT_SOLD,
                    Operation.FREEZE, Outcome.becomes(FROZEN),
                    Operation.UNFREEZE, Outcome.becomes(DISPUTED),
                    // the refund voids the replacement the order now holds; the bad code stays on record as disputed
                    Operation.REFUND, Outcome.becomes(DISPUTED),
                    Operation.DISPUTE, ORDER_STATE,
                    Operation.EXPIRE, Outcome.becomes(DISPUTED)),
            FROZEN,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, Outcome.refused(CodeFrozenException.class),
                    Operation.FREEZE, Outcome.becomes(FROZEN),
                    Operation.UNFREEZE, Outcome.becomes(SOLD),
                    Operation.REFUND, IT,
                    Operation.DISPUTE, IT,
                    Operation.EXPIRE, Outcome.becomes(FROZEN)),
            EXPIRED,
            Map.of(
                    Operation.RESERVE, NO_STOCK,
                    Operation.REDEEM, Outcome.refused(CodeExpiredException.class),
                    Operation.FREEZE, IT,
                    Operation.UNFREEZE, Outcome.becomes(EXPIRED),
                    Operation.REFUND, IT,
                    Operation.DISPUTE, IT,
                    Operation.EXPIRE, Outcome.becomes(EXPIRED)));

    static List<Arguments> everyStateAndOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (CardKeyState state : CardKeyState.values()) {
            for (Operation op : Operation.values()) {
                Outcome outcome = TABLE.get(state).get(op);
                if (outcome != null) {
                    cases.add(Arguments.of(state, op, outcome));
                }
            }
        }
        return cases;
    }

    /** One instance with one code brought into a state; {@code orderId} bought it, if anybody did. */
    static final class Setup {
        final MutableClock clock = new MutableClock(START);
        final CardKeys cardKeys = CardKeys.builder()
                .keyset(KEYSET)
                .clock(clock)
                .redemptionLimit(100, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build();
        final CodeGenerator generator = CodeGenerator.create(CodeFormat.standard(), 10);
        int batches;
        int requests;
        long codeId;
        String plaintext;
        String orderId;

        Setup(CardKeyState state) {
            cardKeys.putProduct(new Product(SKU, "table", Money.ofMinor(500, CNY), false));
            plaintext = stockOne();
            // the only code in stock: a probe reservation names it
            codeId =
                    cardKeys.reserve("probe", "probe", SKU, 1, TTL).cardKeyIds().get(0);
            cardKeys.release("probe");
            if (state == AVAILABLE) {
                return;
            }
            orderId = "o1";
            cardKeys.reserve(orderId, "buyer", SKU, 1, TTL);
            if (state == RESERVED) {
                return;
            }
            cardKeys.confirm(orderId, new Payment("pay-o1", Money.ofMinor(500, CNY)));
            switch (state) {
                case SOLD -> {}
                case REDEEMED -> cardKeys.redeem(plaintext, "wallet:a", "setup", "ip");
                case VOIDED -> cardKeys.refund(orderId);
                case DISPUTED -> {
                    stockOne();
                    cardKeys.dispute(orderId, codeId);
                }
                case FROZEN -> cardKeys.freeze(codeId);
                case EXPIRED -> {
                    clock.advance(Duration.ofDays(2));
                    cardKeys.expireCodes(SKU);
                }
                default -> throw new IllegalArgumentException("state " + state);
            }
        }

        /** Imports one code of the generated format, expiring at {@link #CODE_EXPIRY}, and returns its text. */
        String stockOne() {
            String text;
            var code = generator.generate();
            try {
                text = code.display(ACCESS);
            } finally {
                code.destroy();
            }
            Batch batch = new Batch(
                    "b" + batches++,
                    SKU,
                    "acme",
                    Money.ofMinor(300, CNY),
                    Batch.Source.IMPORTED,
                    Optional.of(CODE_EXPIRY));
            ImportReport report = cardKeys.importFile(
                    batch,
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    ImportFormat.codes(CodeFormat.standard()));
            assertThat(report.accepted()).isEqualTo(1);
            return text;
        }

        CardKey code() {
            return cardKeys.cardKey(codeId).orElseThrow();
        }

        /** Everything a refused operation must leave as it was. */
        List<Object> snapshot() {
            List<Object> all = new ArrayList<>();
            all.add(code());
            all.add(orderId == null ? "no order" : cardKeys.order(orderId));
            all.add(cardKeys.stock(SKU));
            all.add(cardKeys.ledger()
                    .account(PAYMENTS)
                    .map(a -> cardKeys.ledger().balance(PAYMENTS).netCredit())
                    .orElse(0L));
            all.add(cardKeys.ledger().lastSequence());
            return all;
        }

        void run(Operation op) {
            switch (op) {
                case RESERVE -> cardKeys.reserve("new", "other", SKU, 1, TTL);
                case REDEEM -> cardKeys.redeem(plaintext, "wallet:b", "r" + requests++, "ip");
                case FREEZE -> cardKeys.freeze(codeId);
                case UNFREEZE -> cardKeys.unfreeze(codeId);
                case REFUND -> cardKeys.refund(orderId);
                case DISPUTE -> cardKeys.dispute(orderId, codeId);
                case EXPIRE -> cardKeys.expireCodes(SKU);
            }
        }
    }

    @ParameterizedTest(name = "{0} + {1}: {2}")
    @MethodSource("everyStateAndOperation")
    void operation_onACodeInEachState_followsTheLifecycle(CardKeyState state, Operation op, Outcome outcome) {
        Setup setup = new Setup(state);
        assertThat(setup.code().state()).as("setup").isEqualTo(state);
        if (op == Operation.DISPUTE) {
            setup.stockOne(); // a replacement exists, so only the lifecycle can refuse
        }
        if (op == Operation.EXPIRE) {
            setup.clock.advance(Duration.ofDays(2));
        }
        CardKey before = setup.code();
        List<Object> snapshot = setup.snapshot();

        if (outcome.refusal() == null) {
            setup.run(op);
            assertThat(setup.code().state()).isEqualTo(outcome.state());
            if (op == Operation.RESERVE) {
                assertThat(setup.cardKeys.order("new").cardKeyIds()).containsExactly(setup.codeId);
            }
            setup.cardKeys.ledger().verify();
            return;
        }
        assertThatThrownBy(() -> setup.run(op)).isInstanceOfSatisfying(outcome.refusal(), e -> {
            assertThat(e.getMessage()).doesNotContain(setup.plaintext);
            if (e instanceof IllegalTransitionException t) {
                assertThat(t.cardKeyId()).isEqualTo(setup.codeId);
                assertThat(t.maskedCode()).isEqualTo(before.maskedCode());
                assertThat(t.from()).isEqualTo(state);
                assertThat(e.getMessage()).contains(before.maskedCode()).contains(state.name());
            }
            if (e instanceof OrderStateException o) {
                assertThat(o.orderId()).isEqualTo(setup.orderId);
                assertThat(o.state())
                        .isEqualTo(setup.cardKeys.order(setup.orderId).state());
            }
        });
        assertThat(setup.snapshot()).as("a refused operation changes nothing").isEqualTo(snapshot);
    }
}
