package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class RecordBindingTest {
    @Test
    void encoding_isLengthPrefixedUtf8() {
        assertThat(RecordBinding.of("ab", "c", "é").toAssociatedData())
                .containsExactly(0, 2, 'a', 'b', 0, 1, 'c', 0, 2, 0xC3, 0xA9);
    }

    @Test
    void encoding_isUnambiguous() {
        assertThat(RecordBinding.of("ab", "c", "d").toAssociatedData())
                .isNotEqualTo(RecordBinding.of("a", "bc", "d").toAssociatedData());
        assertThat(RecordBinding.of("a", "b\0", "c").toAssociatedData())
                .isNotEqualTo(RecordBinding.of("a", "b", "\0c").toAssociatedData());
    }

    @Test
    void of_emptyField_throwsNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecordBinding.of("t", "", "r"))
                .withMessageContaining("product");
    }

    @Test
    void of_loneSurrogate_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecordBinding.of("t", "p", "r\uD800"))
                .withMessageContaining("recordId");
    }

    @Test
    void of_tooLongField_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecordBinding.of("x".repeat(65536), "p", "r"))
                .withMessageContaining("tenant was 65536 bytes");
        assertThat(RecordBinding.of("x".repeat(65535), "p", "r").tenant()).hasSize(65535);
    }

    @Test
    void of_null_throwsNamingArgument() {
        assertThatNullPointerException()
                .isThrownBy(() -> RecordBinding.of(null, "p", "r"))
                .withMessage("tenant");
        assertThatNullPointerException()
                .isThrownBy(() -> RecordBinding.of("t", null, "r"))
                .withMessage("product");
        assertThatNullPointerException()
                .isThrownBy(() -> RecordBinding.of("t", "p", null))
                .withMessage("recordId");
    }

    @Test
    void valueSemantics() {
        RecordBinding a = RecordBinding.of("t", "p", "r");
        assertThat(a).isEqualTo(RecordBinding.of("t", "p", "r")).hasSameHashCodeAs(RecordBinding.of("t", "p", "r"));
        assertThat(a).isNotEqualTo(RecordBinding.of("t", "p", "r2"));
        assertThat(a.toString()).isEqualTo("RecordBinding[tenant=t, product=p, recordId=r]");
        assertThat(a.tenant() + a.product() + a.recordId()).isEqualTo("tpr");
    }
}
