package io.cardkey.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How sales are grouped into periods for {@linkplain VolumeBrackets volume brackets} (阶梯): calendar months
 * (the default) or calendar days, in a given time zone. A period is named by a key such as {@code "2026-11"}
 * (month) or {@code "2026-11-29"} (day), in ISO format and independent of the default locale.
 *
 * <p>The zone matters: a sale at 2026-11-30T17:00Z belongs to {@code "2026-12"} in Asia/Shanghai and to {@code
 * "2026-11"} in UTC.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SalesPeriod {
    private final boolean monthly;
    private final ZoneId zone;

    private SalesPeriod(boolean monthly, ZoneId zone) {
        this.monthly = monthly;
        this.zone = zone;
    }

    /**
     * Returns calendar months in {@code zone}; keys look like {@code "2026-11"}.
     *
     * @param zone the time zone the host's business runs in
     * @return the period
     */
    public static SalesPeriod monthly(ZoneId zone) {
        return new SalesPeriod(true, Objects.requireNonNull(zone, "zone"));
    }

    /**
     * Returns calendar days in {@code zone}; keys look like {@code "2026-11-29"}.
     *
     * @param zone the time zone the host's business runs in
     * @return the period
     */
    public static SalesPeriod daily(ZoneId zone) {
        return new SalesPeriod(false, Objects.requireNonNull(zone, "zone"));
    }

    /**
     * Returns the key of the period that contains {@code instant}.
     *
     * @param instant the moment of a sale
     * @return the period's key
     */
    public String keyOf(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        LocalDate date = LocalDate.ofInstant(instant, zone);
        return monthly ? YearMonth.from(date).toString() : date.toString();
    }

    /**
     * Returns the time zone.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SalesPeriod
                && ((SalesPeriod) obj).monthly == monthly
                && ((SalesPeriod) obj).zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() * 2 + (monthly ? 1 : 0);
    }

    /** Returns the kind and zone, like {@code "SalesPeriod[monthly, Asia/Shanghai]"}. */
    @Override
    public String toString() {
        return "SalesPeriod[" + (monthly ? "monthly" : "daily") + ", " + zone + "]";
    }
}
