package io.cardkey.core;

import static io.cardkey.core.Fixtures.CNY;
import static io.cardkey.core.Fixtures.USD;
import static io.cardkey.core.Fixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SalesPeriodTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final DistributorId AG = DistributorId.of("agent");

    @Test
    void monthly_keyDependsOnZone() {
        Instant lateNovemberUtc = Instant.parse("2026-11-30T17:00:00Z");
        assertThat(SalesPeriod.monthly(SHANGHAI).keyOf(lateNovemberUtc)).isEqualTo("2026-12");
        assertThat(SalesPeriod.monthly(ZoneOffset.UTC).keyOf(lateNovemberUtc)).isEqualTo("2026-11");
        assertThat(SalesPeriod.monthly(SHANGHAI).keyOf(Instant.parse("2026-11-30T15:59:59Z")))
                .isEqualTo("2026-11");
        assertThat(SalesPeriod.monthly(SHANGHAI).keyOf(Instant.parse("2026-11-30T16:00:00Z")))
                .isEqualTo("2026-12");
    }

    @Test
    void daily_keys() {
        assertThat(SalesPeriod.daily(SHANGHAI).keyOf(Instant.parse("2026-11-29T16:00:00Z")))
                .isEqualTo("2026-11-30");
        assertThat(SalesPeriod.daily(SHANGHAI).zone()).isEqualTo(SHANGHAI);
        assertThat(SalesPeriod.daily(SHANGHAI))
                .isEqualTo(SalesPeriod.daily(SHANGHAI))
                .isNotEqualTo(SalesPeriod.monthly(SHANGHAI));
        assertThat(SalesPeriod.monthly(SHANGHAI).toString()).isEqualTo("SalesPeriod[monthly, Asia/Shanghai]");
        assertThatThrownBy(() -> SalesPeriod.monthly(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void tracker_recordsPerDistributorAndPeriod() {
        SalesVolumeTracker t = SalesVolumeTracker.inMemory(CNY);
        assertThat(t.volume(AG, "2026-11")).isEqualTo(cny("0"));
        assertThat(t.record(AG, "2026-11", cny("10.00"))).isEqualTo(cny("10.00"));
        assertThat(t.record(AG, "2026-11", cny("-4.00"))).isEqualTo(cny("6.00"));
        assertThat(t.volume(AG, "2026-12")).isEqualTo(cny("0"));
        assertThat(t.volume(DistributorId.of("other"), "2026-11")).isEqualTo(cny("0"));
        assertThat(t.currency()).isEqualTo(CNY);
    }

    @Test
    void tracker_refusesNegativeVolumeAndOtherCurrencies_changingNothing() {
        SalesVolumeTracker t = SalesVolumeTracker.inMemory(CNY);
        t.record(AG, "2026-11", cny("1.00"));
        assertThatThrownBy(() -> t.record(AG, "2026-11", cny("-1.01")))
                .hasMessageContaining("must not become negative");
        assertThatThrownBy(() -> t.record(AG, "2026-11", Money.parse("1", USD)))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> t.record(AG, " ", cny("1"))).hasMessageContaining("periodKey was blank");
        assertThatThrownBy(() -> t.volume(AG, null)).isInstanceOf(NullPointerException.class);
        assertThat(t.volume(AG, "2026-11")).isEqualTo(cny("1.00"));
    }

    @Test
    void tracker_concurrentRecords_loseNothing() throws Exception {
        SalesVolumeTracker t = SalesVolumeTracker.inMemory(CNY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    for (int j = 0; j < 1000; j++) {
                        t.record(AG, "2026-11", cny("0.01"));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.volume(AG, "2026-11")).isEqualTo(cny("40.00"));
    }
}
