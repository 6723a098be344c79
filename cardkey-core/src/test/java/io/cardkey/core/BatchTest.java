package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchTest {
    static final Currency CNY = Currency.getInstance("CNY");

    @Test
    void constructor_badIdsOrNegativeCost_throwNamingThem() {
        assertThatThrownBy(() -> new Batch(
                        " ", Sku.of("S"), "acme", Money.ofMinor(1, CNY), Batch.Source.IMPORTED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchId");
        assertThatThrownBy(() ->
                        new Batch("B", Sku.of("S"), "", Money.ofMinor(1, CNY), Batch.Source.IMPORTED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("supplier");
        assertThatThrownBy(() -> new Batch(
                        "B", Sku.of("S"), "acme", Money.ofMinor(-5, CNY), Batch.Source.IMPORTED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unitCost was CNY -0.05");
        assertThatThrownBy(() -> new Batch("B", Sku.of("S"), "acme", Money.ofMinor(1, CNY), null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
    }
}
