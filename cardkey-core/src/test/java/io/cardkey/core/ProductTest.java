package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class ProductTest {
    static final Currency CNY = Currency.getInstance("CNY");

    @Test
    void priceOf_multipliesExactly() {
        Product p = new Product(Sku.of("P"), "p", Money.ofMinor(999, CNY), false);
        assertThat(p.priceOf(3)).isEqualTo(Money.ofMinor(2997, CNY));
    }

    @Test
    void priceOf_overflow_throwsArithmetic() {
        Product p = new Product(Sku.of("P"), "p", Money.ofMinor(Long.MAX_VALUE / 2, CNY), false);
        assertThatThrownBy(() -> p.priceOf(3)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void constructor_zeroOrNegativePrice_throwsNamingIt() {
        assertThatThrownBy(() -> new Product(Sku.of("P"), "p", Money.ofMinor(0, CNY), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unitPrice was CNY 0.00");
        assertThatThrownBy(() -> new Product(Sku.of("P"), "p", Money.ofMinor(-1, CNY), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_blankNameOrNull_throws() {
        assertThatThrownBy(() -> new Product(Sku.of("P"), " ", Money.ofMinor(1, CNY), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new Product(null, "p", Money.ofMinor(1, CNY), false))
                .isInstanceOf(NullPointerException.class);
    }
}
