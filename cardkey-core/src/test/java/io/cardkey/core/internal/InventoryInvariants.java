package io.cardkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Sku;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks that a store's codes and orders agree: no code in two orders, none lost, counts add up. */
final class InventoryInvariants {
    private InventoryInvariants() {}

    static void check(InventoryStore store, Sku sku, long stocked) {
        Map<CardKeyState, Long> counts = store.countByState(sku);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                .as("every stocked code is in exactly one state")
                .isEqualTo(stocked);
        Map<Long, String> owner = new HashMap<>();
        long reserved = 0;
        long sold = 0;
        for (OrderState state : List.of(OrderState.RESERVED, OrderState.SOLD)) {
            for (Order order : store.orders(sku, state, Integer.MAX_VALUE)) {
                assertThat(order.cardKeyIds())
                        .as("order %s holds its quantity", order.orderId())
                        .hasSize(order.quantity());
                for (CardKey key : store.cardKeys(order.cardKeyIds())) {
                    String previous = owner.put(key.id(), order.orderId());
                    assertThat(previous)
                            .as("code %d is held by two orders", key.id())
                            .isNull();
                    assertThat(key.orderId()).contains(order.orderId());
                    CardKeyState expected = state == OrderState.RESERVED ? CardKeyState.RESERVED : CardKeyState.SOLD;
                    assertThat(key.state())
                            .as("code %d of order %s", key.id(), order.orderId())
                            .isEqualTo(expected);
                }
                if (state == OrderState.RESERVED) {
                    reserved += order.quantity();
                } else {
                    sold += order.quantity();
                }
            }
        }
        assertThat(counts.getOrDefault(CardKeyState.RESERVED, 0L))
                .as("reserved codes")
                .isEqualTo(reserved);
        assertThat(counts.getOrDefault(CardKeyState.SOLD, 0L)).as("sold codes").isEqualTo(sold);
        for (OrderState state : List.of(OrderState.REFUNDED)) {
            for (Order order : store.orders(sku, state, Integer.MAX_VALUE)) {
                for (CardKey key : store.cardKeys(order.cardKeyIds())) {
                    assertThat(owner.put(key.id(), order.orderId())).isNull();
                    assertThat(key.state()).isEqualTo(CardKeyState.VOIDED);
                }
            }
        }
    }
}
