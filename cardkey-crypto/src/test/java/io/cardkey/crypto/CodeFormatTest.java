package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.ACCESS;
import static io.cardkey.crypto.Codes.normalised;
import static io.cardkey.crypto.Codes.withCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.cardkey.crypto.InvalidCodeException.Part;
import io.cardkey.crypto.MalformedCodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeFormatTest {
    private static final CodeFormat STANDARD = CodeFormat.standard();
    private static final String DATA = "7K2QM8ZD4T1V9XHC";
    private static final String CODE = withCheck(DATA);

    // ---- the standard format

    @Test
    void standard_isCrockfordBase32_16DataCharacters_withCheck() {
        assertThat(STANDARD.alphabet()).contains("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
        assertThat(STANDARD.pattern()).contains("XXXX-XXXX-XXXX-XXXX");
        assertThat(STANDARD.prefix()).isEmpty();
        assertThat(STANDARD.hasCheckCharacter()).isTrue();
        assertThat(STANDARD.isSupplierText()).isFalse();
        assertThat(STANDARD.entropyBits().getAsDouble()).isEqualTo(80.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(STANDARD)
                .hasToString("CodeFormat[alphabet=0123456789ABCDEFGHJKMNPQRSTVWXYZ,"
                        + " pattern=XXXX-XXXX-XXXX-XXXX, check=mod 37, prefix=none]");
        assertThat(CodeFormat.builder().build()).isEqualTo(STANDARD).hasSameHashCodeAs(STANDARD);
    }

    /** Crockford's specification: the check symbol is the value mod 37, values 32..36 written {@code *~$=U}. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0000000000000000-0",
                "0000000000000001-1",
                "000000000000000Z-Z",
                "0000000000000010-*",
                "0000000000000011-~",
                "0000000000000012-$",
                "0000000000000013-=",
                "0000000000000014-U",
                "0000000000000015-0",
                "ZZZZZZZZZZZZZZZZ-~"
            })
    void parse_crockfordCheckSymbols_knownAnswers(String dataDashCheck) {
        CardCode code = STANDARD.parse(dataDashCheck);
        assertThat(normalised(code)).isEqualTo(dataDashCheck.replace("-", ""));
    }

    @Test
    void parse_exampleOfTheJavadoc_isValid() {
        assertThat(STANDARD.parse("7K2Q-M8ZD-4T1V-9XHC-1").display(ACCESS)).isEqualTo("7K2Q-M8ZD-4T1V-9XHC-1");
    }

    @Test
    void parse_canonicalInput_returnsNormalisedWithoutSeparators() {
        CardCode code = STANDARD.parse("7K2Q-M8ZD-4T1V-9XHC-" + CODE.charAt(16));
        assertThat(normalised(code)).isEqualTo(CODE);
        assertThat(code.format()).isEqualTo(STANDARD);
        assertThat(code.display(ACCESS)).isEqualTo("7K2Q-M8ZD-4T1V-9XHC-" + CODE.charAt(16));
    }

    @Test
    void parse_lowerCaseSpacesAndNoSeparators_normaliseToTheSameCode() {
        String check = CODE.substring(16);
        for (String typed : new String[] {
            CODE,
            CODE.toLowerCase(java.util.Locale.ROOT),
            "  7k2q m8zd 4t1v 9xhc " + check.toLowerCase(java.util.Locale.ROOT) + "\n",
            "7K2Q\tM8ZD\u00A04T1V\u20139XHC\u2014" + check,
            "7K2Q--M8ZD 4T1V9XHC" + check
        }) {
            assertThat(normalised(STANDARD.parse(typed))).as("typed %s", typed).isEqualTo(CODE);
        }
    }

    @Test
    void parse_fullWidthInputFromCjkInputMethods_isFolded() {
        StringBuilder fullWidth = new StringBuilder();
        for (char c : CODE.toCharArray()) {
            fullWidth.append((char) (c + 0xFEE0)).append(c == 'C' ? '\u3000' : '\u30FC');
        }
        assertThat(normalised(STANDARD.parse(fullWidth))).isEqualTo(CODE);
    }

    @Test
    void parse_lettersOIL_readAsDigits() {
        String data = "0000111100001111";
        String code = withCheck(data);
        assertThat(normalised(STANDARD.parse("OoOo-IiLl-0000-1111-" + code.charAt(16))))
                .isEqualTo(code);
    }

    @Test
    void parse_checkCharacterTypedAsAlias_isAccepted() {
        assertThat(normalised(STANDARD.parse("0000000000000001-I"))).isEqualTo("00000000000000011");
        assertThat(normalised(STANDARD.parse("0000000000000014-u"))).isEqualTo("0000000000000014U");
    }

    @Test
    void parse_nonAsciiLookalikes_areNotFolded() {
        // Cyrillic А (U+0410) looks like Latin A; treating it as A would make codes ambiguous in the other direction.
        assertThatThrownBy(() -> STANDARD.parse("\u0410" + CODE.substring(1)))
                .asInstanceOf(type(MalformedCodeException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_CHARACTER);
                    assertThat(e.index()).hasValue(0);
                });
    }

    // ---- failures

    @Test
    void parse_null_throwsNpe() {
        assertThatNullPointerException().isThrownBy(() -> STANDARD.parse(null)).withMessage("typed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "----", " - \t\u3000"})
    void parse_onlySeparators_throwsEmpty(String typed) {
        assertMalformed(() -> STANDARD.parse(typed), Reason.EMPTY, -1);
    }

    @Test
    void parse_missingCharacter_throwsTooShort() {
        assertMalformed(() -> STANDARD.parse(CODE.substring(1)), Reason.TOO_SHORT, -1);
    }

    @Test
    void parse_extraCharacter_throwsTooLong() {
        assertMalformed(() -> STANDARD.parse(CODE + "0"), Reason.TOO_LONG, -1);
    }

    @Test
    void parse_characterNeverUsed_throwsInvalidCharacterAtItsIndex() {
        assertMalformed(() -> STANDARD.parse("7K2Q-M8#D-4T1V-9XHC-0"), Reason.INVALID_CHARACTER, 7);
        assertMalformed(() -> STANDARD.parse("7K2Q-M8ZD-4T1V-9XHC-0_"), Reason.INVALID_CHARACTER, 21);
    }

    @Test
    void parse_letterUInDataPosition_throwsInvalidCharacter() {
        // U is a check symbol only (Crockford excludes it from data).
        assertMalformed(() -> STANDARD.parse("U000-0000-0000-0000-0"), Reason.INVALID_CHARACTER, 0);
    }

    @Test
    void parse_checkSymbolInDataPosition_throwsInvalidCharacter() {
        assertMalformed(() -> STANDARD.parse("00*0-0000-0000-0000-0"), Reason.INVALID_CHARACTER, 2);
    }

    @Test
    void parse_wrongCheckCharacter_throwsMismatch_beforeAnyLookup() {
        char wrong = CODE.charAt(16) == '0' ? '1' : '0';
        assertThatThrownBy(() -> STANDARD.parse(DATA + wrong))
                .isInstanceOf(CheckCharacterMismatchException.class)
                .isInstanceOf(InvalidCodeException.class)
                .hasMessageNotContaining(DATA.substring(0, 4))
                .asInstanceOf(type(CheckCharacterMismatchException.class))
                .extracting(InvalidCodeException::part)
                .isEqualTo(Part.CODE);
    }

    @Test
    void parse_exceptionMessages_neverContainTheInput() {
        String secretLooking = "ZZZZ-ZZZZ-ZZZZ-ZZZZ";
        for (String typed : new String[] {
            secretLooking, secretLooking + "-ZZ", secretLooking + "-#", "U" + secretLooking.substring(1) + "-P"
        }) {
            assertThatThrownBy(() -> STANDARD.parse(typed))
                    .isInstanceOf(InvalidCodeException.class)
                    .hasMessageNotContaining("ZZ");
        }
    }

    // ---- the check character detects every typo of the two kinds (exhaustive over what decides detection)

    /**
     * The check value is linear in the data: replacing {@code d} by {@code d'} at position {@code k} changes it by
     * {@code (d' - d) * 32^(15-k)} mod 37 whatever the other characters are. So trying every position and every
     * ordered pair of symbols on one background code covers every single substitution of every code.
     */
    @Test
    void checkCharacter_everySingleSubstitutionOfEveryCode_isRejected() {
        String alphabet = CodeFormat.CROCKFORD_BASE32;
        int tried = 0;
        for (int k = 0; k < 16; k++) {
            for (int d = 0; d < 32; d++) {
                char[] data = "0000000000000000".toCharArray();
                data[k] = alphabet.charAt(d);
                String valid = withCheck(new String(data));
                for (int e = 0; e < 32; e++) {
                    if (e != d) {
                        char[] typo = valid.toCharArray();
                        typo[k] = alphabet.charAt(e);
                        assertThatThrownBy(() -> STANDARD.parse(new String(typo)))
                                .isInstanceOf(CheckCharacterMismatchException.class);
                        tried++;
                    }
                }
            }
        }
        // the check character itself: every value against every other check symbol
        for (int r = 0; r < 37; r++) {
            String valid = "00000000000000" + alphabet.charAt(r / 32) + alphabet.charAt(r % 32);
            for (char other : Codes.CROCKFORD_CHECK_SYMBOLS.toCharArray()) {
                if (other != withCheck(valid).charAt(16)) {
                    assertThatThrownBy(() -> STANDARD.parse(valid + other))
                            .isInstanceOf(CheckCharacterMismatchException.class);
                    tried++;
                }
            }
        }
        assertThat(tried).isEqualTo(16 * 32 * 31 + 37 * 36);
    }

    /**
     * Swapping neighbours {@code a, c} at positions {@code k, k+1} changes the check value by
     * {@code (a - c) * 31 * 32^(14-k)} whatever the other characters are; trying all pairs on one background covers
     * every code. Swapping the last data character with the check character depends only on the value of the first
     * 15 data characters mod 37, which the second loop runs through completely.
     */
    @Test
    void checkCharacter_everyAdjacentTranspositionOfEveryCode_isRejected() {
        String alphabet = CodeFormat.CROCKFORD_BASE32;
        int tried = 0;
        for (int k = 0; k < 15; k++) {
            for (int a = 0; a < 32; a++) {
                for (int c = 0; c < 32; c++) {
                    if (a != c) {
                        char[] data = "0000000000000000".toCharArray();
                        data[k] = alphabet.charAt(a);
                        data[k + 1] = alphabet.charAt(c);
                        char[] swapped = withCheck(new String(data)).toCharArray();
                        swapped[k] = alphabet.charAt(c);
                        swapped[k + 1] = alphabet.charAt(a);
                        assertThatThrownBy(() -> STANDARD.parse(new String(swapped)))
                                .isInstanceOf(CheckCharacterMismatchException.class);
                        tried++;
                    }
                }
            }
        }
        for (int r = 0; r < 37; r++) {
            for (int a = 0; a < 32; a++) {
                String head = "0000000000000" + alphabet.charAt(r / 32) + alphabet.charAt(r % 32);
                String valid = withCheck(head + alphabet.charAt(a));
                char check = valid.charAt(16);
                if (check != alphabet.charAt(a)) {
                    String swapped = head + check + alphabet.charAt(a);
                    assertThatThrownBy(() -> STANDARD.parse(swapped))
                            .isInstanceOfAny(CheckCharacterMismatchException.class, MalformedCodeException.class);
                    tried++;
                }
            }
        }
        assertThat(tried).isGreaterThan(15 * 32 * 31);
    }

    // ---- prefix

    @Test
    void parse_withPrefix_acceptsCodeWithAndWithoutPrefix() {
        CodeFormat gift = CodeFormat.builder().prefix("GIFT").build();
        assertThat(normalised(gift.parse("gift-" + CODE))).isEqualTo(CODE);
        assertThat(normalised(gift.parse(CODE))).isEqualTo(CODE);
        assertThat(gift.parse(CODE).display(ACCESS)).isEqualTo("GIFT-7K2Q-M8ZD-4T1V-9XHC-" + CODE.charAt(16));
        assertThat(gift.prefix()).contains("GIFT");
    }

    @Test
    void parse_wrongPrefix_throwsWrongPrefixAtFirstDifference() {
        CodeFormat gift = CodeFormat.builder().prefix("GIFT").build();
        assertMalformed(() -> gift.parse("GIPT-" + CODE), Reason.WRONG_PREFIX, 2);
    }

    @Test
    void parse_prefixButMissingCharacter_throwsTooShort() {
        CodeFormat gift = CodeFormat.builder().prefix("GIFT").build();
        assertMalformed(() -> gift.parse("GIFT-" + CODE.substring(2)), Reason.TOO_SHORT, -1);
    }

    // ---- other alphabets and patterns

    @Test
    void parse_digitsAlphabet_usesMod11_withStarForTen() {
        CodeFormat digits =
                CodeFormat.builder().alphabet("0123456789").pattern("XXX XXX").build();
        assertThat(digits).hasToString("CodeFormat[alphabet=0123456789, pattern=XXX XXX, check=mod 11, prefix=none]");
        // 000009 = 9; 000010 = 10 -> '*'; 000011 = 11 -> 0
        assertThat(digits.parse("000 009 9").display(ACCESS)).isEqualTo("000 009 9");
        assertThat(normalised(digits.parse("000010*"))).isEqualTo("000010*");
        assertThat(normalised(digits.parse("000 011 0"))).isEqualTo("0000110");
        // O is an alias for 0 here too, since the alphabet has 0 but not O
        assertThat(normalised(digits.parse("OOO O11 O"))).isEqualTo("0000110");
    }

    @Test
    void parse_withoutCheckCharacter_acceptsAnyDataAndAppendsNothing() {
        CodeFormat noCheck =
                CodeFormat.builder().pattern("XXXXXXXX").checkCharacter(false).build();
        assertThat(noCheck.hasCheckCharacter()).isFalse();
        assertThat(noCheck.parse("abcd-efgh").display(ACCESS)).isEqualTo("ABCDEFGH");
        assertMalformed(() -> noCheck.parse("ABCDEFGH*"), Reason.INVALID_CHARACTER, 8);
    }

    @Test
    void parse_alphabetWithLetterO_doesNotAliasIt() {
        CodeFormat letters = CodeFormat.builder()
                .alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                .pattern("XXXXX")
                .checkCharacter(false)
                .build();
        assertThat(normalised(letters.parse("hello"))).isEqualTo("HELLO");
        assertMalformed(() -> letters.parse("HELL0"), Reason.INVALID_CHARACTER, 4);
    }

    // ---- builder validation

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "AAB", "abc", "AB-C", "ÄB", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0"})
    void alphabet_invalid_throwsNamingArgumentValueAndRule(String alphabet) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.builder().alphabet(alphabet))
                .withMessageStartingWith("alphabet was \"" + alphabet + "\"")
                .withMessageContaining("must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-XXX", "XXX-", "XX--XX", "XXYXX", "xxxx", "XXXX_XXXX"})
    void pattern_invalid_throwsNamingArgumentValueAndRule(String pattern) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.builder().pattern(pattern))
                .withMessageStartingWith("pattern was \"" + pattern + "\"")
                .withMessageContaining("must");
    }

    @Test
    void pattern_tooManyDataCharacters_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.builder().pattern("X".repeat(65)))
                .withMessageContaining("1 to 64 X");
        assertThat(CodeFormat.builder()
                        .pattern("X".repeat(64))
                        .build()
                        .entropyBits()
                        .getAsDouble())
                .isEqualTo(320.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gift", "GI-FT", "ABCDEFGHIJKLMNOPQ"})
    void prefix_invalid_throwsNamingArgumentValueAndRule(String prefix) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.builder().prefix(prefix))
                .withMessageStartingWith("prefix was \"" + prefix + "\"");
    }

    @Test
    void builder_nulls_areRefused() {
        assertThatNullPointerException().isThrownBy(() -> CodeFormat.builder().alphabet(null));
        assertThatNullPointerException().isThrownBy(() -> CodeFormat.builder().pattern(null));
        assertThatNullPointerException().isThrownBy(() -> CodeFormat.builder().prefix(null));
    }

    @Test
    void builder_noPrefix_removesPrefix() {
        assertThat(CodeFormat.builder().prefix("A").noPrefix().build()).isEqualTo(STANDARD);
        assertThat(CodeFormat.builder().prefix("A").build()).isNotEqualTo(STANDARD);
    }

    // ---- supplier text

    @Test
    void supplierText_trimsCollapsesWhiteSpace_keepsCase_foldsFullWidth() {
        CodeFormat text = CodeFormat.supplierText();
        assertThat(text.isSupplierText()).isTrue();
        assertThat(text.alphabet()).isEmpty();
        assertThat(text.pattern()).isEmpty();
        assertThat(text.entropyBits()).isEmpty();
        assertThat(text.hasCheckCharacter()).isFalse();
        assertThat(text).hasToString("CodeFormat[supplier text, 1..256 characters]");
        assertThat(normalised(text.parse("  Ab-12\t\t cD\u3000 "))).isEqualTo("Ab-12 cD");
        assertThat(normalised(text.parse("\uFF21\uFF42\uFF13"))).isEqualTo("Ab3");
        assertThat(normalised(text.parse("卡密 ①"))).isEqualTo("卡密 1");
    }

    @Test
    void supplierText_lengthBounds_areCodePointsAfterNormalisation() {
        CodeFormat text = CodeFormat.supplierText(3, 5);
        assertThat(normalised(text.parse(" 😀😀😀 "))).isEqualTo("😀😀😀");
        assertMalformed(() -> text.parse(" ab  "), Reason.TOO_SHORT, -1);
        assertMalformed(() -> text.parse("abcdef"), Reason.TOO_LONG, -1);
        assertMalformed(() -> text.parse(" \t "), Reason.EMPTY, -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\u0000c", "ab\u200Bc", "ab\uE000c", "ab\uD800c", "ab\u0007c"})
    void supplierText_unprintable_throwsInvalidCharacterAtIndex(String typed) {
        assertMalformed(() -> CodeFormat.supplierText().parse(typed), Reason.INVALID_CHARACTER, 2);
    }

    @Test
    void supplierText_invalidBounds_throw() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.supplierText(0, 5))
                .withMessage("minLength was 0; must be between 1 and 1024");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.supplierText(5, 4))
                .withMessage("maxLength was 4; must be between minLength (5) and 1024");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CodeFormat.supplierText(1, 1025))
                .withMessageStartingWith("maxLength was 1025");
        assertThat(CodeFormat.supplierText(1, 256)).isEqualTo(CodeFormat.supplierText());
    }

    static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason, int index) {
        assertThatThrownBy(call)
                .asInstanceOf(type(MalformedCodeException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    if (index < 0) {
                        assertThat(e.index()).isEmpty();
                    } else {
                        assertThat(e.index()).hasValue(index);
                    }
                    assertThat(e.getMessage()).contains(reason.name());
                });
    }
}
