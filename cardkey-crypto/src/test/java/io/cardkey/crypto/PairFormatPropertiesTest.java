package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.normalised;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PairFormatPropertiesTest {
    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .excludeChars(',')
                .ofMinLength(1)
                .ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(",", " , ", "\t", " ", "  ", "\u3000", "\uFF0C", "\u3001");
    }

    @Property
    void parseLine_ofNumberSeparatorPassword_returnsBoth(
            @ForAll("words") String number, @ForAll("separators") String separator, @ForAll("words") String password) {
        CardPair pair = PairFormat.supplierText().parseLine(number + separator + password);
        assertThat(normalised(pair.number())).isEqualTo(number);
        assertThat(normalised(pair.password())).isEqualTo(password);
    }

    @Property(tries = 2000)
    void parseLine_anyText_returnsAPairOrThrowsOurException(@ForAll String line) {
        try {
            CardPair pair = PairFormat.supplierText().parseLine(line);
            assertThat(normalised(pair.number())).isNotEmpty();
            assertThat(normalised(pair.password())).isNotEmpty();
        } catch (InvalidCodeException e) {
            if (e instanceof MalformedCodeException) {
                ((MalformedCodeException) e)
                        .index()
                        .ifPresent(i -> assertThat(i).isBetween(0, line.length() - 1));
            }
        }
    }
}
