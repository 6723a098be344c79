package io.cardkey.core;

import static io.cardkey.core.CardKeyState.AVAILABLE;
import static io.cardkey.core.CardKeyState.DISPUTED;
import static io.cardkey.core.CardKeyState.EXPIRED;
import static io.cardkey.core.CardKeyState.FROZEN;
import static io.cardkey.core.CardKeyState.REDEEMED;
import static io.cardkey.core.CardKeyState.RESERVED;
import static io.cardkey.core.CardKeyState.SOLD;
import static io.cardkey.core.CardKeyState.VOIDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of states, allowed or forbidden, checked against the lifecycle of DESIGN.md. */
class CardKeyStateTest {
    private static final Map<CardKeyState, Set<CardKeyState>> EXPECTED = Map.of(
            AVAILABLE, EnumSet.of(RESERVED, SOLD, FROZEN, EXPIRED),
            RESERVED, EnumSet.of(AVAILABLE, SOLD, FROZEN),
            SOLD, EnumSet.of(REDEEMED, VOIDED, DISPUTED, FROZEN, EXPIRED),
            DISPUTED, EnumSet.of(FROZEN),
            FROZEN, EnumSet.of(AVAILABLE, RESERVED, SOLD, DISPUTED),
            REDEEMED, EnumSet.noneOf(CardKeyState.class),
            VOIDED, EnumSet.noneOf(CardKeyState.class),
            EXPIRED, EnumSet.noneOf(CardKeyState.class));

    static List<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (CardKeyState from : CardKeyState.values()) {
            for (CardKeyState to : CardKeyState.values()) {
                pairs.add(Arguments.of(from, to, EXPECTED.get(from).contains(to)));
            }
        }
        return pairs;
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void canBecome_matchesTheLifecycle(CardKeyState from, CardKeyState to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
        assertThat(from.allowedTargets().contains(to)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionTo_allowsExactlyTheTable(CardKeyState from, CardKeyState to, boolean allowed) {
        CardKey key = CardKeyTest.inState(from);
        if (allowed && !(from == FROZEN && to != AVAILABLE)) {
            CardKey moved = key.transitionTo(to);
            assertThat(moved.state()).isEqualTo(to);
            assertThat(moved.version()).isEqualTo(key.version() + 1);
        } else {
            assertThatThrownBy(() -> key.transitionTo(to))
                    .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                        assertThat(e.from()).isEqualTo(from);
                        assertThat(e.to()).isEqualTo(to);
                        assertThat(e.cardKeyId()).isEqualTo(key.id());
                        assertThat(e.maskedCode()).isEqualTo(key.maskedCode());
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void isFinal_onlyForRedeemedVoidedExpired(CardKeyState state) {
        assertThat(state.isFinal())
                .isEqualTo(EnumSet.of(REDEEMED, VOIDED, EXPIRED).contains(state));
    }

    static CardKeyState[] states() {
        return CardKeyState.values();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void canBecome_null_throwsNpe(CardKeyState state) {
        assertThatThrownBy(() -> state.canBecome(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void allowedTargets_isUnmodifiable(CardKeyState state) {
        assertThatThrownBy(() -> state.allowedTargets().add(AVAILABLE))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
