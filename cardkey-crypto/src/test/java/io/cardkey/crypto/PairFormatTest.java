package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.normalised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.cardkey.crypto.InvalidCodeException.Part;
import io.cardkey.crypto.MalformedCodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PairFormatTest {
    private static final PairFormat TEXT = PairFormat.supplierText();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1234567890,Pa55word",
                " 1234567890 , Pa55word ",
                "1234567890\uFF0CPa55word",
                "1234567890\u3001Pa55word",
                "1234567890\tPa55word",
                "1234567890 Pa55word",
                "  1234567890 \u3000 Pa55word  ",
                "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF10 Pa55word"
            })
    void parseLine_commaTabOrWhiteSpace_splitsNumberAndPassword(String line) {
        CardPair pair = TEXT.parseLine(line);
        assertThat(normalised(pair.number())).isEqualTo("1234567890");
        assertThat(normalised(pair.password())).isEqualTo("Pa55word");
    }

    @Test
    void parseLine_splitsAtFirstComma_passwordMayContainCommasAndSpaces() {
        CardPair pair = TEXT.parseLine("No 12,pass,word with space");
        assertThat(normalised(pair.number())).isEqualTo("No 12");
        assertThat(normalised(pair.password())).isEqualTo("pass,word with space");
    }

    @Test
    void parseLine_tabBeforeSpaces_splitsAtTab() {
        CardPair pair = TEXT.parseLine("No 12\tsecret word");
        assertThat(normalised(pair.number())).isEqualTo("No 12");
        assertThat(normalised(pair.password())).isEqualTo("secret word");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "onlyone", "one two three"})
    void parseLine_notTwoWords_throwsNotAPair(String line) {
        assertThatThrownBy(() -> TEXT.parseLine(line))
                .asInstanceOf(type(MalformedCodeException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_A_PAIR);
                    assertThat(e.index()).isEmpty();
                    assertThat(e.getMessage()).doesNotContain("onlyone").doesNotContain("three");
                });
    }

    @Test
    void parseLine_emptyNumber_throwsEmptyForNumber() {
        assertThatThrownBy(() -> TEXT.parseLine(" ,secret"))
                .asInstanceOf(type(MalformedCodeException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.EMPTY);
                    assertThat(e.part()).isEqualTo(Part.NUMBER);
                    assertThat(e.getMessage()).startsWith("number is malformed");
                });
    }

    @Test
    void parseLine_badPassword_reportsPasswordAndIndexIntoTheLine() {
        assertThatThrownBy(() -> TEXT.parseLine("12345,abc\u0000def"))
                .asInstanceOf(type(MalformedCodeException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_CHARACTER);
                    assertThat(e.part()).isEqualTo(Part.PASSWORD);
                    assertThat(e.index()).hasValue(9);
                    assertThat(e.getMessage())
                            .startsWith("password is malformed")
                            .doesNotContain("abc");
                });
    }

    @Test
    void parseLine_generatedNumberFormat_checksItsCheckCharacter() {
        CodeFormat digits =
                CodeFormat.builder().alphabet("0123456789").pattern("XXXXXXXX").build();
        PairFormat format = PairFormat.of(digits, CodeFormat.supplierText(6, 32));
        String number = "12345678" + Codes.checkSymbol("12345678", "0123456789", "0123456789*");
        CardPair pair = format.parseLine(number + " secret");
        assertThat(normalised(pair.number())).isEqualTo(number);
        assertThat(pair).hasToString("CardPair[number=******78*, password=*****t]");
        String wrong = "12345687" + number.charAt(8);
        assertThatThrownBy(() -> format.parseLine(wrong + " secret"))
                .asInstanceOf(type(CheckCharacterMismatchException.class))
                .satisfies(e -> {
                    assertThat(e.part()).isEqualTo(Part.NUMBER);
                    assertThat(e.getMessage()).startsWith("number has").doesNotContain("1234");
                });
        assertThatThrownBy(() -> format.parseLine(number + " short"))
                .asInstanceOf(type(MalformedCodeException.class))
                .satisfies(e -> {
                    assertThat(e.part()).isEqualTo(Part.PASSWORD);
                    assertThat(e.reason()).isEqualTo(Reason.TOO_SHORT);
                });
    }

    @Test
    void pair_equalsPair_andDestroy() {
        CardPair a = TEXT.parseLine("1,x");
        CardPair b = TEXT.parseLine("1 x");
        assertThat(a.equalsPair(b)).isTrue();
        assertThat(a.equalsPair(TEXT.parseLine("1,y"))).isFalse();
        a.destroy();
        assertThat(a.isDestroyed()).isTrue();
        assertThat(a).hasToString("CardPair[destroyed]");
    }

    @Test
    void of_andAccessors_andNulls() {
        PairFormat format = PairFormat.of(CodeFormat.standard(), CodeFormat.supplierText());
        assertThat(format.numberFormat()).isEqualTo(CodeFormat.standard());
        assertThat(format.passwordFormat()).isEqualTo(CodeFormat.supplierText());
        assertThat(format).isEqualTo(PairFormat.of(CodeFormat.standard(), CodeFormat.supplierText()));
        assertThat(format).isNotEqualTo(TEXT);
        assertThat(format.hashCode())
                .isEqualTo(PairFormat.of(CodeFormat.standard(), CodeFormat.supplierText())
                        .hashCode());
        assertThat(TEXT.toString()).startsWith("PairFormat[number=CodeFormat[supplier text");
        assertThatNullPointerException().isThrownBy(() -> PairFormat.of(null, CodeFormat.standard()));
        assertThatNullPointerException().isThrownBy(() -> PairFormat.of(CodeFormat.standard(), null));
        assertThatNullPointerException().isThrownBy(() -> TEXT.parseLine(null)).withMessage("line");
    }
}
