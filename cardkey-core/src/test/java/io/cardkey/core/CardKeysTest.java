package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.InvalidCodeException;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PairFormat;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Suite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardKeysTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Sku GIFT = Sku.of("GIFT-50");
    static final Sku STEAM = Sku.of("STEAM-100");
    static final Duration TTL = Duration.ofMinutes(15);
    static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    CardKeys cardKeys;

    @BeforeEach
    void setUp() {
        cardKeys = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .clock(Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC))
                .build();
        cardKeys.putProduct(new Product(GIFT, "Gift card 50", Money.ofMinor(5000, CNY), false));
        cardKeys.putProduct(new Product(STEAM, "Steam 100", Money.ofMinor(10000, CNY), false));
    }

    static Batch generated(String id) {
        return new Batch(id, GIFT, "self", Money.ofMinor(0, CNY), Batch.Source.GENERATED, Optional.empty());
    }

    static Batch imported(String id) {
        return new Batch(id, STEAM, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty());
    }

    static ByteArrayInputStream file(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sells {@code quantity} codes and returns them revealed, as plaintext strings. */
    List<String> buyAndReveal(String orderId, Sku sku, int quantity, long unitPrice) {
        cardKeys.reserve(orderId, "buyer-" + orderId, sku, quantity, TTL);
        Confirmation c =
                cardKeys.confirm(orderId, new Payment("pay-" + orderId, Money.ofMinor(unitPrice * quantity, CNY)));
        List<String> plain = new ArrayList<>();
        for (RevealedCode code : cardKeys.reveal(orderId, c.deliveryToken())) {
            plain.add(code.code().utf8(ACCESS));
            code.destroy();
        }
        return plain;
    }

    /** Redeems with a fresh request id. */
    CardKey redeem(String code, String account, String source) {
        return cardKeys.redeem(code, account, "req-" + java.util.UUID.randomUUID(), source);
    }

    @Test
    void generate_stocksSealedCodes_thatRevealAndRedeem() {
        List<CardKey> rows = cardKeys.generate(generated("G1"), 5);
        assertThat(rows).hasSize(5).allSatisfy(k -> assertThat(k.maskedCode()).startsWith("****"));
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 5L));

        List<String> codes = buyAndReveal("o1", GIFT, 2, 5000);
        assertThat(codes).hasSize(2).doesNotHaveDuplicates();
        CardKey redeemed = redeem(codes.get(0).toLowerCase(java.util.Locale.ROOT), "acct", "ip");
        assertThat(redeemed.state()).isEqualTo(CardKeyState.REDEEMED);
        assertThat(cardKeys.stock(GIFT))
                .isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L, CardKeyState.SOLD, 1L, CardKeyState.REDEEMED, 1L));
    }

    @Test
    void reveal_marksCodesRevealed_andRefundNeverReturnsThemToStock() {
        cardKeys.generate(generated("G1"), 2);
        buyAndReveal("o1", GIFT, 1, 5000);
        long id = cardKeys.order("o1").cardKeyIds().get(0);
        assertThat(cardKeys.cardKey(id))
                .hasValueSatisfying(k -> assertThat(k.revealed()).isTrue());
        cardKeys.refund("o1");
        assertThat(cardKeys.cardKey(id).orElseThrow().state()).isEqualTo(CardKeyState.VOIDED);
        assertThat(cardKeys.stock(GIFT)).containsEntry(CardKeyState.AVAILABLE, 1L);
    }

    @Test
    void orderOfTenThousand_revealsAllTenThousandDistinctCodes() {
        cardKeys.generate(generated("G1"), 10_000);
        List<String> codes = buyAndReveal("big", GIFT, 10_000, 5000);
        assertThat(codes).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.SOLD, 10_000L));
    }

    @Test
    void reveal_wrongToken_isDenied() {
        cardKeys.generate(generated("G1"), 2);
        cardKeys.reserve("o1", "alice", GIFT, 1, TTL);
        cardKeys.reserve("o2", "bob", GIFT, 1, TTL);
        Confirmation c1 = cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(5000, CNY)));
        Confirmation c2 = cardKeys.confirm("o2", new Payment("p2", Money.ofMinor(5000, CNY)));
        assertThat(c1.deliveryToken()).isNotEqualTo(c2.deliveryToken()).hasSizeGreaterThanOrEqualTo(22);

        assertThatThrownBy(() -> cardKeys.reveal("o1", c2.deliveryToken()))
                .isInstanceOfSatisfying(
                        DeliveryDeniedException.class,
                        e -> assertThat(e.orderId()).isEqualTo("o1"))
                .hasMessageNotContaining(c2.deliveryToken());
        assertThatThrownBy(() -> cardKeys.reveal("o1", "o1")).isInstanceOf(DeliveryDeniedException.class);
        assertThatThrownBy(() -> cardKeys.reveal("o1", "%%%")).isInstanceOf(DeliveryDeniedException.class);
        long id = cardKeys.order("o1").cardKeyIds().get(0);
        assertThat(cardKeys.cardKey(id).orElseThrow().revealed()).isFalse();
    }

    @Test
    void confirm_repeated_returnsTheSameToken_andToStringHidesIt() {
        cardKeys.generate(generated("G1"), 1);
        cardKeys.reserve("o1", "alice", GIFT, 1, TTL);
        Payment payment = new Payment("p1", Money.ofMinor(5000, CNY));
        Confirmation first = cardKeys.confirm("o1", payment);
        Confirmation again = cardKeys.confirm("o1", payment);
        assertThat(again.deliveryToken()).isEqualTo(first.deliveryToken());
        assertThat(first.toString()).doesNotContain(first.deliveryToken()).contains("redacted");
    }

    @Test
    void reveal_ofAFrozenCode_isDenied_andRevealsNothing() {
        cardKeys.generate(generated("G1"), 2);
        cardKeys.reserve("o1", "alice", GIFT, 2, TTL);
        Confirmation c = cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(10000, CNY)));
        long frozen = c.order().cardKeyIds().get(1);
        cardKeys.freeze(frozen);
        assertThatThrownBy(() -> cardKeys.reveal("o1", c.deliveryToken()))
                .isInstanceOf(DeliveryDeniedException.class)
                .hasMessageContaining("frozen");
        assertThat(cardKeys.cardKey(c.order().cardKeyIds().get(0)).orElseThrow().revealed())
                .isFalse();
        cardKeys.unfreeze(frozen);
        assertThat(cardKeys.reveal("o1", c.deliveryToken())).hasSize(2);
    }

    @Test
    void reveal_unpaidOrder_isDenied() {
        cardKeys.generate(generated("G1"), 1);
        cardKeys.reserve("o1", "alice", GIFT, 1, TTL);
        assertThatThrownBy(() -> cardKeys.reveal("o1", "AAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOf(DeliveryDeniedException.class);
    }

    @Test
    void redeem_twice_throwsIllegalTransitionFromRedeemed() {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        redeem(code, "acct", "ip");
        assertThatThrownBy(() -> redeem(code, "acct", "ip"))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        e -> assertThat(e.from()).isEqualTo(CardKeyState.REDEEMED))
                .hasMessageNotContaining(code);
    }

    @Test
    void redeem_unsoldCode_throwsIllegalTransitionFromAvailable() {
        cardKeys.generate(generated("G1"), 2);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        cardKeys.refund("o1");
        assertThatThrownBy(() -> redeem(code, "acct", "ip"))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        e -> assertThat(e.from()).isEqualTo(CardKeyState.VOIDED));
    }

    @Test
    void redeem_frozenCode_throwsIllegalTransitionFromFrozen() {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        assertThat(cardKeys.freezeBatch("G1")).isEqualTo(1);
        assertThatThrownBy(() -> redeem(code, "acct", "ip"))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        e -> assertThat(e.from()).isEqualTo(CardKeyState.FROZEN));
        assertThat(cardKeys.unfreezeBatch("G1")).isEqualTo(1);
        assertThat(redeem(code, "acct", "ip").state()).isEqualTo(CardKeyState.REDEEMED);
    }

    @Test
    void redeem_soldCodePastItsExpiry_expiresItAndThrows() {
        MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
        cardKeys = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .clock(clock)
                .build();
        cardKeys.putProduct(new Product(GIFT, "Gift card 50", Money.ofMinor(5000, CNY), false));
        Batch shortLived = new Batch(
                "G1",
                GIFT,
                "self",
                Money.ofMinor(0, CNY),
                Batch.Source.GENERATED,
                Optional.of(Instant.parse("2026-04-02T00:00:00Z")));
        cardKeys.generate(shortLived, 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        clock.advance(Duration.ofDays(1));
        assertThatThrownBy(() -> redeem(code, "acct", "ip"))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(CardKeyState.EXPIRED);
                    assertThat(e.to()).isEqualTo(CardKeyState.REDEEMED);
                });
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.EXPIRED, 1L));
    }

    @Test
    void redeem_mistypedCode_failsBeforeAnyLookup() {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        char last = code.charAt(code.length() - 1);
        String typo = code.substring(0, code.length() - 1) + (last == '0' ? '1' : '0');
        assertThatThrownBy(() -> redeem(typo, "acct", "ip")).isInstanceOf(InvalidCodeException.class);
        assertThatThrownBy(() -> redeem("not a code", "acct", "ip")).isInstanceOf(InvalidCodeException.class);
    }

    @Test
    void redeem_wellFormedUnknownCode_throwsCodeNotFoundWithMaskOnly() {
        cardKeys.generate(generated("G1"), 1);
        String stranger =
                CodeGenerator.create(CodeFormat.standard(), 1).generate().display(ACCESS);
        assertThatThrownBy(() -> redeem(stranger, "acct", "ip"))
                .isInstanceOfSatisfying(
                        CodeNotFoundException.class,
                        e -> assertThat(e.maskedCode()).startsWith("****"))
                .hasMessageNotContaining(stranger.replace("-", "").substring(0, 12));
    }

    @Test
    void redeem_pastTheGuessLimit_isRefusedWithAGrowingWaitBeforeAnyLookup() {
        MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
        cardKeys = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .clock(clock)
                .redemptionLimit(2, Duration.ofSeconds(10), Duration.ofSeconds(25))
                .build();
        cardKeys.putProduct(new Product(GIFT, "Gift card 50", Money.ofMinor(5000, CNY), false));
        cardKeys.generate(generated("G1"), 1);
        String good = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        String unknown =
                CodeGenerator.create(CodeFormat.standard(), 1).generate().display(ACCESS);

        assertThatThrownBy(() -> redeem("typo", "mallory", "ip-1")).isInstanceOf(InvalidCodeException.class);
        assertThatThrownBy(() -> redeem(unknown, "mallory", "ip-2")).isInstanceOf(CodeNotFoundException.class);
        assertThatThrownBy(() -> redeem(unknown, "mallory", "ip-3")).isInstanceOf(CodeNotFoundException.class);
        assertThatThrownBy(() -> redeem(good, "mallory", "ip-4"))
                .isInstanceOfSatisfying(RedemptionThrottledException.class, e -> {
                    assertThat(e.subject()).isEqualTo("account mallory");
                    assertThat(e.failures()).isEqualTo(3);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10));
                });
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> redeem(unknown, "mallory", "ip-5")).isInstanceOf(CodeNotFoundException.class);
        assertThatThrownBy(() -> redeem(good, "mallory", "ip-6"))
                .isInstanceOfSatisfying(
                        RedemptionThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20)));
        clock.advance(Duration.ofSeconds(20));
        assertThatThrownBy(() -> redeem(unknown, "mallory", "ip-7")).isInstanceOf(CodeNotFoundException.class);
        assertThatThrownBy(() -> redeem(good, "mallory", "ip-8"))
                .isInstanceOfSatisfying(
                        RedemptionThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(25)));
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.SOLD, 1L));

        assertThat(redeem(good, "alice", "ip-1").state()).isEqualTo(CardKeyState.REDEEMED);
    }

    @Test
    void redeem_sameSourceAcrossAccounts_isThrottledToo() {
        cardKeys = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .redemptionLimit(1, Duration.ofMinutes(1), Duration.ofMinutes(1))
                .build();
        assertThatThrownBy(() -> redeem("typo", "a1", "botnet")).isInstanceOf(InvalidCodeException.class);
        assertThatThrownBy(() -> redeem("typo", "a2", "botnet")).isInstanceOf(InvalidCodeException.class);
        assertThatThrownBy(() -> redeem("typo", "a3", "botnet"))
                .isInstanceOfSatisfying(
                        RedemptionThrottledException.class,
                        e -> assertThat(e.subject()).isEqualTo("source botnet"));
    }

    @Test
    void redeem_racingCallers_exactlyOneWins() throws Exception {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        redeem(code, "user" + thread, "ip" + thread);
                        return true;
                    } catch (IllegalTransitionException lost) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (java.util.concurrent.Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redeem_sameRequestAgain_returnsTheSameCode_andCreditsOnce() {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        CardKey first = cardKeys.redeem(code, "wallet:alice", "req-1", "ip");
        CardKey retry = cardKeys.redeem(code, "wallet:alice", "req-1", "ip");
        assertThat(retry).isEqualTo(first);
        assertThat(cardKeys.ledger()
                        .balance(io.cardkey.ledger.AccountId.of("wallet:alice"))
                        .toString())
                .contains("5000");
        assertThatThrownBy(() -> cardKeys.redeem(code, "wallet:alice", "req-2", "ip"))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void redeem_intoAnAccountOfAnotherCurrencyOrAReservedName_throwsAndLeavesTheCodeSold() {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        cardKeys.ledger()
                .openAccount(io.cardkey.ledger.Account.of(
                        io.cardkey.ledger.AccountId.of("wallet:usd"), Currency.getInstance("USD")));
        assertThatThrownBy(() -> cardKeys.redeem(code, "wallet:usd", "r1", "ip"))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> cardKeys.redeem(code, "cardkey:revenue:CNY", "r2", "ip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cardkey:");
        long id = cardKeys.order("o1").cardKeyIds().get(0);
        assertThat(cardKeys.cardKey(id).orElseThrow().state()).isEqualTo(CardKeyState.SOLD);
        assertThat(cardKeys.redeem(code, "wallet:cny", "r3", "ip").state()).isEqualTo(CardKeyState.REDEEMED);
    }

    @Test
    void history_ofOneCode_listsStockSaleRevealsAndRedemptionInOrder() {
        cardKeys.generate(generated("G1"), 1);
        String code = buyAndReveal("o1", GIFT, 1, 5000).get(0);
        long id = cardKeys.order("o1").cardKeyIds().get(0);
        Confirmation again = cardKeys.confirm("o1", new Payment("pay-o1", Money.ofMinor(5000, CNY)));
        cardKeys.reveal("o1", again.deliveryToken()).forEach(RevealedCode::destroy);
        cardKeys.redeem(code, "wallet:bob", "req-9", "ip");

        List<String> types = cardKeys.history(id).stream()
                .map(r -> r.transaction().orElseThrow().type())
                .toList();
        assertThat(types)
                .containsExactly(
                        "cardkey.stocked",
                        "order.reserved",
                        "order.sold",
                        "cardkey.revealed",
                        "cardkey.revealed",
                        "cardkey.revealed",
                        "cardkey.redeemed");
        assertThat(cardKeys.history(id))
                .extracting(io.cardkey.ledger.LedgerRecord::sequence)
                .isSorted();
        assertThat(cardKeys.orderHistory("o1"))
                .extracting(r -> r.transaction().orElseThrow().type())
                .containsExactly(
                        "order.reserved", // the order, with its one code
                        "order.sold", // the order, its code and the money
                        "cardkey.revealed", // the code's revealed flag
                        "cardkey.revealed", // first reveal
                        "cardkey.revealed", // second reveal
                        "cardkey.redeemed"); // the code and the credit
        assertThat(cardKeys.ledger().verify().toString()).doesNotContain(code);
    }

    @Test
    void provenHistory_everyRecordVerifiesAgainstASignedCheckpoint() {
        cardKeys.generate(generated("G1"), 2);
        buyAndReveal("o1", GIFT, 1, 5000);
        long id = cardKeys.order("o1").cardKeyIds().get(0);
        io.cardkey.ledger.CheckpointSigner signer = io.cardkey.ledger.CheckpointSigner.generate("cardkey.test/log");
        io.cardkey.ledger.Checkpoint checkpoint =
                cardKeys.ledger().checkpoint(signer).checkpoint();
        cardKeys.refund("o1");

        List<ProvenRecord> proven = cardKeys.provenHistory(id, checkpoint);
        assertThat(proven).hasSize(5);
        assertThat(proven)
                .allSatisfy(p -> assertThat(p.proof().verify(p.record().canonicalBytes(), checkpoint))
                        .isTrue());
        assertThat(cardKeys.history(id)).hasSize(6);
        ProvenRecord first = proven.get(0);
        assertThat(first.proof().verify(proven.get(1).record().canonicalBytes(), checkpoint))
                .isFalse();
    }

    @Test
    void latePayment_backorders_thenStockArrives_andTheSameTokenReveals() {
        MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
        cardKeys = CardKeys.builder()
                .keyset(Keyset.generate(Suite.AES_256_GCM))
                .clock(clock)
                .build();
        cardKeys.putProduct(new Product(STEAM, "Steam 100", Money.ofMinor(10000, CNY), false));
        cardKeys.importFile(imported("S1"), file("ONLY-ONE\n"), ImportFormat.codes(CodeFormat.supplierText()));
        cardKeys.reserve("late", "alice", STEAM, 1, TTL);
        clock.advance(TTL);
        cardKeys.reserve("other", "bob", STEAM, 1, TTL);

        Confirmation waiting = cardKeys.confirm("late", new Payment("p-late", Money.ofMinor(10000, CNY)));
        assertThat(waiting.order().state()).isEqualTo(OrderState.BACKORDERED);
        assertThatThrownBy(() -> cardKeys.reveal("late", waiting.deliveryToken()))
                .isInstanceOf(DeliveryDeniedException.class);
        io.cardkey.ledger.AccountId backorders = io.cardkey.ledger.AccountId.of("cardkey:backorders:CNY");
        assertThat(cardKeys.ledger().balance(backorders).netCredit()).isEqualTo(10000);

        cardKeys.importFile(imported("S2"), file("SECOND\n"), ImportFormat.codes(CodeFormat.supplierText()));
        assertThat(cardKeys.order("late").state()).isEqualTo(OrderState.SOLD);
        List<RevealedCode> codes = cardKeys.reveal("late", waiting.deliveryToken());
        assertThat(codes).extracting(c -> c.code().utf8(ACCESS)).containsExactly("SECOND");
        codes.forEach(RevealedCode::destroy);
        assertThat(cardKeys.ledger().balance(backorders).netCredit()).isZero();
        assertThat(cardKeys.ledger()
                        .balance(io.cardkey.ledger.AccountId.of("cardkey:revenue:CNY"))
                        .netCredit())
                .isEqualTo(2000);

        cardKeys.refund("late");
        for (String purpose : List.of("payments", "backorders", "revenue", "supplier-payable")) {
            assertThat(cardKeys.ledger()
                            .balance(io.cardkey.ledger.AccountId.of("cardkey:" + purpose + ":CNY"))
                            .netCredit())
                    .as("%s after refunding the filled back-order", purpose)
                    .isZero();
        }
        cardKeys.ledger().verify();
    }

    @Test
    void reusableProduct_revealsTheSameCodeToEveryBuyer() {
        Sku shared = Sku.of("VIP-LINK");
        cardKeys.putProduct(new Product(shared, "VIP tutorial", Money.ofMinor(990, CNY), true));
        Batch batch = new Batch("R1", shared, "self", Money.ofMinor(0, CNY), Batch.Source.IMPORTED, Optional.empty());
        cardKeys.importFile(batch, file("https://example.test/vip\n"), ImportFormat.codes(CodeFormat.supplierText()));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cardKeys.reserve("r" + i, "buyer" + i, shared, 1, TTL);
            Confirmation c = cardKeys.confirm("r" + i, new Payment("pr" + i, Money.ofMinor(990, CNY)));
            for (RevealedCode code : cardKeys.reveal("r" + i, c.deliveryToken())) {
                seen.add(code.code().utf8(ACCESS));
                code.destroy();
            }
        }
        assertThat(seen).containsOnly("https://example.test/vip").hasSize(3);
        long id = cardKeys.order("r0").cardKeyIds().get(0);
        assertThat(cardKeys.cardKey(id).orElseThrow().salesCount()).isEqualTo(3);
        assertThat(cardKeys.stock(shared)).isEqualTo(Map.of(CardKeyState.SOLD, 1L));
    }

    @Test
    void sale_andRefund_moveMoneyThatAddsUp() {
        cardKeys.importFile(imported("S1"), file("A1\nA2\n"), ImportFormat.codes(CodeFormat.supplierText()));
        cardKeys.reserve("o1", "alice", STEAM, 2, TTL);
        cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(20000, CNY)));
        io.cardkey.ledger.Ledger ledger = cardKeys.ledger();
        assertThat(ledger.balance(io.cardkey.ledger.AccountId.of("cardkey:supplier-payable:CNY"))
                        .toString())
                .contains("16000");
        assertThat(ledger.balance(io.cardkey.ledger.AccountId.of("cardkey:revenue:CNY"))
                        .toString())
                .contains("4000");
        cardKeys.refund("o1");
        assertThat(ledger.balance(io.cardkey.ledger.AccountId.of("cardkey:revenue:CNY"))
                        .netCredit())
                .isZero();
        assertThat(ledger.balance(io.cardkey.ledger.AccountId.of("cardkey:payments:CNY"))
                        .netCredit())
                .isZero();
        assertThat(ledger.transaction("refund:o1")).isPresent();
    }

    @Test
    void importFile_reportsAcceptedDuplicatesAndMalformed_andReimportAddsNothing() {
        String text = "AAA-111\nBBB-222\n\nAAA-111\nCCC-333\n";
        ImportReport first =
                cardKeys.importFile(imported("S1"), file(text), ImportFormat.codes(CodeFormat.supplierText()));
        assertThat(first.committed()).isTrue();
        assertThat(first.accepted()).isEqualTo(3);
        assertThat(first.lines()).isEqualTo(5);
        assertThat(first.duplicatesInFile()).isEqualTo(1);
        assertThat(first.duplicateInFileLines()).containsExactly(4L);
        assertThat(cardKeys.stock(STEAM)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));

        ImportReport again = cardKeys.importFile(
                imported("S2"), file(text + "DDD-444\n"), ImportFormat.codes(CodeFormat.supplierText()));
        assertThat(again.accepted()).isEqualTo(1);
        assertThat(again.duplicatesInStock()).isEqualTo(3);
        assertThat(again.duplicateInStockLines()).containsExactly(1L, 2L, 5L);
        assertThat(cardKeys.stock(STEAM)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 4L));
    }

    @Test
    void importFile_malformedLine_refusesTheWholeFileByDefault() {
        String text = "GOOD-1\n" + "X".repeat(300) + "\nGOOD-2\n";
        ImportReport report =
                cardKeys.importFile(imported("S1"), file(text), ImportFormat.codes(CodeFormat.supplierText()));
        assertThat(report.committed()).isFalse();
        assertThat(report.accepted()).isZero();
        assertThat(report.malformed()).isEqualTo(1);
        assertThat(report.malformedLines()).singleElement().satisfies(m -> {
            assertThat(m.line()).isEqualTo(2);
            assertThat(m.reason()).contains("TOO_LONG");
        });
        assertThat(cardKeys.stock(STEAM)).isEmpty();

        ImportReport partial =
                cardKeys.importFile(imported("S2"), file(text), ImportFormat.codes(CodeFormat.supplierText()), false);
        assertThat(partial.committed()).isTrue();
        assertThat(partial.accepted()).isEqualTo(2);
        assertThat(cardKeys.stock(STEAM)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 2L));
    }

    @Test
    void importFile_pairsCsvWithHeader_revealsNumberAndPassword() {
        String csv = "\uFEFFcard,password\n1000200030004000,pw-one\n1000200030004001,pw,two\nlonely\n";
        ImportReport report = cardKeys.importFile(
                imported("S1"),
                file(csv),
                ImportFormat.pairs(PairFormat.supplierText()).withHeader(),
                false);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.malformedLines()).singleElement().satisfies(m -> {
            assertThat(m.line()).isEqualTo(4);
            assertThat(m.reason()).contains("NOT_A_PAIR");
        });
        cardKeys.reserve("o1", "alice", STEAM, 2, TTL);
        Confirmation c = cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(20000, CNY)));
        List<RevealedCode> revealed = cardKeys.reveal("o1", c.deliveryToken());
        assertThat(revealed)
                .extracting(r -> r.code().utf8(ACCESS))
                .containsExactlyInAnyOrder("1000200030004000", "1000200030004001");
        assertThat(revealed)
                .extracting(r -> r.password().orElseThrow().utf8(ACCESS))
                .containsExactlyInAnyOrder("pw-one", "pw,two");
        assertThat(revealed.get(0).toString()).doesNotContain("100020003000400").contains("****");
        revealed.forEach(RevealedCode::destroy);
        assertThat(revealed).allMatch(RevealedCode::isDestroyed);
    }

    @Test
    void importFile_wrongBatchSourceOrUnknownProduct_throws() {
        assertThatThrownBy(() -> cardKeys.importFile(
                        generated("G1"), file("A\n"), ImportFormat.codes(CodeFormat.supplierText())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch.source was GENERATED");
        Batch unknown =
                new Batch("S9", Sku.of("NOPE"), "acme", Money.ofMinor(1, CNY), Batch.Source.IMPORTED, Optional.empty());
        assertThatThrownBy(
                        () -> cardKeys.importFile(unknown, file("A\n"), ImportFormat.codes(CodeFormat.supplierText())))
                .isInstanceOf(UnknownProductException.class);
        Batch dollars = new Batch(
                "S9",
                STEAM,
                "acme",
                Money.ofMinor(1, Currency.getInstance("USD")),
                Batch.Source.IMPORTED,
                Optional.empty());
        assertThatThrownBy(
                        () -> cardKeys.importFile(dollars, file("A\n"), ImportFormat.codes(CodeFormat.supplierText())))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void generate_withPlaintextConsumer_handsEachNewCodeOnceInIdOrder_andTheCodesRedeemAfterSale() {
        List<Long> ids = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<RevealedCode> handed = new ArrayList<>();

        List<CardKey> rows = cardKeys.generate(generated("G1"), 3, code -> {
            ids.add(code.cardKeyId());
            plain.add(code.code().utf8(ACCESS));
            assertThat(code.password()).isEmpty();
            handed.add(code);
        });

        assertThat(ids).isEqualTo(rows.stream().map(CardKey::id).toList());
        assertThat(plain)
                .hasSize(3)
                .doesNotHaveDuplicates()
                .allSatisfy(c -> CodeFormat.standard().parse(c));
        assertThat(handed).allSatisfy(code -> assertThat(code.isDestroyed()).isTrue());
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));
        List<String> sold = buyAndReveal("o1", GIFT, 3, 5000);
        assertThat(sold).containsExactlyInAnyOrderElementsOf(plain);
    }

    @Test
    void generate_plaintextConsumerThrows_codesStayStocked_andTheRestAreDestroyedUnseen() {
        List<RevealedCode> handed = new ArrayList<>();

        assertThatThrownBy(() -> cardKeys.generate(generated("G1"), 3, code -> {
                    handed.add(code);
                    throw new IllegalStateException("disk full");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("disk full");

        assertThat(handed).hasSize(1);
        assertThat(handed.get(0).isDestroyed()).isTrue();
        assertThat(cardKeys.stock(GIFT)).isEqualTo(Map.of(CardKeyState.AVAILABLE, 3L));
        assertThat(cardKeys.freezeBatch("G1")).isEqualTo(3);
    }

    @Test
    void generate_nullConsumer_throwsNullPointer_andStocksNothing() {
        assertThatThrownBy(() -> cardKeys.generate(generated("G1"), 3, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("plaintext");
        assertThat(cardKeys.stock(GIFT)).isEmpty();
    }

    @Test
    void lookup_findsGeneratedCodesAsTyped_importedCodesAndPairNumbers_andNothingElse() {
        List<String> plain = new ArrayList<>();
        List<CardKey> rows = cardKeys.generate(
                generated("G1"), 1, code -> plain.add(code.code().utf8(ACCESS)));
        cardKeys.importFile(imported("S1"), file("STEAM-CODE-1\n"), ImportFormat.codes(CodeFormat.supplierText()));
        cardKeys.importFile(
                new Batch("S2", STEAM, "acme", Money.ofMinor(8000, CNY), Batch.Source.IMPORTED, Optional.empty()),
                file("SC0001,secret-pass\n"),
                ImportFormat.pairs(PairFormat.supplierText()));

        String sloppy = plain.get(0).toLowerCase(java.util.Locale.ROOT);
        assertThat(cardKeys.lookup(sloppy))
                .map(CardKey::id)
                .contains(rows.get(0).id());
        assertThat(cardKeys.lookup("STEAM-CODE-1")).map(CardKey::batchId).contains("S1");
        assertThat(cardKeys.lookup("SC0001")).map(CardKey::batchId).contains("S2");
        assertThat(cardKeys.lookup("secret-pass"))
                .as("a pair's password is not an index")
                .isEmpty();
        assertThat(cardKeys.lookup("NO-SUCH-CODE")).isEmpty();
        assertThat(cardKeys.lookup("")).isEmpty();
        assertThatThrownBy(() -> cardKeys.lookup(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void dispute_replacesTheBadCodeFromStock() {
        cardKeys.generate(generated("G1"), 2);
        cardKeys.reserve("o1", "alice", GIFT, 1, TTL);
        cardKeys.confirm("o1", new Payment("p1", Money.ofMinor(5000, CNY)));
        long bad = cardKeys.order("o1").cardKeyIds().get(0);
        Order replaced = cardKeys.dispute("o1", bad);
        assertThat(replaced.cardKeyIds()).hasSize(1).doesNotContain(bad);
        assertThat(cardKeys.cardKey(bad).orElseThrow().state()).isEqualTo(CardKeyState.DISPUTED);
        long second = replaced.cardKeyIds().get(0);
        assertThatThrownBy(() -> cardKeys.dispute("o1", second)).isInstanceOf(InsufficientStockException.class);
        assertThat(cardKeys.order("o1")).isEqualTo(replaced);
        assertThatThrownBy(() -> cardKeys.dispute("o1", bad)).isInstanceOf(OrderStateException.class);
    }

    @Test
    void builder_withoutKeyset_throwsIllegalState_andRejectsBadSettings() {
        assertThatThrownBy(() -> CardKeys.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyset");
        assertThatThrownBy(() -> CardKeys.builder().buyerCap(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardKeys.builder()
                        .keyset(Keyset.generate(Suite.AES_256_GCM))
                        .dataDirectory(java.nio.file.Path.of("unused"))
                        .ledger(io.cardkey.ledger.Ledger.open(io.cardkey.ledger.LedgerStore.inMemory()))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataDirectory");
        assertThatThrownBy(() -> CardKeys.builder().tenant(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardKeys.builder().codeFormat(CodeFormat.supplierText()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noPlaintextCode_inAnyRowMessageOrToString() {
        cardKeys.generate(generated("G1"), 3);
        List<String> codes = buyAndReveal("o1", GIFT, 3, 5000);
        List<String> texts = new ArrayList<>();
        for (long id : cardKeys.order("o1").cardKeyIds()) {
            texts.add(cardKeys.cardKey(id).orElseThrow().toString());
        }
        texts.add(cardKeys.order("o1").toString());
        texts.add(cardKeys.toString());
        for (String code : codes) {
            redeem(code, "acct", "ip");
            try {
                redeem(code, "acct", "ip");
            } catch (CardKeyException e) {
                texts.add(e.getMessage());
            }
        }
        assertThat(texts).hasSizeGreaterThan(5);
        for (String code : codes) {
            String core = code.replace("-", "");
            for (String text : texts) {
                assertThat(text.replace("-", "")).doesNotContain(core.substring(0, 8));
            }
        }
    }
}
