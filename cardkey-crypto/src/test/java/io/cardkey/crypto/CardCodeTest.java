package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.ACCESS;
import static io.cardkey.crypto.Codes.withCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class CardCodeTest {
    private static final String NORMALISED = withCheck("ABCDEFGHJKMN7K2Q");

    @Test
    void normalised_isTheSecretToSealAndIndex() {
        CardCode code = CodeFormat.standard().parse(NORMALISED.toLowerCase(java.util.Locale.ROOT));
        assertThat(code.normalised().utf8(ACCESS)).isEqualTo(NORMALISED);
        assertThat(code.normalised()).hasToString("Secret[redacted]");
        assertThat(code.display(ACCESS)).isEqualTo("ABCD-EFGH-JKMN-7K2Q-" + NORMALISED.charAt(16));
    }

    @Test
    void equalsCode_comparesFormatAndContent_equalsIsIdentity() {
        CardCode a = CodeFormat.standard().parse(NORMALISED);
        CardCode b = CodeFormat.standard().parse(NORMALISED);
        CardCode otherFormat = CodeFormat.builder().prefix("X").build().parse(NORMALISED);
        CardCode otherCode = CodeFormat.standard().parse(withCheck("ABCDEFGHJKMN7K2R"));
        assertThat(a.equalsCode(b)).isTrue();
        assertThat(a.equalsCode(otherFormat)).isFalse();
        assertThat(a.equalsCode(otherCode)).isFalse();
        assertThat(a).isNotEqualTo(b);
        assertThatNullPointerException().isThrownBy(() -> a.equalsCode(null)).withMessage("other");
    }

    @Test
    void destroy_wipesTheNormalisedForm() {
        CardCode code = CodeFormat.standard().parse(NORMALISED);
        code.destroy();
        assertThat(code.isDestroyed()).isTrue();
        assertThat(code.normalised().isDestroyed()).isTrue();
        assertThatIllegalStateException().isThrownBy(() -> code.display(ACCESS));
        assertThatIllegalStateException().isThrownBy(code::masked);
    }

    @Test
    void display_withoutAccessToken_throws() {
        assertThatNullPointerException()
                .isThrownBy(() -> CodeFormat.standard().parse(NORMALISED).display(null))
                .withMessage("access");
    }
}
