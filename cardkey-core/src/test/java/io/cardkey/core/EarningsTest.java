package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.ComplianceLimitExceededException.Limit;
import io.cardkey.core.InsufficientBalanceException.BalanceKind;
import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.AppendResult;
import io.cardkey.ledger.IdempotencyConflictException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerStore;
import io.cardkey.ledger.Posting;
import io.cardkey.ledger.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EarningsTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final Ledger ledger = Ledger.builder().clock(clock).open(LedgerStore.inMemory());
    final SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
    final DistributorTree tree = tree();
    final CommissionPolicy policy = CommissionPolicy.builder(classicPrices().build())
            .defaultPlan(CommissionPlan.builder()
                    .level(1, CommissionRule.priceDifference())
                    .level(2, CommissionRule.priceDifference())
                    .build())
            .build();

    @AfterEach
    void close() {
        ledger.close();
    }

    static DistributorTree tree() {
        DistributorTree t = DistributorTree.create();
        t.add(GA, GENERAL_AGENT);
        t.add(AG, AGENT, GA);
        return t;
    }

    Earnings.Builder builder() {
        return Earnings.builder(ledger, CNY).clock(clock).volumes(volumes).holdPeriod(Duration.ofDays(7));
    }

    SaleSplit retailSale(long quantity) {
        return policy.split(policy.prices().quote(CARD, RETAIL, quantity), tree.chainOf(AG), clock.instant(), volumes);
    }

    long net(AccountId id) {
        return ledger.balance(id).netCredit();
    }

    @Test
    void recordSale_classicChain_postsOneBalancedTransactionIntoPending() {
        Earnings earnings = builder().build();
        AppendResult result = earnings.recordSale("order-1", retailSale(1));

        Transaction tx =
                ledger.transaction(result.id()).orElseThrow().transaction().orElseThrow();
        assertThat(tx.id()).isEqualTo("earn:sale:order-1");
        assertThat(tx.metadata()).containsEntry("orderId", "order-1").containsEntry("sku", "steam-10");
        AccountId payments = EarningsAccounts.payments(CNY);
        assertThat(tx.postings())
                .containsExactly(
                        Posting.of(payments, EarningsAccounts.supplierPayable(CNY), 800),
                        Posting.of(payments, EarningsAccounts.revenue(CNY), 100),
                        Posting.of(payments, EarningsAccounts.pending(AG, CNY), 50),
                        Posting.of(payments, EarningsAccounts.pending(GA, CNY), 50));
        assertThat(net(payments)).isEqualTo(-1000);
        assertThat(net(EarningsAccounts.supplierPayable(CNY))).isEqualTo(800);
        assertThat(net(EarningsAccounts.revenue(CNY))).isEqualTo(100);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("0.50"));
        assertThat(earnings.available(AG)).isEqualTo(cny("0"));
        assertThat(volumes.volume(AG, "2026-11")).isEqualTo(cny("10.00"));
        assertThat(volumes.volume(GA, "2026-11")).isEqualTo(cny("10.00"));
        assertThat(ledger.findByMetadata("orderId", "order-1")).hasSize(1);
        ledger.verify();
    }

    @Test
    void recordSale_sameOrderTwice_isIdempotent() {
        Earnings earnings = builder().build();
        AppendResult first = earnings.recordSale("order-1", retailSale(1));
        AppendResult again = earnings.recordSale("order-1", retailSale(1));
        assertThat(again).isEqualTo(first);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
        assertThat(volumes.volume(AG, "2026-11")).isEqualTo(cny("10.00"));
    }

    @Test
    void recordSale_sameOrderOtherSplit_throwsIdempotencyConflict() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        assertThatThrownBy(() -> earnings.recordSale("order-1", retailSale(2)))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));
    }

    @Test
    void recordSale_otherCurrency_throwsCurrencyMismatch() {
        Earnings earnings = Earnings.builder(ledger, USD).clock(clock).build();
        long before = ledger.lastSequence();
        assertThatThrownBy(() -> earnings.recordSale("order-1", retailSale(1)))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThat(ledger.lastSequence()).isEqualTo(before);
    }

    @Test
    void settle_afterHold_movesPendingToAvailableOnce() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(earnings.settle()).isZero();
        assertThat(earnings.pending(AG)).isEqualTo(cny("0.50"));

        clock.advance(Duration.ofSeconds(1));
        assertThat(earnings.settle()).isEqualTo(1);
        assertThat(earnings.settle()).isZero();
        assertThat(earnings.pending(AG)).isEqualTo(cny("0"));
        assertThat(earnings.available(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.available(GA)).isEqualTo(cny("0.50"));
        assertThat(ledger.transaction("earn:release:order-1")).isPresent();
    }

    @Test
    void refund_fullDuringHold_reversesExactlyTheSale() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        earnings.refund("refund-1", "order-1", cny("10.00"));

        for (AccountId id : List.of(
                EarningsAccounts.payments(CNY),
                EarningsAccounts.supplierPayable(CNY),
                EarningsAccounts.revenue(CNY),
                EarningsAccounts.pending(AG, CNY),
                EarningsAccounts.pending(GA, CNY))) {
            assertThat(net(id)).as(id.value()).isZero();
        }
        assertThat(volumes.volume(AG, "2026-11")).isEqualTo(cny("0"));
        clock.advance(Duration.ofDays(8));
        earnings.settle();
        assertThat(earnings.available(AG)).isEqualTo(cny("0"));
        ledger.verify();
    }

    @Test
    void refund_partialDuringHold_splitsByLargestRemainder() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(3)); // 30.00 = 24.00 + 3.00 + 1.50 + 1.50
        AppendResult r = earnings.refund("refund-1", "order-1", cny("0.07"));

        Transaction tx = ledger.transaction(r.id()).orElseThrow().transaction().orElseThrow();
        long total = tx.postings().stream().mapToLong(Posting::amount).sum();
        assertThat(total).isEqualTo(7);
        // exact shares 5.6, 0.7, 0.35, 0.35: largest remainders give 6, 1, 0, 0
        assertThat(net(EarningsAccounts.supplierPayable(CNY))).isEqualTo(2400 - 6);
        assertThat(net(EarningsAccounts.revenue(CNY))).isEqualTo(300 - 1);
        assertThat(earnings.pending(AG)).isEqualTo(cny("1.50"));
        assertThat(volumes.volume(AG, "2026-11")).isEqualTo(cny("29.93"));

        earnings.refund("refund-2", "order-1", cny("29.93"));
        assertThat(earnings.pending(AG)).isEqualTo(cny("0"));
        assertThat(net(EarningsAccounts.supplierPayable(CNY))).isZero();
        assertThat(net(EarningsAccounts.payments(CNY))).isZero();
    }

    @Test
    void refund_afterHold_recordsDebtNettedFromNextEarnings() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        clock.advance(Duration.ofDays(7));
        earnings.settle();
        earnings.refund("refund-1", "order-1", cny("10.00"));

        assertThat(earnings.available(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.debt(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.debt(GA)).isEqualTo(cny("0.50"));
        assertThat(net(EarningsAccounts.payments(CNY))).isZero();

        earnings.recordSale("order-2", retailSale(3)); // earns 1.50 each
        clock.advance(Duration.ofDays(7));
        earnings.settle();
        assertThat(earnings.debt(AG)).isEqualTo(cny("0"));
        assertThat(earnings.available(AG)).isEqualTo(cny("1.50")); // 0.50 + 1.50 - 0.50 netted
        ledger.verify();
    }

    @Test
    void refund_whenHoldPassedButNotSettled_releasesFirstThenClawsBack() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        clock.advance(Duration.ofDays(10));
        earnings.refund("refund-1", "order-1", cny("10.00"));
        assertThat(earnings.available(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.debt(AG)).isEqualTo(cny("0.50"));
        assertThat(earnings.settle()).isZero();
    }

    @Test
    void refund_failurePaths_changeNothing() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        long before = ledger.lastSequence();

        assertThatThrownBy(() -> earnings.refund("r", "nope", cny("1.00")))
                .isInstanceOfSatisfying(
                        UnknownSaleException.class,
                        e -> assertThat(e.getOrderId()).isEqualTo("nope"));
        assertThatThrownBy(() -> earnings.refund("r", "order-1", cny("10.01")))
                .isInstanceOfSatisfying(RefundExceedsSaleException.class, e -> {
                    assertThat(e.getRequested()).isEqualTo(cny("10.01"));
                    assertThat(e.getRefundable()).isEqualTo(cny("10.00"));
                });
        assertThatThrownBy(() -> earnings.refund("r", "order-1", cny("0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount was CNY 0.00");
        assertThatThrownBy(() -> earnings.refund("r", "order-1", Money.parse("1.00", USD)))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> earnings.refund("bad id", "order-1", cny("1.00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refundId");
        assertThat(ledger.lastSequence()).isEqualTo(before);

        earnings.refund("r", "order-1", cny("4.00"));
        assertThat(earnings.refund("r", "order-1", cny("4.00")).id()).isEqualTo("earn:refund:r");
        assertThatThrownBy(() -> earnings.refund("r", "order-1", cny("5.00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refundId r was used");
        assertThatThrownBy(() -> earnings.refund("r2", "order-1", cny("6.01")))
                .isInstanceOfSatisfying(
                        RefundExceedsSaleException.class,
                        e -> assertThat(e.getRefundable()).isEqualTo(cny("6.00")));
    }

    @Test
    void withdraw_movesAvailableOut_andNeverOverdraws() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(2));
        clock.advance(Duration.ofDays(7));
        earnings.settle();

        earnings.withdraw("w1", AG, cny("0.60"));
        assertThat(earnings.available(AG)).isEqualTo(cny("0.40"));
        assertThat(net(EarningsAccounts.payouts(CNY))).isEqualTo(60);

        assertThatThrownBy(() -> earnings.withdraw("w2", AG, cny("0.41")))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.getKind()).isEqualTo(BalanceKind.AVAILABLE);
                    assertThat(e.getDistributor()).isEqualTo(AG);
                    assertThat(e.getRequested()).isEqualTo(cny("0.41"));
                    assertThat(e.getAvailable()).isEqualTo(cny("0.40"));
                    assertThat(e.getShortfall()).isEqualTo(cny("0.01"));
                });
        assertThat(earnings.available(AG)).isEqualTo(cny("0.40"));
        // the refused request id stays refused, so a retry cannot flip the outcome
        assertThatThrownBy(() -> earnings.withdraw("w2", AG, cny("0.41")))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(earnings.withdraw("w1", AG, cny("0.60")).id()).isEqualTo("earn:withdraw:w1");
        assertThat(earnings.available(AG)).isEqualTo(cny("0.40"));
    }

    @Test
    void withdraw_pendingIsNotWithdrawable() {
        Earnings earnings = builder().build();
        earnings.recordSale("order-1", retailSale(1));
        assertThatThrownBy(() -> earnings.withdraw("w1", AG, cny("0.01")))
                .isInstanceOfSatisfying(
                        InsufficientBalanceException.class,
                        e -> assertThat(e.getAvailable()).isEqualTo(cny("0")));
        assertThatThrownBy(() -> earnings.withdraw("w2", AG, cny("-1.00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prepaid_topUpAndPurchase_neverNegative() {
        Earnings earnings = builder().build();
        DistributorId buyer = AG;
        earnings.topUp("pay-1", buyer, cny("20.00"));
        assertThat(earnings.prepaid(buyer)).isEqualTo(cny("20.00"));

        SaleSplit purchase = policy.split(
                policy.prices().quote(CARD, AGENT, 2), tree.chainOf(GA), clock.instant(), volumes); // 19.00
        earnings.recordPrepaidPurchase("p-1", buyer, purchase);
        assertThat(earnings.prepaid(buyer)).isEqualTo(cny("1.00"));
        assertThat(earnings.pending(GA)).isEqualTo(cny("1.00")); // 9.50 - 9.00, twice

        long before = ledger.lastSequence();
        assertThatThrownBy(() -> earnings.recordPrepaidPurchase("p-2", buyer, purchase))
                .isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
                    assertThat(e.getKind()).isEqualTo(BalanceKind.PREPAID);
                    assertThat(e.getAvailable()).isEqualTo(cny("1.00"));
                    assertThat(e.getRequested()).isEqualTo(cny("19.00"));
                });
        assertThat(ledger.lastSequence()).isEqualTo(before);

        earnings.topUp("pay-2", buyer, cny("18.00"));
        earnings.recordPrepaidPurchase("p-2", buyer, purchase); // the refused order id is still usable
        assertThat(earnings.prepaid(buyer)).isEqualTo(cny("0"));

        earnings.refund("rp", "p-2", cny("19.00"));
        assertThat(earnings.prepaid(buyer)).isEqualTo(cny("19.00"));
    }

    @Test
    void availableAccount_hasLedgerConstraint_soOtherWritersCannotOverdrawEither() {
        Earnings earnings = builder().build();
        earnings.topUp("pay-1", AG, cny("1.00"));
        Account available = ledger.account(EarningsAccounts.available(AG, CNY)).orElseThrow();
        assertThat(available.constraint())
                .isEqualTo(io.cardkey.ledger.AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS);
        assertThatThrownBy(() -> ledger.append(Transaction.of(
                        "raw", "raw", EarningsAccounts.available(AG, CNY), EarningsAccounts.payouts(CNY), 1)))
                .isInstanceOf(io.cardkey.ledger.ConstraintViolationException.class);
    }

    @Test
    void compliance_unverifiedSeller_hasDailySalesLimit() {
        Set<DistributorId> verified = new HashSet<>();
        Earnings earnings = builder()
                .limits(ComplianceLimits.builder()
                        .verifiedBy(verified::contains)
                        .unverifiedDailySales(cny("25.00"))
                        .build())
                .build();
        earnings.recordSale("o1", retailSale(2));
        long before = ledger.lastSequence();
        assertThatThrownBy(() -> earnings.recordSale("o2", retailSale(1)))
                .isInstanceOfSatisfying(ComplianceLimitExceededException.class, e -> {
                    assertThat(e.getLimit()).isEqualTo(Limit.UNVERIFIED_DAILY_SALES);
                    assertThat(e.getDistributor()).isEqualTo(AG);
                    assertThat(e.getLimitAmount()).isEqualTo(cny("25.00"));
                    assertThat(e.getCurrentTotal()).isEqualTo(cny("20.00"));
                    assertThat(e.getAttempted()).isEqualTo(cny("10.00"));
                    assertThat(e.getDay()).isEqualTo("2026-11-29");
                });
        assertThat(ledger.lastSequence()).isEqualTo(before);
        assertThat(volumes.volume(AG, "2026-11")).isEqualTo(cny("20.00"));

        verified.add(AG);
        earnings.recordSale("o2", retailSale(1));
        verified.remove(AG);
        clock.advance(Duration.ofDays(1));
        earnings.recordSale("o3", retailSale(2)); // a new day
    }

    @Test
    void compliance_unverifiedCannotWithdrawUntilVerified() {
        Set<DistributorId> verified = new HashSet<>();
        Earnings earnings = builder()
                .limits(ComplianceLimits.builder()
                        .verifiedBy(verified::contains)
                        .withdrawalRequiresVerification(true)
                        .build())
                .build();
        earnings.recordSale("o1", retailSale(2));
        clock.advance(Duration.ofDays(7));
        earnings.settle();
        assertThatThrownBy(() -> earnings.withdraw("w1", AG, cny("0.10")))
                .isInstanceOfSatisfying(
                        IdentityNotVerifiedException.class,
                        e -> assertThat(e.getDistributor()).isEqualTo(AG));
        verified.add(AG);
        earnings.withdraw("w1", AG, cny("0.10")); // the refused id was never burned
        assertThat(earnings.available(AG)).isEqualTo(cny("0.90"));
    }

    @Test
    void compliance_unverifiedDailyWithdrawalLimit() {
        Earnings earnings = builder()
                .limits(ComplianceLimits.builder()
                        .verifiedBy(d -> false)
                        .unverifiedDailyWithdrawals(cny("0.50"))
                        .build())
                .build();
        earnings.recordSale("o1", retailSale(4));
        clock.advance(Duration.ofDays(7));
        earnings.settle();
        earnings.withdraw("w1", AG, cny("0.30"));
        assertThatThrownBy(() -> earnings.withdraw("w2", AG, cny("0.30")))
                .isInstanceOfSatisfying(ComplianceLimitExceededException.class, e -> {
                    assertThat(e.getLimit()).isEqualTo(Limit.UNVERIFIED_DAILY_WITHDRAWALS);
                    assertThat(e.getCurrentTotal()).isEqualTo(cny("0.30"));
                    assertThat(e.getLimitAmount()).isEqualTo(cny("0.50"));
                });
        earnings.withdraw("w3", AG, cny("0.20"));
        assertThat(earnings.available(AG)).isEqualTo(cny("1.50"));
    }

    @Test
    void compliance_dailyTransactionLimit_countsSalesPurchasesAndWithdrawals() {
        Earnings earnings = builder()
                .limits(ComplianceLimits.builder()
                        .dailyTransactions(cny("30.00"))
                        .build())
                .build();
        earnings.recordSale("o1", retailSale(2));
        earnings.topUp("pay", AG, cny("100.00"));
        assertThatThrownBy(() -> earnings.recordPrepaidPurchase(
                        "p1",
                        AG,
                        policy.split(
                                policy.prices().quote(CARD, AGENT, 2), tree.chainOf(GA), clock.instant(), volumes)))
                .isInstanceOfSatisfying(ComplianceLimitExceededException.class, e -> {
                    assertThat(e.getLimit()).isEqualTo(Limit.DAILY_TRANSACTIONS);
                    assertThat(e.getCurrentTotal()).isEqualTo(cny("20.00"));
                    assertThat(e.getAttempted()).isEqualTo(cny("19.00"));
                });
        assertThat(earnings.prepaid(AG)).isEqualTo(cny("100.00"));
        assertThatThrownBy(() -> earnings.recordSale("o2", retailSale(2)))
                .isInstanceOf(ComplianceLimitExceededException.class);
        earnings.recordSale("o2", retailSale(1));
    }

    @Test
    void limits_inOtherCurrency_areRefusedWhenBuilt() {
        ComplianceLimits usd = ComplianceLimits.builder()
                .dailyTransactions(Money.parse("1.00", USD))
                .build();
        assertThatThrownBy(() -> builder().limits(usd).build()).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> ComplianceLimits.builder().dailyTransactions(cny("0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dailyTransactions was CNY 0.00");
        assertThatThrownBy(() -> builder().holdPeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().volumes(SalesVolumeTracker.inMemory(USD)))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void statement_classicChain_reportsAndReconciles() {
        Earnings earnings = builder().build();
        earnings.recordSale("o1", retailSale(2));
        earnings.recordSale("o2", retailSale(1));
        earnings.refund("r1", "o2", cny("10.00"));
        clock.advance(Duration.ofDays(7));
        earnings.settle();
        earnings.withdraw("w1", AG, cny("0.40"));

        EarningsStatement ag = earnings.statement(AG, START, clock.instant().plusSeconds(1));
        assertThat(ag.salesCount()).isEqualTo(2);
        assertThat(ag.salesAmount()).isEqualTo(cny("30.00"));
        assertThat(ag.salesRefunded()).isEqualTo(cny("10.00"));
        assertThat(ag.earningsByLevel()).containsExactly(new EarningsStatement.LevelEarnings(1, cny("1.50")));
        assertThat(ag.reversedInHold()).isEqualTo(cny("0.50"));
        assertThat(ag.released()).isEqualTo(cny("1.00"));
        assertThat(ag.withdrawals()).isEqualTo(cny("0.40"));
        assertThat(ag.closing()).isEqualTo(new EarningsStatement.Balances(cny("0"), cny("0.60"), cny("0"), cny("0")));

        EarningsStatement ga = earnings.statement(GA, START, clock.instant().plusSeconds(1));
        assertThat(ga.salesCount()).isZero();
        assertThat(ga.earningsByLevel()).containsExactly(new EarningsStatement.LevelEarnings(2, cny("1.50")));
        assertThat(ga.closing().available()).isEqualTo(cny("1.00"));

        EarningsStatement later =
                earnings.statement(AG, clock.instant(), clock.instant().plusSeconds(1));
        assertThat(later.opening())
                .isEqualTo(new EarningsStatement.Balances(cny("1.00"), cny("0"), cny("0"), cny("0")));
        assertThat(later.released()).isEqualTo(cny("1.00"));
        assertThat(later.withdrawals()).isEqualTo(cny("0.40"));
        assertThat(later.salesCount()).isZero();
    }

    @Test
    void statement_accountPostedBehindItsBack_throwsMismatch() {
        Earnings earnings = builder().build();
        earnings.topUp("pay-1", AG, cny("1.00"));
        ledger.append(
                Transaction.of("rogue", "rogue", EarningsAccounts.payments(CNY), EarningsAccounts.prepaid(AG, CNY), 5));
        earnings.topUp("pay-2", AG, cny("1.00"));
        assertThatThrownBy(() -> earnings.statement(AG, START, START.plusSeconds(1)))
                .isInstanceOfSatisfying(StatementMismatchException.class, e -> {
                    assertThat(e.getAccount()).isEqualTo(EarningsAccounts.prepaid(AG, CNY));
                    assertThat(e.getExpected()).isEqualTo(cny("2.00"));
                    assertThat(e.getActual()).isEqualTo(cny("2.05"));
                });
        assertThatThrownBy(() -> earnings.statement(AG, START, START.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statement_exportsJsonAndCsv() {
        Earnings earnings = builder().build();
        earnings.recordSale("o1", retailSale(1));
        EarningsStatement s = earnings.statement(AG, START, START.plusSeconds(1));

        assertThat(s.toJson())
                .startsWith("{\"distributor\":\"agent\",\"currency\":\"CNY\",\"from\":\"2026-11-29T12:00:00Z\"")
                .contains("\"salesAmount\":\"10.00\"")
                .contains("\"earningsByLevel\":[{\"level\":1,\"amount\":\"0.50\"}]")
                .contains(
                        "\"closing\":{\"pending\":\"0.50\",\"available\":\"0.00\",\"prepaid\":\"0.00\",\"debt\":\"0.00\"}");
        String csv = s.toCsv();
        assertThat(csv).startsWith("distributor,currency,from,to,item,level,amount\r\n");
        assertThat(csv)
                .contains("agent,CNY,2026-11-29T12:00:00Z,2026-11-29T12:00:01Z,earnings,1,0.50\r\n")
                .contains(",salesCount,,1\r\n")
                .contains(",closingPending,,0.50\r\n");
        assertThat(csv.split("\r\n"))
                .allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(7));
    }

    @Test
    void accounts_areDocumentedIds() {
        assertThat(EarningsAccounts.pending(AG, CNY).value()).isEqualTo("cardkey:dist:agent:pending:CNY");
        assertThat(EarningsAccounts.available(AG, CNY).value()).isEqualTo("cardkey:dist:agent:available:CNY");
        assertThat(EarningsAccounts.prepaid(AG, CNY).value()).isEqualTo("cardkey:dist:agent:prepaid:CNY");
        assertThat(EarningsAccounts.debt(AG, CNY).value()).isEqualTo("cardkey:dist:agent:debt:CNY");
        assertThat(EarningsAccounts.payments(CNY).value()).isEqualTo("cardkey:payments:CNY");
        assertThat(EarningsAccounts.supplierPayable(CNY).value()).isEqualTo("cardkey:supplier-payable:CNY");
        assertThat(EarningsAccounts.revenue(CNY).value()).isEqualTo("cardkey:revenue:CNY");
        assertThat(EarningsAccounts.payouts(CNY).value()).isEqualTo("cardkey:payouts:CNY");
    }
}
