package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionTest {
    private static final AccountId A = AccountId.of("a");
    private static final AccountId B = AccountId.of("b");

    @Test
    void builder_keepsPostingsInOrderAndSortsMetadata() {
        Transaction tx = Transaction.builder("t", "sale")
                .posting(A, B, 5)
                .posting(B, A, 2)
                .metadata("z", "1")
                .metadata("a", "2")
                .build();
        assertThat(tx.postings()).containsExactly(Posting.of(A, B, 5), Posting.of(B, A, 2));
        assertThat(tx.metadata().keySet()).containsExactly("a", "z");
    }

    @Test
    void builder_noPostings_isDomainEvent() {
        assertThat(Transaction.builder("e", "card.imported").build().postings()).isEmpty();
    }

    @Test
    void builder_badIdOrType_throwsIllegalArgument() {
        assertThatThrownBy(() -> Transaction.builder("", "sale"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transaction id length was 0");
        assertThatThrownBy(() -> Transaction.builder("a b", "sale"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> Transaction.builder("t", "x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type length was 65");
        assertThatThrownBy(() -> Transaction.builder(null, "sale")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void metadata_tooManyEntries_throwsMetadataTooLarge() {
        Transaction.Builder b = Transaction.builder("t", "sale");
        for (int i = 0; i < Transaction.MAX_METADATA_ENTRIES; i++) {
            b.metadata("k" + i, "v");
        }
        b.metadata("k0", "replaced is fine");
        assertThatThrownBy(() -> b.metadata("one-more", "v"))
                .isInstanceOfSatisfying(MetadataTooLargeException.class, e -> {
                    assertThat(e.getSize()).isEqualTo(17);
                    assertThat(e.getLimit()).isEqualTo(16);
                });
    }

    @Test
    void metadata_valueTooLong_throwsWithoutEchoingIt() {
        String secret = "秘".repeat(100);
        assertThatThrownBy(() -> Transaction.builder("t", "sale").metadata("note", secret))
                .isInstanceOfSatisfying(MetadataTooLargeException.class, e -> {
                    assertThat(e.getSize()).isEqualTo(300);
                    assertThat(e.getMessage()).doesNotContain("秘");
                });
        assertThatThrownBy(() -> Transaction.builder("t", "sale").metadata(Map.of("bad key", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payload_tooLarge_throwsPayloadTooLarge() {
        assertThatThrownBy(() -> Transaction.builder("t", "sale").payload(new byte[Transaction.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.getSize()).isEqualTo(4097);
                    assertThat(e.getLimit()).isEqualTo(4096);
                });
    }

    @Test
    void payload_isCopiedInAndOut() {
        byte[] payload = {1, 2, 3};
        Transaction tx = Transaction.builder("t", "sale").payload(payload).build();
        payload[0] = 9;
        tx.payload().orElseThrow()[1] = 9;
        assertThat(tx.payload()).hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2, 3));
    }

    @Test
    void tooManyPostings_throwsIllegalArgument() {
        Transaction.Builder b = Transaction.builder("t", "sale");
        for (int i = 0; i < Transaction.MAX_POSTINGS; i++) {
            b.posting(A, B, 1);
        }
        assertThatThrownBy(() -> b.posting(A, B, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 64");
    }

    @Test
    void firstDifference_namesFieldInOrder() {
        Transaction base = Transaction.builder("t", "sale")
                .posting(A, B, 1)
                .metadata("k", "v")
                .build();
        assertThat(base.firstDifference(Transaction.builder("t", "sale")
                        .posting(A, B, 1)
                        .metadata("k", "v")
                        .build()))
                .isEmpty();
        assertThat(base.firstDifference(Transaction.builder("u", "sale").build()))
                .contains("id");
        assertThat(base.firstDifference(
                        Transaction.builder("t", "sale").posting(A, B, 2).build()))
                .contains("postings");
        assertThat(base.firstDifference(
                        Transaction.builder("t", "sale").posting(A, B, 1).build()))
                .contains("metadata");
        assertThat(base.firstDifference(Transaction.builder("t", "sale")
                        .posting(A, B, 1)
                        .metadata("k", "v")
                        .payload(new byte[0])
                        .build()))
                .contains("payload");
    }

    @Test
    void toString_hidesMetadataValuesAndPayload() {
        Transaction tx = Transaction.builder("t", "sale")
                .metadata("cardSecret", "4111-SECRET")
                .payload(new byte[] {42})
                .build();
        assertThat(tx.toString())
                .contains("cardSecret")
                .doesNotContain("4111-SECRET")
                .contains("1 bytes");
    }

    @Test
    void equalsAndHashCode_followContent() {
        Transaction a = Transaction.builder("t", "sale").payload(new byte[] {1}).build();
        Transaction b = Transaction.builder("t", "sale").payload(new byte[] {1}).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Transaction.builder("t", "sale").build());
    }

    @Test
    void sensitiveMetadata_marksKey_laterPlainEntryUnmarksIt() {
        Transaction t = Transaction.builder("t", "sale")
                .metadata("orderId", "o-1")
                .sensitiveMetadata("buyerPhone", "+86 138 0000 0000")
                .build();
        assertThat(t.metadata()).containsEntry("buyerPhone", "+86 138 0000 0000");
        assertThat(t.sensitiveMetadataKeys()).containsExactly("buyerPhone");
        assertThat(t.redactedMetadataKeys()).isEmpty();

        Transaction plain = Transaction.builder("t", "sale")
                .sensitiveMetadata("buyerPhone", "x")
                .metadata("buyerPhone", "x")
                .build();
        assertThat(plain.sensitiveMetadataKeys()).isEmpty();
    }

    @Test
    void sensitiveMetadata_sameValuePlainOrSensitive_differsInMetadata() {
        Transaction sensitive =
                Transaction.builder("t", "sale").sensitiveMetadata("k", "v").build();
        Transaction plain = Transaction.builder("t", "sale").metadata("k", "v").build();
        assertThat(sensitive).isNotEqualTo(plain);
        assertThat(sensitive.firstDifference(plain)).contains("metadata");
        assertThat(sensitive)
                .isEqualTo(Transaction.builder("t", "sale")
                        .sensitiveMetadata("k", "v")
                        .build());
        assertThat(sensitive.hashCode()).isNotEqualTo(plain.hashCode());
    }

    @Test
    void sensitiveMetadata_limitsAndNullsAsForPlainEntries() {
        Transaction.Builder b = Transaction.builder("t", "sale");
        assertThatThrownBy(() -> b.sensitiveMetadata("k", "x".repeat(257)))
                .isInstanceOf(MetadataTooLargeException.class)
                .hasMessageNotContaining("xxx");
        assertThatThrownBy(() -> b.sensitiveMetadata("bad key", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.sensitiveMetadata("k", null)).isInstanceOf(NullPointerException.class);
        for (int i = 0; i < Transaction.MAX_METADATA_ENTRIES; i++) {
            b.sensitiveMetadata("k" + i, "v");
        }
        assertThatThrownBy(() -> b.sensitiveMetadata("one-more", "v")).isInstanceOf(MetadataTooLargeException.class);
    }

    @Test
    void toString_namesSensitiveKeysButNoValue() {
        Transaction t = Transaction.builder("t", "sale")
                .sensitiveMetadata("buyerEmail", "li.na@example.cn")
                .build();
        assertThat(t.toString()).contains("buyerEmail").doesNotContain("li.na");
    }
}
