package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class SealerPropertiesTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final Map<Suite, Sealer> SEALERS = new EnumMap<>(Suite.class);

    static {
        for (Suite suite : Suite.values()) {
            SEALERS.put(suite, Sealer.of(Keyset.generate(suite).rotate()));
        }
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(20).excludeChars('\uFFFE', '\uFFFF');
    }

    @Property(tries = 300)
    void everySealedSecretOpensToItself_andNotUnderAnotherBinding(
            @ForAll Suite suite,
            @ForAll @Size(max = 80) byte[] plaintext,
            @ForAll("binding") RecordBinding binding,
            @ForAll("binding") RecordBinding other) {
        Sealer sealer = SEALERS.get(suite);
        Secret secret = Secret.copyOf(plaintext);
        SealedSecret sealed = sealer.seal(secret, binding);
        assertThat(sealed.length()).isEqualTo(plaintext.length + SealedSecret.OVERHEAD);
        assertThat(sealer.open(SealedSecret.fromBytes(sealed.toBytes()), binding)
                        .bytes(ACCESS))
                .isEqualTo(plaintext);
        if (!other.equals(binding)) {
            assertThatThrownBy(() -> sealer.open(sealed, other)).isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Property(tries = 500)
    void anySingleBitFlipInSealedBytes_isRejected(
            @ForAll Suite suite,
            @ForAll @Size(max = 64) byte[] plaintext,
            @ForAll("binding") RecordBinding binding,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) {
        Sealer sealer = SEALERS.get(suite);
        byte[] bytes = sealer.seal(Secret.copyOf(plaintext), binding).toBytes();
        int bit = position % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        // Version, suite and key-id flips are caught by parsing or key lookup; every other one by the tag.
        assertThatThrownBy(() -> sealer.open(SealedSecret.fromBytes(bytes), binding))
                .isInstanceOfAny(
                        MalformedSealedSecretException.class,
                        UnsupportedSuiteException.class,
                        SuiteMismatchException.class,
                        UnknownKeyException.class,
                        AuthenticationFailedException.class);
        if (bit / 8 >= SealedSecret.HEADER_LENGTH) {
            assertThatThrownBy(() -> sealer.open(SealedSecret.fromBytes(bytes), binding))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Property(tries = 500)
    void anySingleBitFlipInBinding_isRejected(
            @ForAll Suite suite,
            @ForAll @Size(max = 64) byte[] plaintext,
            @ForAll @StringLength(min = 1, max = 12) String tenant,
            @ForAll @StringLength(min = 1, max = 12) String product,
            @ForAll @StringLength(min = 1, max = 12) String recordId,
            @ForAll @IntRange(min = 0, max = 2) int field,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) {
        String[] fields = {tenant, product, recordId};
        Assume.that(validUnicode(tenant) && validUnicode(product) && validUnicode(recordId));
        RecordBinding binding = RecordBinding.of(tenant, product, recordId);
        char[] chars = fields[field].toCharArray();
        int bit = position % (chars.length * 16);
        chars[bit / 16] ^= (char) (1 << (bit % 16));
        fields[field] = new String(chars);
        Assume.that(validUnicode(fields[field]));
        RecordBinding flipped = RecordBinding.of(fields[0], fields[1], fields[2]);

        Sealer sealer = SEALERS.get(suite);
        SealedSecret sealed = sealer.seal(Secret.copyOf(plaintext), binding);
        assertThatThrownBy(() -> sealer.open(sealed, flipped)).isInstanceOf(AuthenticationFailedException.class);
    }

    /**
     * Flips any bit of the associated data as it is authenticated: the encoded binding (lengths included). Flips in the
     * header are covered above. A flipped encoding that no binding produces (a broken length or UTF-8 sequence) cannot
     * be presented through the API and is discarded; every other one must fail to open.
     */
    @Property(tries = 500, maxDiscardRatio = 10)
    void anySingleBitFlipInEncodedAssociatedData_isRejected(
            @ForAll Suite suite,
            @ForAll @Size(max = 64) byte[] plaintext,
            @ForAll("binding") RecordBinding binding,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) {
        byte[] encoded = binding.toAssociatedData();
        int bit = position % (encoded.length * 8);
        encoded[bit / 8] ^= (byte) (1 << (bit % 8));
        RecordBinding flipped = decode(encoded);
        Assume.that(flipped != null);
        assertThat(flipped.toAssociatedData()).isEqualTo(encoded);

        Sealer sealer = SEALERS.get(suite);
        SealedSecret sealed = sealer.seal(Secret.copyOf(plaintext), binding);
        assertThatThrownBy(() -> sealer.open(sealed, flipped)).isInstanceOf(AuthenticationFailedException.class);
    }

    /** The binding whose encoding is {@code encoded}, or null if no binding encodes to it. */
    private static RecordBinding decode(byte[] encoded) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(encoded);
        String[] fields = new String[3];
        try {
            for (int i = 0; i < 3; i++) {
                byte[] utf8 = new byte[in.getShort() & 0xFFFF];
                in.get(utf8);
                fields[i] = java.nio.charset.StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(utf8))
                        .toString();
                if (fields[i].isEmpty()) {
                    return null;
                }
            }
        } catch (java.nio.BufferUnderflowException | java.nio.charset.CharacterCodingException e) {
            return null;
        }
        return in.hasRemaining() ? null : RecordBinding.of(fields[0], fields[1], fields[2]);
    }

    @Provide
    Arbitrary<RecordBinding> binding() {
        return net.jqwik.api.Combinators.combine(field(), field(), field())
                .as((a, b, c) -> validUnicode(a) && validUnicode(b) && validUnicode(c)
                        ? RecordBinding.of(a, b, c)
                        : RecordBinding.of("tenant", "product", "id"));
    }

    private static boolean validUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
