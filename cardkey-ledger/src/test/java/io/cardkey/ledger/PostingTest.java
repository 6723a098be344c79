package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostingTest {
    private static final AccountId A = AccountId.of("a");
    private static final AccountId B = AccountId.of("b");

    @Test
    void of_valid_keepsParts() {
        Posting p = Posting.of(A, B, 7);
        assertThat(p.debit()).isEqualTo(A);
        assertThat(p.credit()).isEqualTo(B);
        assertThat(p.amount()).isEqualTo(7);
        assertThat(p).isEqualTo(Posting.of(A, B, 7)).isNotEqualTo(Posting.of(B, A, 7));
        assertThat(p.toString()).contains("a -> b: 7");
    }

    @Test
    void of_zeroOrNegativeAmount_throwsInvalidAmount() {
        assertThatThrownBy(() -> Posting.of(A, B, 0))
                .isInstanceOfSatisfying(
                        InvalidAmountException.class,
                        e -> assertThat(e.getAmount()).isZero())
                .hasMessageContaining("posting amount was 0");
        assertThatThrownBy(() -> Posting.of(A, B, -5))
                .isInstanceOfSatisfying(
                        InvalidAmountException.class,
                        e -> assertThat(e.getAmount()).isEqualTo(-5));
    }

    @Test
    void of_sameAccount_throwsSameAccountPosting() {
        assertThatThrownBy(() -> Posting.of(A, A, 1))
                .isInstanceOfSatisfying(
                        SameAccountPostingException.class,
                        e -> assertThat(e.getAccount()).isEqualTo(A));
    }

    @Test
    void of_null_throwsNpe() {
        assertThatThrownBy(() -> Posting.of(null, B, 1)).isInstanceOf(NullPointerException.class);
    }
}
