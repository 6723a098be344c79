package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.CARD;
import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static io.cardkey.core.Fixtures.classicPrices;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarningsRestartTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");

    @TempDir
    Path dir;

    @Test
    void reopenedFileLedger_carriesOnWithPendingSalesAndRefunds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
        SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(CNY);
        DistributorTree tree = DistributorTree.create();
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        CommissionPolicy policy = CommissionPolicy.builder(classicPrices().build())
                .defaultPlan(CommissionPlan.builder()
                        .level(1, CommissionRule.priceDifference())
                        .level(2, CommissionRule.priceDifference())
                        .build())
                .build();
        SaleSplit split =
                policy.split(policy.prices().quote(CARD, RETAIL, 2), tree.chainOf(AG), clock.instant(), volumes);

        EarningsStatement before;
        try (Ledger ledger = Ledger.builder().clock(clock).open(FileLedgerStore.open(dir))) {
            Earnings earnings = Earnings.builder(ledger, CNY).clock(clock).build();
            earnings.recordSale("o1", split);
            earnings.refund("r1", "o1", cny("5.00"));
            before = earnings.statement(AG, Instant.EPOCH, clock.instant().plusSeconds(1));
        }
        try (Ledger ledger = Ledger.builder().clock(clock).open(FileLedgerStore.open(dir))) {
            Earnings earnings = Earnings.builder(ledger, CNY).clock(clock).build();
            assertThat(earnings.statement(AG, Instant.EPOCH, clock.instant().plusSeconds(1)))
                    .isEqualTo(before);
            assertThat(earnings.pending(AG)).isEqualTo(cny("0.75")); // 1.00 less a quarter refunded
            clock.advance(Duration.ofDays(7));
            assertThat(earnings.settle()).isEqualTo(1);
            assertThat(earnings.available(AG)).isEqualTo(cny("0.75"));
            earnings.refund("r2", "o1", cny("5.00"));
            assertThat(earnings.debt(AG)).isEqualTo(cny("0.25")); // a third of what was left, clawed back
            assertThat(ledger.balance(EarningsAccounts.payments(CNY)).netCredit())
                    .isEqualTo(-1000);
            ledger.verify();
        }
    }
}
