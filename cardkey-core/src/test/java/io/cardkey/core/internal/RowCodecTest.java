package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RowCodecTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Instant T = Instant.parse("2026-02-03T04:05:06.123456789Z");

    @Test
    void cardKey_roundTrips_withAndWithoutProtectedForms() {
        CardKey fresh = CardKey.available(42, Sku.of("S"), "B", Optional.of(T), "****-7K2Q");
        StockedCardKey stocked = new StockedCardKey(fresh, new byte[] {1, 2, 3}, new byte[] {9, 8});
        RowCodec.Row row = RowCodec.cardKey(RowCodec.cardKey(fresh, Optional.of(stocked)));
        assertThat(row.key()).isEqualTo(fresh);
        assertThat(row.blindIndex()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(row.sealed()).hasValueSatisfying(b -> assertThat(b).containsExactly(9, 8));

        CardKey frozen = fresh.assignTo(CardKeyState.SOLD, "o1").markRevealed().transitionTo(CardKeyState.FROZEN);
        RowCodec.Row again = RowCodec.cardKey(RowCodec.cardKey(frozen, Optional.empty()));
        assertThat(again.key()).isEqualTo(frozen);
        assertThat(again.blindIndex()).isEmpty();
    }

    @Test
    void order_listsSmallOrders_andLeavesLargeOnesToTheirCodes() {
        Order small = new Order(
                "o1",
                "b",
                Sku.of("S"),
                2,
                OrderState.SOLD,
                T,
                T,
                Money.ofMinor(200, CNY),
                Optional.of("p"),
                List.of(5L, 7L),
                3);
        RowCodec.OrderRow row = RowCodec.order(RowCodec.order(small));
        assertThat(row.idsListed()).isTrue();
        assertThat(row.order()).isEqualTo(small);

        List<Long> many =
                LongStream.rangeClosed(1, RowCodec.MAX_LISTED_IDS + 1).boxed().toList();
        Order large = new Order(
                "o2",
                "b",
                Sku.of("S"),
                many.size(),
                OrderState.RESERVED,
                T,
                T,
                Money.ofMinor(1, CNY),
                Optional.empty(),
                many,
                1);
        byte[] payload = RowCodec.order(large);
        assertThat(payload.length).isLessThan(4096);
        RowCodec.OrderRow largeRow = RowCodec.order(payload);
        assertThat(largeRow.idsListed()).isFalse();
        assertThat(largeRow.order().cardKeyIds()).isEmpty();
        assertThat(largeRow.order().quantity()).isEqualTo(many.size());
    }

    @Test
    void order_withMovedCodes_roundTripsBoth_andWithoutThemCarriesNone() {
        CardKey sold = CardKey.available(5, Sku.of("S"), "B", Optional.of(T), "****-7K2Q")
                .assignTo(CardKeyState.RESERVED, "o1")
                .assignTo(CardKeyState.SOLD, "o1");
        Order order = new Order(
                "o1",
                "b",
                Sku.of("S"),
                1,
                OrderState.SOLD,
                T,
                T,
                Money.ofMinor(100, CNY),
                Optional.of("p"),
                List.of(5L),
                2);

        RowCodec.OrderRow row = RowCodec.order(RowCodec.order(order, List.of(sold)));
        assertThat(row.order()).isEqualTo(order);
        assertThat(row.moved()).containsExactly(sold);
        assertThat(RowCodec.order(RowCodec.order(order)).moved()).isEmpty();
    }

    @Test
    void order_movedCountCorrupt_throws() {
        Order order = new Order(
                "o1",
                "b",
                Sku.of("S"),
                1,
                OrderState.RESERVED,
                T,
                T,
                Money.ofMinor(1, CNY),
                Optional.empty(),
                List.of(5L),
                1);
        byte[] plain = RowCodec.order(order);
        byte[] corrupt = java.util.Arrays.copyOf(plain, plain.length + 4);
        corrupt[plain.length] = (byte) 0x80; // a negative count of code rows
        assertThatThrownBy(() -> RowCodec.order(corrupt))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("code rows");
        byte[] cut = java.util.Arrays.copyOf(plain, plain.length + 2);
        assertThatThrownBy(() -> RowCodec.order(cut)).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void productAndBatch_roundTrip() {
        Product product = new Product(Sku.of("S"), "名称", Money.ofMinor(990, CNY), true);
        assertThat(RowCodec.product(RowCodec.product(product))).isEqualTo(product);
        Batch batch =
                new Batch("B", Sku.of("S"), "acme", Money.ofMinor(5, CNY), Batch.Source.GENERATED, Optional.of(T));
        assertThat(RowCodec.batch(RowCodec.batch(batch))).isEqualTo(batch);
    }

    @Test
    void decode_otherFormatOrTruncated_throws() {
        byte[] payload = RowCodec.product(new Product(Sku.of("S"), "n", Money.ofMinor(1, CNY), false));
        byte[] future = payload.clone();
        future[0] = 2;
        assertThatThrownBy(() -> RowCodec.product(future))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format was 2");
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 3);
        assertThatThrownBy(() -> RowCodec.product(cut)).isInstanceOf(java.io.UncheckedIOException.class);
    }
}
