package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cardkey.crypto.logcapture.CapturingLogProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Drives every failure path of parsing, sealing, opening, indexing and keyset handling with recognisable plaintexts,
 * keys and passphrases, and proves that none of them shows up in an exception's message, {@code toString}, cause chain, or in
 * anything the library logged (captured by {@link CapturingLogProvider} with every level enabled).
 */
class NoSecretLeakTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final String CODE_TEXT = "CANARYCODE-7K2Q-9XWZ";
    private static final String PASSPHRASE_TEXT = "canary passphrase 42";
    private static final String PASSWORD_TEXT = "QZXWKV7788";
    private static final RecordBinding BINDING = RecordBinding.of("tenant", "product", "record-1");
    private static final PassphraseParameters FAST = PassphraseParameters.of(64, 1, 1);

    @Test
    void noFailurePath_revealsPlaintextOrKeys() {
        List<String> forbidden = new ArrayList<>();
        addForms(forbidden, CODE_TEXT.getBytes(StandardCharsets.UTF_8));
        addForms(forbidden, PASSPHRASE_TEXT.getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        int logLinesBefore = CapturingLogProvider.lines().size();

        for (Suite suite : Suite.values()) {
            Keyset first = Keyset.generate(suite);
            Keyset keyset = first.rotate();
            for (Keyset k : List.of(first, keyset)) {
                for (Keyset.Key key : k.keys()) {
                    addForms(forbidden, key.root);
                    addForms(forbidden, key.encryptionKey);
                    addForms(forbidden, key.indexKey);
                }
            }
            Sealer sealer = Sealer.of(keyset);
            Secret code = Secret.ofUtf8(CODE_TEXT);
            SealedSecret sealed = sealer.seal(code, BINDING);
            SealedSecret old = Sealer.of(first).seal(code, BINDING);
            byte[] bytes = sealed.toBytes();

            byte[] tampered = bytes.clone();
            tampered[20] ^= 1;
            byte[] badVersion = bytes.clone();
            badVersion[0] = 9;
            byte[] badSuite = bytes.clone();
            badSuite[1] = 77;
            byte[] unknownKey = bytes.clone();
            unknownKey[2] ^= 1;
            Sealer retired = Sealer.of(keyset.retire(first.primaryKeyId()));
            Sealer otherSuite = Sealer.of(Keyset.generate(suite == Suite.SM4_GCM ? Suite.AES_256_GCM : Suite.SM4_GCM));
            BlindIndexer retiredIndexer = BlindIndexer.of(keyset.retire(first.primaryKeyId()));

            List<Executable> failures = List.of(
                    () -> sealer.open(sealed, RecordBinding.of("tenant", "product", "record-2")),
                    () -> sealer.open(SealedSecret.fromBytes(tampered), BINDING),
                    () -> sealer.rewrap(SealedSecret.fromBytes(tampered), BINDING),
                    () -> SealedSecret.fromBytes(java.util.Arrays.copyOf(bytes, 20)),
                    () -> SealedSecret.fromBytes(badVersion),
                    () -> SealedSecret.fromBytes(badSuite),
                    () -> sealer.open(SealedSecret.fromBytes(unknownKey), BINDING),
                    () -> retired.open(old, BINDING),
                    () -> otherSuite.open(sealed, BINDING),
                    () -> retiredIndexer.index(code, first.primaryKeyId()),
                    () -> retiredIndexer.index(code, 0));
            for (Executable failure : failures) {
                seen.add(describe(failure));
            }
            seen.add(code.toString()
                    + sealed
                    + sealer
                    + keyset
                    + BlindIndexer.of(keyset)
                    + BlindIndexer.of(keyset).index(code));
        }

        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        for (Keyset.Key key : keyset.keys()) {
            addForms(forbidden, key.root);
        }
        Secret passphrase = Secret.ofUtf8(PASSPHRASE_TEXT);
        byte[] byPassphrase = keyset.wrapWithPassphrase(passphrase, FAST);
        LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.generate();
        addForms(forbidden, kek.exportUnencrypted(ACCESS).bytes(ACCESS));
        byte[] byKek = keyset.wrap(kek);
        byte[] edited = byKek.clone();
        edited[15] ^= 1;
        byte[] editedAndResummed = edited.clone();
        fixChecksum(editedAndResummed);
        byte[] newVersion = byKek.clone();
        newVersion[4] = 2;
        List<Executable> keysetFailures = List.of(
                () -> Keyset.unwrapWithPassphrase(byPassphrase, Secret.ofUtf8(PASSPHRASE_TEXT + "!")),
                () -> Keyset.unwrapWithPassphrase(byKek, passphrase),
                () -> Keyset.unwrap(edited, kek),
                () -> Keyset.unwrap(editedAndResummed, kek),
                () -> Keyset.unwrap(byKek, LocalKeyEncryptionKey.generate()),
                () -> Keyset.unwrap(newVersion, kek),
                () -> keyset.retire(keyset.primaryKeyId()),
                () -> keyset.retire(keyset.primaryKeyId() + 1));
        for (Executable failure : keysetFailures) {
            seen.add(describe(failure));
        }
        seen.add(kek.toString() + FAST + passphrase);

        List<String> logged = CapturingLogProvider.lines()
                .subList(logLinesBefore, CapturingLogProvider.lines().size());
        assertThat(logged)
                .as("the failure paths log (at debug), so the check below reads real output")
                .anySatisfy(line -> assertThat(line).contains("failed authentication"))
                .anySatisfy(line -> assertThat(line).contains("passphrase check failed"));
        assertThat(seen).hasSize(Suite.values().length * 12 + keysetFailures.size() + 1);
        for (String text : concat(seen, logged)) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String secret : forbidden) {
                assertThat(lower).doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * The parsing failures: a wrong check character, a typo, a swap, wrong lengths, a stray character, a wrong prefix,
     * and pair lines that break. Neither the exception chains nor the log may hold the code, its display form, or any
     * six characters of it in a row (every window holds a letter that hex never does, so no key can match by chance).
     */
    @Test
    void noParsingFailure_revealsTheCode() {
        String code = Codes.withCheck("7K2QM8ZD4T1V9XHC");
        char wrongCheck = code.charAt(16) == '0' ? '1' : '0';
        String display = "7K2Q-M8ZD-4T1V-9XHC-" + code.charAt(16);
        List<String> forbidden = new ArrayList<>(List.of(code, display, PASSWORD_TEXT));
        for (int i = 0; i + 6 <= code.length(); i++) {
            forbidden.add(code.substring(i, i + 6));
        }
        CodeFormat standard = CodeFormat.standard();
        CodeFormat prefixed = CodeFormat.builder().prefix("VIP").build();
        PairFormat pairs = PairFormat.of(standard, CodeFormat.supplierText(4, 12));
        int logLinesBefore = CapturingLogProvider.lines().size();

        List<Executable> failures = List.of(
                () -> standard.parse(code.substring(0, 16) + wrongCheck),
                () -> standard.parse(code.substring(0, 3) + (code.charAt(3) == 'A' ? 'B' : 'A') + code.substring(4)),
                () -> standard.parse(code.substring(0, 5) + code.charAt(6) + code.charAt(5) + code.substring(7)),
                () -> standard.parse(display + "Z"),
                () -> standard.parse(code.substring(1)),
                () -> standard.parse(code.substring(0, 8) + "!" + code.substring(8)),
                () -> prefixed.parse("VIQ-" + display),
                () -> pairs.parseLine(code.substring(0, 16) + wrongCheck + "," + PASSWORD_TEXT),
                () -> pairs.parseLine(display + "," + PASSWORD_TEXT + PASSWORD_TEXT),
                () -> pairs.parseLine(display + "," + PASSWORD_TEXT + "\u0007"),
                () -> pairs.parseLine(display + " " + PASSWORD_TEXT + " " + code));
        List<String> seen = new ArrayList<>();
        for (Executable failure : failures) {
            assertThat(catchThrowable(failure::execute)).isInstanceOf(InvalidCodeException.class);
            seen.add(describe(failure));
        }

        List<String> logged = CapturingLogProvider.lines()
                .subList(logLinesBefore, CapturingLogProvider.lines().size());
        for (String text : concat(seen, logged)) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String secret : forbidden) {
                assertThat(lower).doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Runs {@code failure}, which must throw, and returns everything its exception chain would print. */
    private static String describe(Executable failure) {
        Throwable thrown = catchThrowable(failure::execute);
        assertThat(thrown).isNotNull();
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append(' ').append(t.getMessage()).append(' ').append(t.getLocalizedMessage());
        }
        return text.toString();
    }

    private static void addForms(List<String> forbidden, byte[] secret) {
        forbidden.add(HexFormat.of().formatHex(secret));
        forbidden.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
        String text = new String(secret, StandardCharsets.ISO_8859_1);
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            forbidden.add(text);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void fixChecksum(byte[] wrapped) {
        try {
            KeysetTest.fixChecksum(wrapped);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
