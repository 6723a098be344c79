package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class PaymentTest {
    static final Currency CNY = Currency.getInstance("CNY");

    @Test
    void constructor_keepsReferenceAndAmount() {
        Payment p = new Payment("wx-123", Money.ofMinor(100, CNY));
        assertThat(p.reference()).isEqualTo("wx-123");
        assertThat(p.amount()).isEqualTo(Money.ofMinor(100, CNY));
    }

    @Test
    void constructor_badReferenceOrNegativeAmount_throws() {
        assertThatThrownBy(() -> new Payment("", Money.ofMinor(1, CNY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference");
        assertThatThrownBy(() -> new Payment("x".repeat(129), Money.ofMinor(1, CNY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Payment("r", Money.ofMinor(-1, CNY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount was CNY -0.01");
        assertThatThrownBy(() -> new Payment(null, Money.ofMinor(1, CNY))).isInstanceOf(NullPointerException.class);
    }
}
