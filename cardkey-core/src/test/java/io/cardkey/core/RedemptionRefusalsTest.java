package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The specific refusals of a redemption: each names the code's id, masked form and state, and is a transition refusal. */
class RedemptionRefusalsTest {
    @ParameterizedTest
    @EnumSource(
            value = CardKeyState.class,
            names = {"AVAILABLE", "RESERVED", "VOIDED", "DISPUTED"})
    void codeNotSold_namesCodeAndState(CardKeyState state) {
        CodeNotSoldException e = new CodeNotSoldException(7, "****ABCD", state);

        assertThat(e).isInstanceOf(IllegalTransitionException.class);
        assertThat(e.cardKeyId()).isEqualTo(7);
        assertThat(e.maskedCode()).isEqualTo("****ABCD");
        assertThat(e.from()).isEqualTo(state);
        assertThat(e.to()).isEqualTo(CardKeyState.REDEEMED);
        assertThat(e.getMessage()).contains("7", "****ABCD", state.name());
    }

    @ParameterizedTest
    @EnumSource(
            value = CardKeyState.class,
            names = {"SOLD", "REDEEMED", "FROZEN", "EXPIRED"})
    void codeNotSold_withAStateThatHasItsOwnRefusal_throwsIllegalArgument(CardKeyState state) {
        assertThatThrownBy(() -> new CodeNotSoldException(7, "****ABCD", state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from was " + state);
    }

    @ParameterizedTest
    @EnumSource(
            value = CardKeyState.class,
            names = {"REDEEMED", "FROZEN", "EXPIRED"})
    void theOtherRefusals_nameCodeAndTheirState(CardKeyState state) {
        IllegalTransitionException e =
                switch (state) {
                    case REDEEMED -> new CodeAlreadyRedeemedException(9, "****WXYZ");
                    case FROZEN -> new CodeFrozenException(9, "****WXYZ");
                    default -> new CodeExpiredException(9, "****WXYZ");
                };

        assertThat(e.from()).isEqualTo(state);
        assertThat(e.to()).isEqualTo(CardKeyState.REDEEMED);
        assertThat(e.cardKeyId()).isEqualTo(9);
        assertThat(e.getMessage()).contains("9", "****WXYZ", state.name());
    }

    @Test
    void nullMaskedCodeOrState_throwsNpe() {
        assertThatThrownBy(() -> new CodeAlreadyRedeemedException(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CodeNotSoldException(1, "****", null)).isInstanceOf(NullPointerException.class);
    }
}
