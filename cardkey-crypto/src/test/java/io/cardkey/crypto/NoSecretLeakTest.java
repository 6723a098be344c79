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
 * Drives every failure path of sealing, opening, indexing and keyset handling with recognisable plaintexts, keys and
 * passphrases, and proves that none of them shows up in an exception's message, {@code toString}, cause chain, or in
 * anything the library logged (captured by {@link CapturingLogProvider} with every level enabled).
 */
class NoSecretLeakTest {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final String CODE_TEXT = "CANARYCODE-7K2Q-9XWZ";
    private static final String PASSPHRASE_TEXT = "canary passphrase 42";
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
