package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.PairFormat;
import org.junit.jupiter.api.Test;

class ImportFormatTest {
    @Test
    void codes_andPairs_areExclusive_andWithHeaderKeepsTheKind() {
        ImportFormat codes = ImportFormat.codes(CodeFormat.supplierText());
        assertThat(codes.codeFormat()).isPresent();
        assertThat(codes.pairFormat()).isEmpty();
        assertThat(codes.hasHeader()).isFalse();
        ImportFormat pairs = ImportFormat.pairs(PairFormat.supplierText()).withHeader();
        assertThat(pairs.pairFormat()).isPresent();
        assertThat(pairs.codeFormat()).isEmpty();
        assertThat(pairs.hasHeader()).isTrue();
        assertThat(pairs.toString()).contains("pairs").contains("header");
    }

    @Test
    void null_throwsNpe() {
        assertThatThrownBy(() -> ImportFormat.codes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ImportFormat.pairs(null)).isInstanceOf(NullPointerException.class);
    }
}
