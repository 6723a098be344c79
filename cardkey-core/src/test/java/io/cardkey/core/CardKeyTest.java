package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CardKeyTest {
    /** A code in {@code state} (frozen codes were frozen while AVAILABLE), reached through allowed moves. */
    static CardKey inState(CardKeyState state) {
        CardKey fresh = CardKey.available(7, Sku.of("SKU"), "B", Optional.empty(), "****-7K2Q");
        return switch (state) {
            case AVAILABLE -> fresh;
            case RESERVED -> fresh.assignTo(CardKeyState.RESERVED, "o1");
            case SOLD -> fresh.assignTo(CardKeyState.SOLD, "o1");
            case REDEEMED, VOIDED, DISPUTED -> inState(CardKeyState.SOLD).transitionTo(state);
            case FROZEN -> fresh.transitionTo(CardKeyState.FROZEN);
            case EXPIRED -> fresh.transitionTo(CardKeyState.EXPIRED);
        };
    }

    @Test
    void freeze_remembersState_andUnfreezeReturnsOnlyThere() {
        CardKey sold = inState(CardKeyState.SOLD);
        CardKey frozen = sold.transitionTo(CardKeyState.FROZEN);
        assertThat(frozen.frozenFrom()).contains(CardKeyState.SOLD);
        assertThat(frozen.orderId()).contains("o1");
        assertThatThrownBy(() -> frozen.transitionTo(CardKeyState.AVAILABLE))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> frozen.transitionTo(CardKeyState.DISPUTED))
                .isInstanceOf(IllegalTransitionException.class);
        CardKey back = frozen.transitionTo(CardKeyState.SOLD);
        assertThat(back.state()).isEqualTo(CardKeyState.SOLD);
        assertThat(back.frozenFrom()).isEmpty();
        assertThat(back.orderId()).contains("o1");
    }

    @Test
    void transitionTo_revealedCodeToAvailable_throws_evenFromReserved() {
        CardKey revealedReserved = inState(CardKeyState.RESERVED).markRevealed();
        assertThatThrownBy(() -> revealedReserved.transitionTo(CardKeyState.AVAILABLE))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(CardKeyState.RESERVED);
                    assertThat(e.to()).isEqualTo(CardKeyState.AVAILABLE);
                });
        CardKey frozen = revealedReserved.transitionTo(CardKeyState.FROZEN);
        assertThat(frozen.transitionTo(CardKeyState.RESERVED).revealed()).isTrue();
    }

    @Test
    void transitionTo_available_clearsOrder() {
        CardKey back = inState(CardKeyState.RESERVED).transitionTo(CardKeyState.AVAILABLE);
        assertThat(back.orderId()).isEmpty();
    }

    @Test
    void assignTo_sold_countsASale_reservedDoesNot() {
        assertThat(inState(CardKeyState.RESERVED).salesCount()).isZero();
        CardKey sold = inState(CardKeyState.RESERVED).assignTo(CardKeyState.SOLD, "o1");
        assertThat(sold.salesCount()).isEqualTo(1);
        assertThat(sold.version()).isEqualTo(3);
    }

    @Test
    void assignTo_otherTarget_throwsIllegalArgument() {
        assertThatThrownBy(() -> inState(CardKeyState.AVAILABLE).assignTo(CardKeyState.REDEEMED, "o1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REDEEMED");
    }

    @Test
    void soldAgain_countsEverySale_andRefusesUnsellableStates() {
        CardKey once = inState(CardKeyState.AVAILABLE).soldAgain("o1");
        CardKey twice = once.soldAgain("o2");
        assertThat(twice.salesCount()).isEqualTo(2);
        assertThat(twice.state()).isEqualTo(CardKeyState.SOLD);
        assertThatThrownBy(() -> inState(CardKeyState.FROZEN).soldAgain("o3"))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void markRevealed_isIdempotent() {
        CardKey revealed = inState(CardKeyState.SOLD).markRevealed();
        assertThat(revealed.markRevealed()).isSameAs(revealed);
    }

    @Test
    void isPastExpiry_atTheInstant_isTrue() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        CardKey key = CardKey.available(1, Sku.of("S"), "B", Optional.of(at), "****");
        assertThat(key.isPastExpiry(at.minusMillis(1))).isFalse();
        assertThat(key.isPastExpiry(at)).isTrue();
        assertThat(inState(CardKeyState.AVAILABLE).isPastExpiry(Instant.MAX)).isFalse();
    }

    @Test
    void constructor_badComponents_throwIllegalArgument() {
        assertThatThrownBy(() -> CardKey.available(0, Sku.of("S"), "B", Optional.empty(), "****"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id was 0");
        assertThatThrownBy(() -> new CardKey(
                        1,
                        Sku.of("S"),
                        "B",
                        CardKeyState.FROZEN,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        0,
                        "****",
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frozenFrom");
        assertThatThrownBy(() -> new CardKey(
                        1,
                        Sku.of("S"),
                        "B",
                        CardKeyState.FROZEN,
                        Optional.of(CardKeyState.REDEEMED),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        0,
                        "****",
                        1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CardKey(
                        1,
                        Sku.of("S"),
                        "B",
                        CardKeyState.AVAILABLE,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        -1,
                        "****",
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("salesCount");
        assertThatThrownBy(() -> CardKey.available(1, (Sku) null, "B", Optional.empty(), "****"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void illegalTransition_messageNamesIdMaskAndStates() {
        assertThatThrownBy(() -> inState(CardKeyState.AVAILABLE).transitionTo(CardKeyState.REDEEMED))
                .hasMessageContaining("card key 7")
                .hasMessageContaining("****-7K2Q")
                .hasMessageContaining("AVAILABLE")
                .hasMessageContaining("REDEEMED");
    }
}
