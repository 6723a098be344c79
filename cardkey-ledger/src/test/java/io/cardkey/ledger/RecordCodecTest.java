package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.ByteSource.MalformedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Pins the canonical encoding of CANONICAL-ENCODING.md and checks that decoding is strict. */
class RecordCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] H6 = new byte[32];

    static {
        Arrays.fill(H6, (byte) 0xAB);
    }

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private static Transaction example() {
        return Transaction.builder("t1", "sale")
                .posting(AccountId.of("a"), AccountId.of("b"), 500)
                .metadata("orderId", "o-1")
                .build();
    }

    private static byte[] exampleBytes() {
        return RecordCodec.transaction(new ByteSink(64), 7, H6, AT.getEpochSecond(), 0, example());
    }

    @Test
    void transaction_matchesTheDocumentedExample() {
        String expected = "02" + "02" + "0000000000000007" + "ab".repeat(32) + "000000006b0bf7a0" + "00000000"
                + "00027431" + "000473616c65" + "0001" + "000161" + "000162" + "00000000000001f4" + "0001"
                + "00076f726465724964" + "00" + "00036f2d31" + "00" + "0000";
        assertThat(HEX.formatHex(exampleBytes())).isEqualTo(expected);
    }

    /** The example of CANONICAL-ENCODING.md as version 1 wrote it: still read, with the hash it always had. */
    @Test
    void decode_version1Record_readsWithItsOriginalHash() {
        byte[] v1 = HEX.parseHex("01" + "02" + "0000000000000007" + "ab".repeat(32) + "000000006b0bf7a0" + "00000000"
                + "00027431" + "000473616c65" + "0001" + "000161" + "000162" + "00000000000001f4" + "0001"
                + "00076f726465724964" + "00036f2d31" + "00");
        LedgerRecord r = RecordCodec.decode(7, v1, new RecordCodec.Decoder());
        assertThat(r.transaction()).contains(example());
        assertThat(r.canonicalBytes()).isEqualTo(v1);
        assertThat(r.hashHex()).isEqualTo("ca6a831bf2f895f48d0d2c6c93160adc07e6981e1c0b8be3068468df48c999aa");
    }

    @Test
    void transaction_fromBodyEncodedAhead_isTheSameBytes() {
        byte[] body = RecordCodec.transactionBody(new ByteSink(8), example());
        byte[] assembled = RecordCodec.transaction(7, H6, AT.getEpochSecond(), 0, body);
        assertThat(HEX.formatHex(assembled)).isEqualTo(HEX.formatHex(exampleBytes()));
        // Every header field lands where the one-pass encoder puts it, including negative and large values.
        Transaction withPayload = Transaction.builder("t2", "x")
                .posting(AccountId.of("a"), AccountId.of("b"), 1)
                .payload(new byte[] {9, 8, 7})
                .build();
        byte[] direct = RecordCodec.transaction(
                new ByteSink(8), Long.MAX_VALUE - 3, H6, -62_000_000_000L, 999_999_999, withPayload);
        byte[] fromBody = RecordCodec.transaction(
                Long.MAX_VALUE - 3,
                H6,
                -62_000_000_000L,
                999_999_999,
                RecordCodec.transactionBody(new ByteSink(8), withPayload));
        assertThat(fromBody).isEqualTo(direct);
        assertThat(RecordCodec.HEADER_LENGTH)
                .isEqualTo(direct.length - RecordCodec.transactionBody(new ByteSink(8), withPayload).length);
    }

    @Test
    void decode_example_roundTripsAndHashesCanonicalBytes() throws Exception {
        byte[] bytes = exampleBytes();
        LedgerRecord r = RecordCodec.decode(7, bytes, new RecordCodec.Decoder());
        assertThat(r.kind()).isEqualTo(RecordKind.TRANSACTION);
        assertThat(r.sequence()).isEqualTo(7);
        assertThat(r.previousHash()).isEqualTo(H6);
        assertThat(r.timestamp()).isEqualTo(AT);
        assertThat(r.transaction()).contains(example());
        // The canonical bytes are the stored form without its (empty) sealed values and two-byte footer.
        assertThat(r.canonicalBytes()).isEqualTo(Arrays.copyOf(bytes, bytes.length - 2));
        assertThat(r.hash()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(r.canonicalBytes()));
        assertThat(r.hashHex()).isEqualTo("f6752ee4e4093dce1fbadccf3eab1c4c18b5e35ad5bc02a0b09183769bc95a79");
    }

    @Test
    void everyKind_roundTrips() {
        ByteSink sink = new ByteSink(16);
        RecordCodec.Decoder decoder = new RecordCodec.Decoder();
        Account account = Account.of(
                AccountId.of("w"), Currency.getInstance("CNY"), AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS);
        assertThat(RecordCodec.decode(1, RecordCodec.accountOpened(sink, 1, H6, 5, 6, account), decoder)
                        .account())
                .contains(account);
        Transaction hold = Transaction.builder("h", "hold")
                .posting(AccountId.of("a"), AccountId.of("b"), 3)
                .payload(new byte[] {1, 2})
                .build();
        LedgerRecord placed = RecordCodec.decode(
                2, RecordCodec.holdPlaced(sink, 2, H6, 5, 6, hold, Duration.ofSeconds(90, 5)), decoder);
        assertThat(placed.transaction()).contains(hold);
        assertThat(placed.holdTimeout()).contains(Duration.ofSeconds(90, 5));
        assertThat(placed.holdId()).contains("h");
        LedgerRecord posted = RecordCodec.decode(
                3, RecordCodec.holdResolved(sink, RecordKind.HOLD_POSTED, 3, H6, 5, 6, "h", 2), decoder);
        assertThat(posted.postedAmount()).hasValue(2);
        LedgerRecord voided = RecordCodec.decode(
                4, RecordCodec.holdResolved(sink, RecordKind.HOLD_VOIDED, 4, H6, 5, 6, "h", 0), decoder);
        assertThat(voided.holdId()).contains("h");
        assertThat(voided.postedAmount()).isEmpty();
        Rejection rejection = Rejection.of(new ConstraintViolationException(
                "h", AccountId.of("a"), AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS, 9));
        LedgerRecord rejected = RecordCodec.decode(
                5, RecordCodec.rejected(sink, 5, H6, 5, 6, hold, Duration.ofMinutes(1), rejection), decoder);
        assertThat(rejected.rejection().orElseThrow())
                .isInstanceOfSatisfying(
                        ConstraintViolationException.class,
                        e -> assertThat(e.getShortfall()).isEqualTo(9));
        Rejection mismatch = Rejection.of(new CurrencyMismatchException(
                AccountId.of("a"), Currency.getInstance("CNY"), AccountId.of("b"), Currency.getInstance("USD")));
        LedgerRecord rejected2 =
                RecordCodec.decode(6, RecordCodec.rejected(sink, 6, H6, 5, 6, example(), null, mismatch), decoder);
        assertThat(rejected2.rejection().orElseThrow()).isInstanceOf(CurrencyMismatchException.class);
        assertThat(rejected2.holdTimeout()).isEmpty();
    }

    @Test
    void decode_newerVersion_throwsUnsupportedVersion() {
        byte[] bytes = exampleBytes();
        bytes[0] = 3;
        assertThatThrownBy(() -> RecordCodec.decode(7, bytes, new RecordCodec.Decoder()))
                .isInstanceOfSatisfying(
                        UnsupportedRecordVersionException.class,
                        e -> assertThat(e.getVersion()).isEqualTo(3));
    }

    @Test
    void decode_versionZeroOrUnknownKind_isMalformed() {
        byte[] v0 = exampleBytes();
        v0[0] = 0;
        assertThatThrownBy(() -> RecordCodec.decode(7, v0, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class);
        byte[] k9 = exampleBytes();
        k9[1] = 9;
        assertThatThrownBy(() -> RecordCodec.decode(7, k9, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("kind byte was 9");
    }

    @Test
    void decode_trailingByte_isMalformed() {
        byte[] bytes = Arrays.copyOf(exampleBytes(), exampleBytes().length + 1);
        assertThatThrownBy(() -> RecordCodec.decode(7, bytes, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("follow the end");
    }

    @Test
    void decode_truncated_isMalformed() {
        byte[] bytes = exampleBytes();
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> RecordCodec.decode(7, cut, new RecordCodec.Decoder()))
                    .as("cut at %d", len)
                    .isInstanceOf(MalformedException.class);
        }
    }

    @Test
    void decode_unsortedMetadataKeys_isMalformed() {
        Transaction two = Transaction.builder("t1", "sale")
                .metadata("a", "1")
                .metadata("b", "2")
                .build();
        byte[] bytes = RecordCodec.transaction(new ByteSink(64), 7, H6, 0, 0, two);
        String hex = HEX.formatHex(bytes);
        // Swap the two entries "a"->"1" and "b"->"2" in place.
        String a = "000161" + "00" + "0001" + "31";
        String b = "000162" + "00" + "0001" + "32";
        byte[] swapped = HEX.parseHex(hex.replace(a + b, b + a));
        assertThatThrownBy(() -> RecordCodec.decode(7, swapped, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("ascending");
    }

    @Test
    void decode_zeroAmountOrSameAccount_isMalformed() {
        byte[] bytes = exampleBytes();
        String hex = HEX.formatHex(bytes);
        byte[] zero = HEX.parseHex(hex.replace("00000000000001f4", "0000000000000000"));
        assertThatThrownBy(() -> RecordCodec.decode(7, zero, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class);
        byte[] same = HEX.parseHex(hex.replace("000161000162", "000161000161"));
        assertThatThrownBy(() -> RecordCodec.decode(7, same, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class);
    }

    @Test
    void decode_badTimestampNanosOrUtf8_isMalformed() {
        byte[] bytes = exampleBytes();
        byte[] nanos = bytes.clone();
        nanos[50] = 0x7F;
        assertThatThrownBy(() -> RecordCodec.decode(7, nanos, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("nanoseconds");
        String hex = HEX.formatHex(bytes);
        byte[] badUtf8 = HEX.parseHex(hex.replace("00036f2d31", "0003ff2d31"));
        assertThatThrownBy(() -> RecordCodec.decode(7, badUtf8, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("UTF-8");
    }

    private static final String PHONE = "+86 138 0013 8000";

    private static Transaction sensitiveSale() {
        return Transaction.builder("t1", "sale")
                .posting(AccountId.of("a"), AccountId.of("b"), 500)
                .metadata("orderId", "o-1")
                .sensitiveMetadata("phone", PHONE)
                .build();
    }

    private static byte[] sensitiveBytes() {
        return RecordCodec.transaction(new ByteSink(64), 7, H6, 0, 0, sensitiveSale());
    }

    @Test
    void sensitiveEntry_canonicalBytesHoldSaltedHashOnly_storedFormHoldsSaltAndValue() {
        byte[] stored = sensitiveBytes();
        LedgerRecord r = RecordCodec.decode(7, stored, new RecordCodec.Decoder());
        assertThat(r.transaction()).contains(sensitiveSale());
        byte[] canonical = r.canonicalBytes();
        String canonicalHex = HEX.formatHex(canonical);
        byte[] hash = r.sensitiveMetadataHash("phone").orElseThrow();
        // key "phone", flag 1, then the 32-byte hash; no value.
        assertThat(canonicalHex).contains("000570686f6e65" + "01" + HEX.formatHex(hash));
        assertThat(canonicalHex).doesNotContain(HEX.formatHex(PHONE.getBytes(StandardCharsets.UTF_8)));
        // Stored form: canonical, then state 1, slot length, salt, value, padding, then the footer.
        int slot = RecordCodec.slotLength(PHONE.length());
        assertThat(slot).isEqualTo(64);
        assertThat(stored).hasSize(canonical.length + 3 + slot + 2);
        assertThat(stored[canonical.length]).isEqualTo((byte) 1);
        byte[] salt = Arrays.copyOfRange(stored, canonical.length + 3, canonical.length + 3 + 32);
        assertThat(RecordCodec.commitment(salt, "phone", PHONE.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hash);
        assertThat(r.hash()).isEqualTo(Ledger.newSha256().digest(canonical));
    }

    @Test
    void commitment_matchesTheDocumentedConstruction() throws Exception {
        byte[] salt = new byte[32];
        Arrays.fill(salt, (byte) 0x11);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("cardkey-ledger sensitive metadata v1\0".getBytes(StandardCharsets.US_ASCII));
        sha.update(salt);
        sha.update(HEX.parseHex("0005" + HEX.formatHex("phone".getBytes(StandardCharsets.US_ASCII))));
        sha.update(HEX.parseHex("0003616263"));
        assertThat(RecordCodec.commitment(salt, "phone", "abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(sha.digest());
    }

    @Test
    void sensitiveEntry_freshSaltEachTime() {
        assertThat(RecordCodec.decode(7, sensitiveBytes(), new RecordCodec.Decoder())
                        .sensitiveMetadataHash("phone"))
                .isNotEqualTo(RecordCodec.decode(7, sensitiveBytes(), new RecordCodec.Decoder())
                        .sensitiveMetadataHash("phone"));
    }

    @Test
    void erase_zeroesSlotKeepsLengthAndHash() {
        byte[] stored = sensitiveBytes();
        LedgerRecord r = RecordCodec.decode(7, stored, new RecordCodec.Decoder());
        byte[] erased = RecordCodec.erase(r, "phone");
        assertThat(erased).hasSize(stored.length);
        LedgerRecord e = RecordCodec.decode(7, erased, new RecordCodec.Decoder());
        assertThat(e.hash()).isEqualTo(r.hash());
        assertThat(e.canonicalBytes()).isEqualTo(r.canonicalBytes());
        assertThat(e.transaction().orElseThrow().redactedMetadataKeys()).containsExactly("phone");
        assertThat(e.transaction().orElseThrow().metadata()).containsOnlyKeys("orderId");
        assertThat(Arrays.copyOfRange(erased, r.canonicalLength(), erased.length - 2))
                .containsOnly(0, 0x40);
        assertThat(RecordCodec.erase(e, "phone")).isEqualTo(erased);
        assertThatThrownBy(() -> RecordCodec.erase(r, "orderId")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_sealedValueNotMatchingItsHash_isMalformedWithoutTheValue() {
        byte[] stored = sensitiveBytes();
        stored[stored.length - 2 - 64 + 32 + 2] ^= 1;
        assertThatThrownBy(() -> RecordCodec.decode(7, stored, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("does not match its hash")
                .hasMessageNotContaining("138");
        byte[] salt = sensitiveBytes();
        salt[salt.length - 2 - 64] ^= 1;
        assertThatThrownBy(() -> RecordCodec.decode(7, salt, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("does not match its hash");
    }

    @Test
    void decode_badSealedSection_isMalformed() {
        byte[] stored = sensitiveBytes();
        LedgerRecord r = RecordCodec.decode(7, stored, new RecordCodec.Decoder());
        int at = r.canonicalLength();
        byte[] state = stored.clone();
        state[at] = 2;
        assertThatThrownBy(() -> RecordCodec.decode(7, state, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("sealed state");
        byte[] erasedButNotZero = RecordCodec.erase(r, "phone");
        erasedButNotZero[at + 10] = 7;
        assertThatThrownBy(() -> RecordCodec.decode(7, erasedButNotZero, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("not all zeros");
        byte[] padding = stored.clone();
        padding[padding.length - 3] = 1;
        assertThatThrownBy(() -> RecordCodec.decode(7, padding, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("padding");
        byte[] footer = stored.clone();
        footer[footer.length - 2] = 0x7F;
        assertThatThrownBy(() -> RecordCodec.decode(7, footer, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class);
        byte[] noSealed = Arrays.copyOf(r.canonicalBytes(), r.canonicalLength() + 2);
        assertThatThrownBy(() -> RecordCodec.decode(7, noSealed, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class);
    }

    @Test
    void decode_verificationDecoder_checksSealedValuesToo() {
        byte[] stored = sensitiveBytes();
        stored[stored.length - 2 - 64 + 32 + 2] ^= 1;
        assertThatThrownBy(() -> RecordCodec.decode(7, stored, RecordCodec.Decoder.forVerification()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("does not match its hash");
        LedgerRecord r = RecordCodec.decode(7, sensitiveBytes(), RecordCodec.Decoder.forVerification());
        assertThat(r.sensitiveMetadataHash("phone")).isPresent();
        assertThat(r.transaction().orElseThrow().sensitiveMetadataKeys()).containsExactly("phone");
    }

    @Test
    void redactedRecord_roundTrips_andVersion1CannotHoldIt() {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0x5C);
        Redaction d = new Redaction("t1", 3, "phone", "dpo@shop", "erasure request 17 \u5220\u9664");
        byte[] bytes = RecordCodec.redacted(new ByteSink(64), 9, H6, 5, 6, d, hash);
        LedgerRecord r = RecordCodec.decode(9, bytes, new RecordCodec.Decoder());
        assertThat(r.kind()).isEqualTo(RecordKind.REDACTED);
        assertThat(r.redaction()).contains(d);
        assertThat(r.redactedHashOrNull()).isEqualTo(hash);
        assertThat(r.transaction()).isEmpty();
        byte[] v1 = Arrays.copyOf(bytes, bytes.length - 2);
        v1[0] = 1;
        assertThatThrownBy(() -> RecordCodec.decode(9, v1, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("kind byte was 8");
        byte[] later = RecordCodec.redacted(new ByteSink(64), 3, H6, 5, 6, d, hash);
        assertThatThrownBy(() -> RecordCodec.decode(3, later, new RecordCodec.Decoder()))
                .isInstanceOf(MalformedException.class)
                .hasMessageContaining("is not before");
    }

    @Test
    void transactionWithRedactedEntries_cannotBeEncodedAgain() {
        LedgerRecord r = RecordCodec.decode(7, sensitiveBytes(), new RecordCodec.Decoder());
        Transaction erased = RecordCodec.decode(7, RecordCodec.erase(r, "phone"), new RecordCodec.Decoder())
                .transaction()
                .orElseThrow();
        assertThatThrownBy(() -> RecordCodec.transaction(new ByteSink(64), 8, H6, 0, 0, erased))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redacted metadata [phone]");
    }
}
