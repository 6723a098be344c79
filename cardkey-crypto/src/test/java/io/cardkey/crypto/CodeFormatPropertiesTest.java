package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.ACCESS;
import static io.cardkey.crypto.Codes.normalised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodeFormatPropertiesTest {
    /** A format and a valid code of it (data characters plus the reference model's check character). */
    static final class Sample {
        final CodeFormat format;
        final String code;
        final String checkSymbols;

        Sample(CodeFormat format, String code, String checkSymbols) {
            this.format = format;
            this.code = code;
            this.checkSymbols = checkSymbols;
        }

        @Override
        public String toString() {
            return format + " " + code;
        }
    }

    private static final CodeFormat DIGITS = CodeFormat.builder()
            .alphabet("0123456789")
            .pattern("XXXX-XXXX-XXXX")
            .build();
    private static final CodeFormat LETTERS24 = CodeFormat.builder()
            .alphabet("ABCDEFGHJKMNPQRSTVWXYZ23")
            .pattern("XXXXX XXXXX XXXXX")
            .prefix("CK")
            .build();

    @Provide
    Arbitrary<Sample> codes() {
        return Arbitraries.oneOf(
                sample(CodeFormat.standard(), Codes.CROCKFORD_CHECK_SYMBOLS),
                sample(DIGITS, "0123456789*"),
                // 24 symbols: the next prime is 29, so five extra check symbols
                sample(LETTERS24, "ABCDEFGHJKMNPQRSTVWXYZ23*~$=U"));
    }

    private static Arbitrary<Sample> sample(CodeFormat format, String checkSymbols) {
        String alphabet = format.alphabet().orElseThrow();
        int length = (int)
                format.pattern().orElseThrow().chars().filter(c -> c == 'X').count();
        return Arbitraries.strings()
                .withChars(alphabet.toCharArray())
                .ofLength(length)
                .map(data -> new Sample(format, data + Codes.checkSymbol(data, alphabet, checkSymbols), checkSymbols));
    }

    @Property
    void parse_ofDisplay_returnsTheSameCode(@ForAll("codes") Sample s) {
        CardCode code = s.format.parse(s.code);
        assertThat(normalised(code)).isEqualTo(s.code);
        CardCode again = s.format.parse(code.display(ACCESS));
        assertThat(again.equalsCode(code)).isTrue();
        assertThat(again.display(ACCESS)).isEqualTo(code.display(ACCESS));
    }

    @Property
    void parse_isIdempotent_andIgnoresCaseAndSeparators(@ForAll("codes") Sample s, @ForAll long noise) {
        String messy = mess(s.code, noise);
        String once = normalised(s.format.parse(messy));
        assertThat(once).isEqualTo(s.code);
        assertThat(normalised(s.format.parse(once))).isEqualTo(once);
    }

    /** 300 codes of ~500 typos each; the exhaustive proof is in {@link CodeFormatTest}. */
    @Property(tries = 300)
    void everySingleSubstitution_isRejected(@ForAll("codes") Sample s) {
        String alphabet = s.format.alphabet().orElseThrow();
        int last = s.code.length() - 1;
        for (int k = 0; k <= last; k++) {
            String symbols = k == last ? s.checkSymbols : alphabet;
            for (char other : symbols.toCharArray()) {
                if (other != s.code.charAt(k)) {
                    String typo = s.code.substring(0, k) + other + s.code.substring(k + 1);
                    assertThatThrownBy(() -> s.format.parse(typo))
                            .as("position %d", k)
                            .isInstanceOf(CheckCharacterMismatchException.class);
                }
            }
        }
    }

    @Property
    void everyAdjacentTransposition_isRejected(@ForAll("codes") Sample s) {
        for (int k = 0; k + 1 < s.code.length(); k++) {
            char a = s.code.charAt(k);
            char b = s.code.charAt(k + 1);
            if (a != b) {
                String swapped = s.code.substring(0, k) + b + a + s.code.substring(k + 2);
                Throwable thrown = catchThrowable(() -> s.format.parse(swapped));
                if (thrown instanceof MalformedCodeException) {
                    // only possible when an extra check symbol (not a data character) moved into the data
                    assertThat(((MalformedCodeException) thrown).reason())
                            .isEqualTo(MalformedCodeException.Reason.INVALID_CHARACTER);
                    assertThat(s.format.alphabet().orElseThrow()).doesNotContain(String.valueOf(b));
                } else {
                    assertThat(thrown).isInstanceOf(CheckCharacterMismatchException.class);
                }
            }
        }
    }

    @Provide
    Arbitrary<String> typedText() {
        Arbitrary<String> nearCodes = Arbitraries.strings()
                .withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZabcxyzOoIiLlUu*~$=- \t\u3000\uFF21\u2013#".toCharArray())
                .ofMinLength(0)
                .ofMaxLength(30);
        return Arbitraries.oneOf(
                nearCodes,
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all());
    }

    @Provide
    Arbitrary<CodeFormat> formats() {
        return Arbitraries.of(
                CodeFormat.standard(),
                DIGITS,
                LETTERS24,
                CodeFormat.builder().pattern("XXXX").checkCharacter(false).build(),
                CodeFormat.supplierText(),
                CodeFormat.supplierText(4, 8));
    }

    @Property(tries = 3000)
    void parse_anyText_returnsAValidCodeOrThrowsOurException(
            @ForAll("formats") CodeFormat format, @ForAll("typedText") String typed) {
        try {
            CardCode code = format.parse(typed);
            String normal = normalised(code);
            assertThat(normalised(format.parse(normal))).isEqualTo(normal);
            assertThat(normalised(format.parse(code.display(ACCESS)))).isEqualTo(normal);
        } catch (InvalidCodeException e) {
            assertThat(e.part()).isEqualTo(InvalidCodeException.Part.CODE);
            if (e instanceof MalformedCodeException) {
                ((MalformedCodeException) e)
                        .index()
                        .ifPresent(i -> assertThat(i).isBetween(0, typed.length() - 1));
            }
        }
    }

    @Property
    void exceptionMessages_neverContainFourCharactersOfTheCode(@ForAll("codes") Sample s, @ForAll long noise) {
        List<String> typos = List.of(
                s.code.substring(1),
                s.code + "0",
                s.code.substring(0, 5) + "#" + s.code.substring(6),
                s.code.substring(0, s.code.length() - 1) + (s.code.endsWith("0") ? "1" : "0"),
                "QQ" + s.code);
        for (String typo : typos) {
            Throwable thrown = catchThrowable(() -> s.format.parse(mess(typo, noise)));
            assertThat(thrown).isInstanceOf(InvalidCodeException.class);
            String message = thrown.getMessage();
            for (MalformedCodeException.Reason reason : MalformedCodeException.Reason.values()) {
                message = message.replace(reason.name(), "");
            }
            for (int i = 0; i + 4 <= s.code.length(); i++) {
                assertThat(message).doesNotContain(s.code.substring(i, i + 4));
            }
        }
    }

    /** Lower-cases some characters and inserts separators, driven by {@code noise}. */
    private static String mess(String code, long noise) {
        StringBuilder out = new StringBuilder();
        String separators = " -\t\u2013\u3000";
        for (int i = 0; i < code.length(); i++) {
            long bits = noise >>> ((i * 3) % 60);
            char c = code.charAt(i);
            out.append((bits & 1) != 0 ? c : Character.toLowerCase(c));
            if ((bits & 6) == 6) {
                out.append(separators.charAt((int) ((bits >>> 3) & 3)));
            }
        }
        return (noise & 1) != 0 ? out.toString() : " " + out.toString().toLowerCase(Locale.ROOT) + " ";
    }

    @Provide
    Arbitrary<String> printableText() {
        return Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(1)
                                .ofMaxLength(20),
                        Arbitraries.strings()
                                .withChars(" \t\u3000".toCharArray())
                                .ofMaxLength(3))
                .as((body, space) -> space + body + space);
    }

    @Property
    void supplierText_parseOfDisplay_roundTrips(@ForAll("printableText") String typed) {
        CardCode code = CodeFormat.supplierText().parse(typed);
        assertThat(normalised(code)).isEqualTo(typed.strip());
        assertThat(normalised(CodeFormat.supplierText().parse(code.display(ACCESS))))
                .isEqualTo(normalised(code));
    }
}
