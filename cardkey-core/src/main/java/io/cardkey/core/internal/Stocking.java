package io.cardkey.core.internal;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.ImportFormat;
import io.cardkey.core.ImportReport;
import io.cardkey.core.ImportReport.MalformedLine;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.RevealedCode;
import io.cardkey.crypto.BlindIndex;
import io.cardkey.crypto.BlindIndexer;
import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CardPair;
import io.cardkey.crypto.CodeGenerator;
import io.cardkey.crypto.InvalidCodeException;
import io.cardkey.crypto.MalformedCodeException;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns plaintext codes into stock: each code sealed to its record (tenant, product, record id), blind-indexed, masked,
 * and checked against the codes of the same file and of the store before anything is added.
 *
 * <p>Design: a supplier file is streamed line by line and handled in chunks, so only sealed rows (never plaintext)
 * accumulate; each chunk's blind indexes are checked against the store in one query. All new rows of a file are added
 * in one atomic {@link Inventory#stock} call, which is what makes a file all-or-nothing.
 *
 * <p>Thread-safe.
 */
public final class Stocking {
    private static final int CHUNK = 4096;
    private static final byte PAIR_SEPARATOR = 0;
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    private final Inventory inventory;
    private final Sealer sealer;
    private final BlindIndexer indexer;
    private final String tenant;
    private final BiConsumer<Batch, List<StockedCardKey>> stocked;

    /**
     * Creates the stocking step.
     *
     * @param inventory where stock goes
     * @param sealer seals codes
     * @param indexer indexes codes
     * @param tenant the tenant every record is bound to
     * @param stocked hears every batch of rows added, before back-orders are filled from them
     */
    public Stocking(
            Inventory inventory,
            Sealer sealer,
            BlindIndexer indexer,
            String tenant,
            BiConsumer<Batch, List<StockedCardKey>> stocked) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.indexer = Objects.requireNonNull(indexer, "indexer");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.stocked = Objects.requireNonNull(stocked, "stocked");
    }

    /**
     * Returns the binding (associated data) of a record.
     *
     * @param key the record
     * @return its binding
     */
    public RecordBinding binding(CardKey key) {
        return RecordBinding.of(tenant, key.sku().code(), Long.toString(key.id()));
    }

    /**
     * Returns the stored form of a blind index: its key id (4 bytes, big-endian) and its value.
     *
     * @param index the index
     * @return 20 bytes
     */
    public static byte[] stored(BlindIndex index) {
        return ByteBuffer.allocate(4 + BlindIndex.LENGTH)
                .putInt(index.keyId())
                .put(index.toBytes())
                .array();
    }

    /**
     * Generates {@code count} codes into {@code batch}, all or none.
     *
     * @param batch the batch, already recorded
     * @param generator draws the codes
     * @param count how many, 1 to {@link CodeGenerator#MAX_BATCH}
     * @param plaintext receives each new code once, in id order, after all of them are stocked; {@code null} to keep
     *     no plaintext. Each code is destroyed once the consumer returns (or throws).
     * @return the new codes
     */
    public List<CardKey> generate(
            Batch batch, CodeGenerator generator, int count, Consumer<? super RevealedCode> plaintext) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(generator, "generator");
        if (count < 1 || count > CodeGenerator.MAX_BATCH) {
            throw new IllegalArgumentException(
                    "count was " + count + "; must be between 1 and " + CodeGenerator.MAX_BATCH);
        }
        List<StockedCardKey> rows = new ArrayList<>(count);
        List<CardCode> kept = plaintext == null ? List.of() : new ArrayList<>(count);
        Set<ByteBuffer> seen = new HashSet<>();
        List<CardKey> keys;
        try {
            while (rows.size() < count) {
                int n = Math.min(CHUNK, count - rows.size());
                List<CardCode> codes = generator.generateBatch(n);
                List<byte[]> indexes = new ArrayList<>(n);
                for (CardCode code : codes) {
                    indexes.add(stored(indexer.index(code.normalised())));
                }
                Set<Integer> inStock = inventory.store().presentBlindIndexes(indexes);
                long id = inventory.store().reserveIds(n);
                for (int i = 0; i < n; i++) {
                    CardCode code = codes.get(i);
                    // A collision with stock or an earlier chunk has probability ~2^-40 per code; such a code is
                    // dropped and the loop draws again.
                    if (!inStock.contains(i) && seen.add(ByteBuffer.wrap(indexes.get(i)))) {
                        rows.add(row(batch, id + i, code.masked(), indexes.get(i), code.normalised()));
                        if (plaintext != null) {
                            kept.add(code);
                            continue;
                        }
                    }
                    code.destroy();
                }
            }
            keys = add(batch, rows);
            for (int i = 0; i < kept.size(); i++) {
                CardKey key = keys.get(i);
                CardCode code = kept.get(i);
                byte[] bytes = code.normalised().bytes(ACCESS);
                RevealedCode revealed;
                try {
                    revealed = new RevealedCode(key.id(), key.maskedCode(), Secret.copyOf(bytes), Optional.empty());
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                    code.destroy();
                }
                try {
                    plaintext.accept(revealed);
                } finally {
                    revealed.destroy();
                }
            }
        } finally {
            kept.forEach(CardCode::destroy);
        }
        return keys;
    }

    /**
     * Imports a supplier file into {@code batch}, streamed.
     *
     * @param batch the batch, already recorded
     * @param reader the file's text; read to the end, not closed
     * @param format how to read it
     * @param allOrNothing whether one malformed line refuses the whole file
     * @return the report
     * @throws UncheckedIOException if reading fails (nothing was added)
     */
    public ImportReport importFile(Batch batch, Reader reader, ImportFormat format, boolean allOrNothing) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(format, "format");
        Tally tally = new Tally();
        List<StockedCardKey> rows = new ArrayList<>();
        List<Parsed> chunk = new ArrayList<>(CHUNK);
        Set<ByteBuffer> seen = new HashSet<>();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                tally.lines++;
                if (tally.lines == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if ((tally.lines == 1 && format.hasHeader()) || line.isBlank()) {
                    continue;
                }
                Parsed parsed = parse(format, line, tally);
                if (parsed == null) {
                    continue;
                }
                if (!seen.add(ByteBuffer.wrap(parsed.index))) {
                    tally.duplicatesInFile++;
                    list(tally.duplicateInFileLines, tally.lines);
                    parsed.destroy();
                    continue;
                }
                chunk.add(parsed);
                if (chunk.size() == CHUNK) {
                    seal(batch, chunk, rows, tally);
                }
            }
            seal(batch, chunk, rows, tally);
        } catch (IOException e) {
            chunk.forEach(Parsed::destroy);
            throw new UncheckedIOException("reading the import file failed after line " + tally.lines, e);
        }
        boolean commit = !rows.isEmpty() && !(allOrNothing && tally.malformed > 0);
        if (commit) {
            add(batch, rows);
        }
        return new ImportReport(
                batch.batchId(),
                tally.lines,
                commit ? rows.size() : 0,
                tally.duplicatesInFile,
                tally.duplicateInFileLines,
                tally.duplicatesInStock,
                tally.duplicateInStockLines,
                tally.malformed,
                tally.malformedLines,
                commit || (rows.isEmpty() && tally.malformed == 0));
    }

    private List<CardKey> add(Batch batch, List<StockedCardKey> rows) {
        inventory.store().addCardKeys(rows);
        List<CardKey> keys = rows.stream().map(StockedCardKey::cardKey).toList();
        stocked.accept(batch, rows);
        inventory.fillBackorders(batch.sku());
        return keys;
    }

    private Parsed parse(ImportFormat format, String line, Tally tally) {
        try {
            if (format.codeFormat().isPresent()) {
                CardCode code = format.codeFormat().get().parse(line);
                return new Parsed(
                        tally.lines, code.masked(), stored(indexer.index(code.normalised())), code.normalised(), code);
            }
            CardPair pair = format.pairFormat().orElseThrow().parseLine(line);
            byte[] number = pair.number().normalised().bytes(ACCESS);
            byte[] password = pair.password().normalised().bytes(ACCESS);
            byte[] joined = new byte[number.length + 1 + password.length];
            System.arraycopy(number, 0, joined, 0, number.length);
            joined[number.length] = PAIR_SEPARATOR;
            System.arraycopy(password, 0, joined, number.length + 1, password.length);
            Secret secret = Secret.copyOf(joined);
            Arrays.fill(number, (byte) 0);
            Arrays.fill(password, (byte) 0);
            Arrays.fill(joined, (byte) 0);
            Parsed parsed = new Parsed(
                    tally.lines,
                    pair.number().masked(),
                    stored(indexer.index(pair.number().normalised())),
                    secret,
                    pair);
            return parsed;
        } catch (InvalidCodeException e) {
            tally.malformed++;
            String reason = e instanceof MalformedCodeException m ? m.reason().name() : "CHECK_CHARACTER";
            if (tally.malformedLines.size() < ImportReport.MAX_LISTED) {
                tally.malformedLines.add(new MalformedLine(tally.lines, e.part() + " " + reason));
            }
            return null;
        }
    }

    private void seal(Batch batch, List<Parsed> chunk, List<StockedCardKey> rows, Tally tally) {
        if (chunk.isEmpty()) {
            return;
        }
        Set<Integer> inStock = inventory
                .store()
                .presentBlindIndexes(chunk.stream().map(p -> p.index).toList());
        long id = inventory.store().reserveIds(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Parsed p = chunk.get(i);
            if (inStock.contains(i)) {
                tally.duplicatesInStock++;
                list(tally.duplicateInStockLines, p.line);
            } else {
                rows.add(row(batch, id + i, p.masked, p.index, p.secret));
            }
            p.destroy();
        }
        chunk.clear();
    }

    private StockedCardKey row(Batch batch, long id, String masked, byte[] index, Secret secret) {
        CardKey key = CardKey.available(id, batch.sku(), batch.batchId(), batch.expiresAt(), masked);
        return new StockedCardKey(key, index, sealer.seal(secret, binding(key)).toBytes());
    }

    private static void list(List<Long> lines, long line) {
        if (lines.size() < ImportReport.MAX_LISTED) {
            lines.add(line);
        }
    }

    /** One readable line: its masked form, its stored index and the secret to seal. */
    private static final class Parsed {
        final long line;
        final String masked;
        final byte[] index;
        final Secret secret;
        final javax.security.auth.Destroyable owner;

        Parsed(long line, String masked, byte[] index, Secret secret, javax.security.auth.Destroyable owner) {
            this.line = line;
            this.masked = masked;
            this.index = index;
            this.secret = secret;
            this.owner = owner;
        }

        void destroy() {
            secret.destroy();
            try {
                owner.destroy();
            } catch (javax.security.auth.DestroyFailedException e) {
                // Both CardCode and CardPair wipe without failing; nothing else is passed here.
                throw new IllegalStateException(e);
            }
        }
    }

    /** Counts and line numbers of one import. */
    private static final class Tally {
        long lines;
        long duplicatesInFile;
        long duplicatesInStock;
        long malformed;
        final List<Long> duplicateInFileLines = new ArrayList<>();
        final List<Long> duplicateInStockLines = new ArrayList<>();
        final List<MalformedLine> malformedLines = new ArrayList<>();
    }
}
