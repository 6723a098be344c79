package io.cardkey.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypingTest {
    @Test
    void fold_mapsFullWidthAsciiAndIdeographicSpace_only() {
        assertThat(Typing.fold('\uFF21')).isEqualTo('A');
        assertThat(Typing.fold('\uFF41')).isEqualTo('a');
        assertThat(Typing.fold('\uFF10')).isEqualTo('0');
        assertThat(Typing.fold('\uFF0D')).isEqualTo('-');
        assertThat(Typing.fold('\u3000')).isEqualTo(' ');
        assertThat(Typing.fold('\uFF5F')).isEqualTo('\uFF5F');
        assertThat(Typing.fold('\u0410')).isEqualTo('\u0410');
    }

    @Test
    void isSeparator_whiteSpaceAndDashes_only() {
        for (char c : " \t\n\r\f\u000B\u00A0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC".toCharArray()) {
            assertThat(Typing.isSeparator(c)).as("U+%04X", (int) c).isTrue();
        }
        for (char c : "_.,/*0Aa\u2016\u3000".toCharArray()) {
            assertThat(Typing.isSeparator(c)).as("U+%04X", (int) c).isFalse();
        }
    }

    @Test
    void asciiUpper_ignoresLocale() {
        assertThat(Typing.asciiUpper('i')).isEqualTo('I');
        assertThat(Typing.asciiUpper('z')).isEqualTo('Z');
        assertThat(Typing.asciiUpper('\u0131')).isEqualTo('\u0131');
        assertThat(Typing.asciiUpper('1')).isEqualTo('1');
    }
}
