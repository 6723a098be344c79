package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderTest {
    static final Currency CNY = Currency.getInstance("CNY");
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static Order order(OrderState state, Optional<String> payment, int quantity) {
        return new Order(
                "o1", "b", Sku.of("S"), quantity, state, T, T, Money.ofMinor(100, CNY), payment, List.of(1L), 1);
    }

    @Test
    void with_bumpsVersion_andCopiesIds() {
        List<Long> ids = new ArrayList<>(List.of(1L, 2L));
        Order sold = order(OrderState.RESERVED, Optional.empty(), 2).with(OrderState.SOLD, Optional.of("p"), ids);
        ids.add(3L);
        assertThat(sold.version()).isEqualTo(2);
        assertThat(sold.cardKeyIds()).containsExactly(1L, 2L);
        assertThat(sold.with(OrderState.REFUNDED).paymentReference()).contains("p");
    }

    @Test
    void holding_replacesIdsOnly_keepsStateAndVersion() {
        Order sold = order(OrderState.SOLD, Optional.of("p"), 2);
        Order held = sold.holding(List.of(7L, 9L));
        assertThat(held.cardKeyIds()).containsExactly(7L, 9L);
        assertThat(held.state()).isEqualTo(OrderState.SOLD);
        assertThat(held.version()).isEqualTo(sold.version());
        assertThat(held.paymentReference()).isEqualTo(sold.paymentReference());
        assertThat(held.holding(sold.cardKeyIds())).isEqualTo(sold);
    }

    @Test
    void constructor_paidWithoutPayment_throws() {
        for (OrderState paid : List.of(OrderState.SOLD, OrderState.BACKORDERED, OrderState.REFUNDED)) {
            assertThatThrownBy(() -> order(paid, Optional.empty(), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without a payment reference");
        }
    }

    @Test
    void constructor_badQuantity_throws() {
        assertThatThrownBy(() -> order(OrderState.RESERVED, Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantity was 0; must be at least 1");
    }

    @Test
    void isPaid_onlyForPaidStates() {
        assertThat(OrderState.RESERVED.isPaid()).isFalse();
        assertThat(OrderState.RELEASED.isPaid()).isFalse();
        assertThat(OrderState.EXPIRED.isPaid()).isFalse();
        assertThat(OrderState.SOLD.isPaid()).isTrue();
        assertThat(OrderState.BACKORDERED.isPaid()).isTrue();
        assertThat(OrderState.REFUNDED.isPaid()).isTrue();
    }
}
