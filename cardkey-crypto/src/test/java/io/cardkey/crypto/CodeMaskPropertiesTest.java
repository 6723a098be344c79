package io.cardkey.crypto;

import static io.cardkey.crypto.Codes.ACCESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CodeMaskPropertiesTest {
    @Provide
    Arbitrary<CardCode> codes() {
        Arbitrary<CodeFormat> formats = Arbitraries.of(
                CodeFormat.standard(),
                CodeFormat.builder()
                        .prefix("VIP")
                        .pattern("XXX XXX XXX XXX XXXX")
                        .build(),
                CodeFormat.builder()
                        .alphabet("0123456789")
                        .pattern("XXXXXXX-XXXXXXX")
                        .checkCharacter(false)
                        .build(),
                CodeFormat.builder().pattern("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX").build());
        Arbitrary<CardCode> generated = formats.flatMap(format ->
                Arbitraries.longs().map(seed -> new CodeGenerator(format, 1, seeded(seed)).generate()));
        Arbitrary<CardCode> text = Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(s -> !s.isBlank())
                .map(s -> CodeFormat.supplierText().parse(s));
        return Arbitraries.oneOf(generated, text);
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property
    void mask_keepsLayout_showsOnlyTheLastFewAndAtMostAQuarter(
            @ForAll("codes") CardCode code, @ForAll @IntRange(min = 0, max = 4) int visible) {
        String display = code.display(ACCESS);
        String masked = CodeMask.showingLast(visible).mask(code);
        assertThat(masked).hasSameSizeAs(display);
        String prefix = code.format().prefix().map(p -> p + "-").orElse("");
        int symbols = 0;
        int shown = 0;
        int lastMasked = -1;
        for (int i = prefix.length(); i < display.length(); i++) {
            char d = display.charAt(i);
            char m = masked.charAt(i);
            if (d == ' ' || d == '-') {
                assertThat(m).isEqualTo(d);
                continue;
            }
            symbols++;
            if (m == '*' && d != '*') {
                lastMasked = i;
            } else {
                assertThat(m).isEqualTo(d);
                assertThat(i).isGreaterThan(lastMasked);
                shown += d == '*' ? 0 : 1;
            }
        }
        assertThat(masked).startsWith(prefix);
        assertThat(shown).isLessThanOrEqualTo(visible).isLessThanOrEqualTo(symbols / 4);
        if (code.format().hasCheckCharacter()) {
            assertThat(masked).endsWith("*");
        }
    }
}
