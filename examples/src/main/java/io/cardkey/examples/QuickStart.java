package io.cardkey.examples;

import io.cardkey.crypto.BlindIndex;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CheckCharacterMismatchException;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import io.cardkey.crypto.Suite;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quick start: what a card shop does with its codes, on the embedded default, in one run.
 *
 * <p>It generates a batch of codes, keeps each one only as a sealed secret bound to its record and findable through a
 * blind index, then plays a customer who types a code sloppily (lower case, no hyphens): the typed code is parsed,
 * its check character verified before any lookup, found through the index and opened. A mistyped code is refused
 * without a lookup, and a key rotation keeps old seals readable while rewrap moves them to the new key.
 *
 * <p>Run it with {@code mvn -q -pl examples -am -DskipTests -Pquickstart package}. Its output is the same on every run
 * apart from the random codes, which are only ever printed masked.
 */
public final class QuickStart {
    private static final String TENANT = "demo-shop";
    private static final String SKU = "GAME-100";

    private QuickStart() {}

    /**
     * Runs the quick start and prints what happens.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
        Sealer sealer = Sealer.of(keyset);
        BlindIndexer indexer = BlindIndexer.of(keyset);
        CodeGenerator generator = CodeGenerator.create(CodeFormat.standard(), 1_000_000);

        out.println("== Stock: generate 5 codes, store each one sealed and blind-indexed");
        List<SealedSecret> vault = new ArrayList<>();
        Map<BlindIndex, Integer> byIndex = new HashMap<>();
        List<CardCode> batch = generator.generateBatch(5);
        for (int record = 0; record < batch.size(); record++) {
            CardCode code = batch.get(record);
            vault.add(sealer.seal(code.normalised(), binding(record)));
            byIndex.put(indexer.index(code.normalised()), record);
            out.printf(
                    Locale.ROOT,
                    "record %d  %s  sealed in %d bytes%n",
                    record,
                    code.masked(),
                    vault.get(record).length());
        }

        out.println();
        out.println("== Redeem: the customer types code 3 in lower case without hyphens");
        String typed =
                batch.get(3).display(PlaintextAccess.grant()).replace("-", "").toLowerCase(Locale.ROOT);
        CardCode parsed = CodeFormat.standard().parse(typed);
        Integer found = indexer.indexForLookup(parsed.normalised()).stream()
                .map(byIndex::get)
                .filter(r -> r != null)
                .findFirst()
                .orElseThrow();
        Secret opened = sealer.open(vault.get(found), binding(found));
        out.printf(
                Locale.ROOT,
                "found record %d through the blind index; it opens to the typed code: %b%n",
                found,
                opened.equalsSecret(parsed.normalised()));
        opened.destroy();

        out.println();
        out.println("== A typo is refused by the check character, before any lookup");
        String mistyped = swapFirstTwoDistinct(typed);
        try {
            CodeFormat.standard().parse(mistyped);
            out.println("accepted (this must never happen)");
        } catch (CheckCharacterMismatchException e) {
            out.println("refused: " + e.getClass().getSimpleName());
        }

        out.println();
        out.println("== Rotate the keyset: old seals still open, rewrap moves them to the new primary key");
        Keyset rotated = keyset.rotate();
        Sealer rotatedSealer = Sealer.of(rotated);
        SealedSecret old = vault.get(0);
        SealedSecret rewrapped = rotatedSealer.rewrap(old, binding(0));
        out.printf(
                Locale.ROOT,
                "sealed under the old key: %b; after rewrap under the primary: %b%n",
                old.keyId() != rotated.primaryKeyId(),
                rewrapped.keyId() == rotated.primaryKeyId());
        Secret before = rotatedSealer.open(old, binding(0));
        Secret after = rotatedSealer.open(rewrapped, binding(0));
        out.printf(Locale.ROOT, "both open to the same code: %b%n", before.equalsSecret(after));
        before.destroy();
        after.destroy();
    }

    private static RecordBinding binding(int record) {
        return RecordBinding.of(TENANT, SKU, "code-" + record);
    }

    /** Swaps the first two adjacent characters that differ: the commonest typing mistake. */
    private static String swapFirstTwoDistinct(String code) {
        char[] chars = code.toCharArray();
        for (int i = 0; i + 1 < chars.length; i++) {
            if (chars[i] != chars[i + 1]) {
                char first = chars[i];
                chars[i] = chars[i + 1];
                chars[i + 1] = first;
                return new String(chars);
            }
        }
        throw new IllegalStateException("every character of the code is the same");
    }
}
