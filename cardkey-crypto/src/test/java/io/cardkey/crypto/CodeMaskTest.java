package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.withCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeMaskTest {
    private static final CardCode CODE = CodeFormat.standard().parse(withCheck("ABCDEFGHJKMN7K2Q"));

    @Test
    void lastFour_showsLastFourDataCharacters_masksCheckCharacter() {
        assertThat(CodeMask.lastFour().mask(CODE)).isEqualTo("****-****-****-7K2Q-*");
        assertThat(CODE.masked()).isEqualTo("****-****-****-7K2Q-*");
        assertThat(CODE).hasToString("CardCode[****-****-****-7K2Q-*]");
    }

    @ParameterizedTest
    @CsvSource({"0,****-****-****-****-*", "1,****-****-****-***Q-*", "3,****-****-****-*K2Q-*"})
    void showingLast_isConfigurable(int visible, String expected) {
        CodeMask mask = CodeMask.showingLast(visible);
        assertThat(mask.visible()).isEqualTo(visible);
        assertThat(mask.mask(CODE)).isEqualTo(expected);
        assertThat(mask).hasToString("CodeMask[visible=" + visible + "]");
    }

    @Test
    void showingLast_outOfRange_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeMask.showingLast(5))
                .withMessage("visible was 5; must be between 0 and 4");
        assertThatIllegalArgumentException().isThrownBy(() -> CodeMask.showingLast(-1));
    }

    @Test
    void mask_keepsPrefixAndGrouping() {
        CodeFormat format = CodeFormat.builder()
                .prefix("VIP")
                .pattern("XXX XXX XXX XXX XXXX")
                .build();
        CardCode code = format.parse(withCheck("ABCDEFGHJKMN7K2Q"));
        assertThat(code.masked()).isEqualTo("VIP-*** *** *** *** 7K2Q *");
    }

    @Test
    void mask_shortCode_showsAtMostAQuarterOfItsCharacters() {
        CodeFormat eight =
                CodeFormat.builder().pattern("XXXX-XXXX").checkCharacter(false).build();
        assertThat(eight.parse("ABCD-EFGH").masked()).isEqualTo("****-**GH");
        CodeFormat three =
                CodeFormat.builder().pattern("XXX").checkCharacter(false).build();
        assertThat(three.parse("ABC").masked()).isEqualTo("***");
    }

    @Test
    void mask_supplierText_keepsSpacesAndHyphens_showsAtMostAQuarter() {
        CodeFormat text = CodeFormat.supplierText();
        assertThat(text.parse("abcd-efgh ijkl mnop").masked()).isEqualTo("****-**** **** mnop");
        assertThat(CodeMask.showingLast(2).mask(text.parse("卡密12345678"))).isEqualTo("********78");
        assertThat(text.parse("abcdefg").masked()).isEqualTo("******g");
        assertThat(text.parse("abc").masked()).isEqualTo("***");
        assertThat(text.parse("😀😀😀😀😀😀😀😀").masked()).isEqualTo("******😀😀");
    }

    @Test
    void mask_nullOrDestroyed_throws() {
        assertThatNullPointerException()
                .isThrownBy(() -> CodeMask.lastFour().mask(null))
                .withMessage("code");
        CardCode code = CodeFormat.standard().parse(withCheck("ABCDEFGHJKMN7K2Q"));
        code.destroy();
        assertThatIllegalStateException().isThrownBy(() -> CodeMask.lastFour().mask(code));
        assertThat(code).hasToString("CardCode[destroyed]");
    }
}
