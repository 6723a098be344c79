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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns plaintext codes into stock: each code sealed to its record (tenant, product, record id), blind-indexed, masked,
 * and checked against the codes of the same file and of the store before anything is added.
 *
 * <p>Design: a supplier file is streamed line by line and handled in chunks, so only sealed rows (never plaintext)
 * accumulate; each chunk's blind indexes are checked against the store in one query.
 *
 * <p>All-or-nothing, across a crash too: the rows of one stocking (a file, or a generated batch) take several ledger
 * appends, so each stocking gets a random id that every one of its records carries, and a commit record follows the
 * last of them. The rows reach the store only after the commit record is durable, so no code of a stocking can be
 * reserved, sold or snapshotted before the whole stocking is in the ledger; a rebuild applies the records of committed
 * stockings only, and an open that finds records without their commit appends an abort record for them (see {@link
 * InventoryRebuild}). A stocking that fails part way records its abort at once.
 *
 * <p>Thread-safe.
 */
public final class Stocking {
    private static final int CHUNK = 4096;
    private static final int BLOCK = 8192;
    private static final int SLICE = 8192;
    /** Codes per ledger append of an import: about 1,200 transactions, one fsync. */
    private static final int LEDGER_SLICE = 49_152;

    private static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final byte PAIR_SEPARATOR = 0;
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    private final Inventory inventory;
    private final Sealer sealer;
    private final BlindIndexer indexer;
    private final String tenant;
    private final Recorder recorder;
    private final Object commitLock = new Object();
    /** Counts committed stockings, so an import knows whether stock changed while it read its file. */
    private final AtomicLong epoch = new AtomicLong();
    /** Whether a stocking is writing its records: its ledger position is no place for a snapshot. */
    private volatile boolean recording;

    /**
     * Creates the stocking step.
     *
     * @param inventory where stock goes
     * @param sealer seals codes
     * @param indexer indexes codes
     * @param tenant the tenant every record is bound to
     * @param recorder records each stocking before its rows are added to the store
     */
    public Stocking(Inventory inventory, Sealer sealer, BlindIndexer indexer, String tenant, Recorder recorder) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.indexer = Objects.requireNonNull(indexer, "indexer");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** Writes stockings to the ledger: their rows, then their commit, or their abort. */
    public interface Recorder {
        /**
         * Records rows of a stocking, durably.
         *
         * @param stockingId the stocking
         * @param batch their batch
         * @param rows the rows, 1 or more
         * @return the ledger sequence number of the first record written
         */
        long stocked(String stockingId, Batch batch, List<StockedCardKey> rows);

        /**
         * Records that every row of a stocking is recorded: from now on its codes are stock, durably.
         *
         * @param stockingId the stocking
         * @param batch its batch
         * @param firstSequence the sequence number of its first record
         * @param codes how many codes it stocked
         */
        void committed(String stockingId, Batch batch, long firstSequence, long codes);

        /**
         * Records that a stocking stopped before its commit: its records stock nothing.
         *
         * @param stockingId the stocking
         * @param batchId its batch
         * @param firstSequence the sequence number of its first record, 0 if unknown
         */
        void aborted(String stockingId, String batchId, long firstSequence);
    }

    /**
     * Returns whether a stocking is writing its ledger records now (until its commit or abort is recorded).
     *
     * @return whether one is
     */
    public boolean recording() {
        return recording;
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
                Set<Integer> inStock = inStock(
                        indexes, codes.stream().map(CardCode::normalised).toList());
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
        Staged staged = new Staged();
        BlindSet seen = new BlindSet();
        String[] block = new String[BLOCK];
        long[] lineNumbers = new long[BLOCK];
        int filled = 0;
        long startEpoch = epoch.get();
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
                block[filled] = line;
                lineNumbers[filled++] = tally.lines;
                if (filled == BLOCK) {
                    importBlock(batch, format, block, lineNumbers, filled, seen, staged, tally);
                    filled = 0;
                }
            }
            importBlock(batch, format, block, lineNumbers, filled, seen, staged, tally);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the import file failed after line " + tally.lines, e);
        }
        boolean commit = staged.size > 0 && !(allOrNothing && tally.malformed > 0);
        long accepted = commit ? commit(batch, staged, startEpoch, tally) : 0;
        return new ImportReport(
                batch.batchId(),
                tally.lines,
                accepted,
                tally.duplicatesInFile,
                tally.duplicateInFileLines,
                tally.duplicatesInStock,
                tally.duplicateInStockLines,
                tally.malformed,
                tally.malformedLines,
                commit || (staged.size == 0 && tally.malformed == 0));
    }

    /**
     * One block of lines: parsed and indexed on every core, checked for duplicates in order, then sealed to fresh
     * record ids on every core and staged. Plaintext lives only inside this call.
     */
    private void importBlock(
            Batch batch,
            ImportFormat format,
            String[] block,
            long[] lineNumbers,
            int n,
            BlindSet seen,
            Staged staged,
            Tally tally) {
        if (n == 0) {
            return;
        }
        Object[] parsed = new Object[n];
        parallel(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                parsed[i] = parse(format, block[i]);
                block[i] = null;
            }
        });
        List<Parsed> fresh = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                if (parsed[i] instanceof InvalidCodeException e) {
                    tally.malformed++;
                    String reason =
                            e instanceof MalformedCodeException m ? m.reason().name() : "CHECK_CHARACTER";
                    if (tally.malformedLines.size() < ImportReport.MAX_LISTED) {
                        tally.malformedLines.add(new MalformedLine(lineNumbers[i], e.part() + " " + reason));
                    }
                    continue;
                }
                Parsed p = (Parsed) parsed[i];
                parsed[i] = null;
                p.line = lineNumbers[i];
                if (!seen.add(p.index)) {
                    tally.duplicatesInFile++;
                    list(tally.duplicateInFileLines, p.line);
                    p.destroy();
                    continue;
                }
                fresh.add(p);
            }
            if (fresh.isEmpty()) {
                return;
            }
            Set<Integer> inStock = inStock(
                    fresh.stream().map(p -> p.index).toList(),
                    fresh.stream().map(p -> p.indexed).toList());
            List<Parsed> accepted = new ArrayList<>(fresh.size());
            for (int i = 0; i < fresh.size(); i++) {
                Parsed p = fresh.get(i);
                if (inStock.contains(i)) {
                    tally.duplicatesInStock++;
                    list(tally.duplicateInStockLines, p.line);
                    p.destroy();
                } else {
                    accepted.add(p);
                }
            }
            fresh.clear();
            if (accepted.isEmpty()) {
                return;
            }
            long firstId = inventory.store().reserveIds(accepted.size());
            byte[][] sealed = new byte[accepted.size()][];
            parallel(accepted.size(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    Parsed p = accepted.get(i);
                    CardKey key =
                            CardKey.available(firstId + i, batch.sku(), batch.batchId(), batch.expiresAt(), p.masked);
                    sealed[i] = sealer.seal(p.secret, binding(key)).toBytes();
                    p.destroy();
                }
            });
            for (int i = 0; i < accepted.size(); i++) {
                Parsed p = accepted.get(i);
                staged.add(firstId + i, p.masked, p.index, sealed[i]);
            }
        } finally {
            for (Object o : parsed) {
                if (o instanceof Parsed p) {
                    p.destroy();
                }
            }
            fresh.forEach(Parsed::destroy);
        }
    }

    /**
     * Records the staged rows in the ledger and commits them, then adds them to the store, under the stocking lock;
     * rows that another stocking added meanwhile are counted as duplicates of stock. Returns how many were added.
     */
    private long commit(Batch batch, Staged staged, long startEpoch, Tally tally) {
        long added = 0;
        synchronized (commitLock) {
            boolean recheck = epoch.get() != startEpoch;
            BitSet dropped = new BitSet();
            Recording recording = new Recording(batch);
            List<StockedCardKey> pending = new ArrayList<>();
            try {
                for (int from = 0; from < staged.size; from += SLICE) {
                    int to = Math.min(staged.size, from + SLICE);
                    List<StockedCardKey> slice = slice(staged, batch, from, to, null);
                    if (recheck) {
                        Set<Integer> present = inventory
                                .store()
                                .presentBlindIndexes(slice.stream()
                                        .map(StockedCardKey::blindIndex)
                                        .toList());
                        List<StockedCardKey> kept = new ArrayList<>(slice.size());
                        for (int i = 0; i < slice.size(); i++) {
                            if (present.contains(i)) {
                                tally.duplicatesInStock++;
                                dropped.set(from + i);
                            } else {
                                kept.add(slice.get(i));
                            }
                        }
                        slice = kept;
                    }
                    added += slice.size();
                    pending.addAll(slice);
                    if (!pending.isEmpty() && (pending.size() >= LEDGER_SLICE || to == staged.size)) {
                        recording.submit(pending);
                        pending = new ArrayList<>();
                    }
                }
                recording.commit(added);
            } catch (RuntimeException | Error e) {
                recording.abort(e);
                throw e;
            }
            // Committed: only now may the codes be found, reserved or sold. Another core unpacks the next slice
            // while this thread adds one to the store.
            ForkJoinTask<List<StockedCardKey>> next = ForkJoinPool.commonPool()
                    .submit(() -> slice(staged, batch, 0, Math.min(staged.size, SLICE), dropped));
            for (int from = 0; from < staged.size; from += SLICE) {
                int to = Math.min(staged.size, from + SLICE);
                List<StockedCardKey> slice = next.join();
                if (to < staged.size) {
                    int end = Math.min(staged.size, to + SLICE);
                    next = ForkJoinPool.commonPool().submit(() -> slice(staged, batch, to, end, dropped));
                }
                if (!slice.isEmpty()) {
                    inventory.store().addCardKeys(slice);
                }
                staged.releaseBefore(to);
            }
            epoch.incrementAndGet();
        }
        inventory.fillBackorders(batch.sku());
        return added;
    }

    /** The staged rows {@code [from, to)}, leaving out those in {@code dropped} (may be {@code null}). */
    private static List<StockedCardKey> slice(Staged staged, Batch batch, int from, int to, BitSet dropped) {
        List<StockedCardKey> slice = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            if (dropped == null || !dropped.get(i)) {
                slice.add(staged.row(i, batch));
            }
        }
        return slice;
    }

    /**
     * The ledger side of one stocking: its rows are recorded on another core, one list in flight while the caller
     * prepares the next, then its commit record is appended.
     */
    private final class Recording {
        private final Batch batch;
        private final String id = UUID.randomUUID().toString().replace("-", "");
        private ForkJoinTask<Long> inFlight;
        /** The sequence number of the first record, 0 until it is known. */
        private long firstSequence;

        private boolean started;

        Recording(Batch batch) {
            this.batch = batch;
        }

        /** Records {@code rows} in the background, after the list before it. */
        void submit(List<StockedCardKey> rows) {
            await();
            started = true;
            recording = true;
            inFlight = ForkJoinPool.commonPool().submit(() -> recorder.stocked(id, batch, rows));
        }

        /** Waits for the rows in flight and appends the commit record if any row was recorded. */
        void commit(long codes) {
            await();
            if (started) {
                recorder.committed(id, batch, firstSequence, codes);
                recording = false;
            }
        }

        /** After a failure: waits for the rows in flight and records the abort if anything may have been recorded. */
        void abort(Throwable failure) {
            try {
                await();
            } catch (RuntimeException | Error e) {
                if (e != failure) {
                    failure.addSuppressed(e);
                }
            }
            if (!started) {
                return;
            }
            try {
                recorder.aborted(id, batch.batchId(), firstSequence);
            } catch (RuntimeException | Error e) {
                // The next open finds the records without their commit and records the abort then.
                failure.addSuppressed(e);
            } finally {
                recording = false;
            }
        }

        private void await() {
            if (inFlight != null) {
                ForkJoinTask<Long> task = inFlight;
                inFlight = null;
                long first = task.join();
                if (firstSequence == 0) {
                    firstSequence = first;
                }
            }
        }
    }

    /** Runs {@code work} over {@code [0, n)} split across the cores: one part on this thread, the rest forked. */
    private static void parallel(int n, RangeTask work) {
        int parts = Math.min(PARALLELISM, Math.max(1, n / 256));
        if (parts == 1) {
            work.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> forked = new ArrayList<>(parts - 1);
        for (int k = 1; k < parts; k++) {
            int from = (int) ((long) n * k / parts);
            int to = (int) ((long) n * (k + 1) / parts);
            forked.add(ForkJoinPool.commonPool().submit(() -> work.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            work.run(0, n / parts);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : forked) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @FunctionalInterface
    private interface RangeTask {
        void run(int from, int to);
    }

    private List<CardKey> add(Batch batch, List<StockedCardKey> rows) {
        synchronized (commitLock) {
            Recording recording = new Recording(batch);
            try {
                for (int from = 0; from < rows.size(); from += LEDGER_SLICE) {
                    recording.submit(rows.subList(from, Math.min(rows.size(), from + LEDGER_SLICE)));
                }
                recording.commit(rows.size());
            } catch (RuntimeException | Error e) {
                recording.abort(e);
                throw e;
            }
            inventory.store().addCardKeys(rows);
            epoch.incrementAndGet();
        }
        inventory.fillBackorders(batch.sku());
        return rows.stream().map(StockedCardKey::cardKey).toList();
    }

    /**
     * Returns the positions of the codes already in stock: by their index under the primary key and, after a key
     * rotation, under every older active key too, because codes stocked before it keep their older index until they
     * are rewrapped. Without a rotation this costs one store lookup and no extra hashing.
     */
    private Set<Integer> inStock(List<byte[]> primaryIndexes, List<Secret> indexed) {
        Set<Integer> found = inventory.store().presentBlindIndexes(primaryIndexes);
        List<Integer> keyIds = indexer.lookupKeyIds();
        if (keyIds.size() == 1) {
            return found;
        }
        Set<Integer> all = new HashSet<>(found);
        for (int keyId : keyIds.subList(1, keyIds.size())) {
            List<byte[]> older = new ArrayList<>(indexed.size());
            for (Secret code : indexed) {
                older.add(stored(indexer.index(code, keyId)));
            }
            all.addAll(inventory.store().presentBlindIndexes(older));
        }
        return all;
    }

    /** Returns the parsed line, or the {@link InvalidCodeException} that says why it cannot be read. */
    private Object parse(ImportFormat format, String line) {
        try {
            if (format.codeFormat().isPresent()) {
                CardCode code = format.codeFormat().get().parse(line);
                return new Parsed(
                        code.masked(),
                        stored(indexer.index(code.normalised())),
                        code.normalised(),
                        code.normalised(),
                        code);
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
                    pair.number().masked(),
                    stored(indexer.index(pair.number().normalised())),
                    pair.number().normalised(),
                    secret,
                    pair);
            return parsed;
        } catch (InvalidCodeException e) {
            return e;
        }
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
        long line;
        final String masked;
        final byte[] index;
        /** What {@link #index} was made from: the code, or a pair's card number; owned by {@link #owner}. */
        final Secret indexed;

        final Secret secret;
        final javax.security.auth.Destroyable owner;

        Parsed(String masked, byte[] index, Secret indexed, Secret secret, javax.security.auth.Destroyable owner) {
            this.masked = masked;
            this.index = index;
            this.indexed = indexed;
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

    /**
     * The sealed rows of one import waiting for the commit, packed into 256 KB pages (record id, masked code, blind
     * index, sealed secret) instead of an object per row, so a million rows cost about 100 MB. Pages stay below half
     * a G1 region, so they are never humongous objects.
     */
    private static final class Staged {
        private static final int SHIFT = 18;
        private static final int PAGE = 1 << SHIFT;
        int size;
        private long[] ids = new long[1024];
        private long[] at = new long[1024];
        private final List<byte[]> pages = new ArrayList<>();
        private int used = PAGE;

        void add(long id, String masked, byte[] index, byte[] sealed) {
            byte[] m = masked.getBytes(StandardCharsets.UTF_8);
            int need = 6 + m.length + index.length + sealed.length;
            if (need > PAGE) {
                throw new IllegalArgumentException("a sealed code of " + sealed.length + " bytes is too long to stage");
            }
            if (used + need > PAGE) {
                pages.add(new byte[PAGE]);
                used = 0;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                at = Arrays.copyOf(at, size * 2);
            }
            byte[] page = pages.get(pages.size() - 1);
            ids[size] = id;
            at[size++] = ((long) (pages.size() - 1) << SHIFT) | used;
            used = put(page, used, m);
            used = put(page, used, index);
            used = put(page, used, sealed);
        }

        StockedCardKey row(int i, Batch batch) {
            byte[] page = pages.get((int) (at[i] >>> SHIFT));
            int off = (int) (at[i] & (PAGE - 1));
            int ml = ((page[off] & 0xFF) << 8) | (page[off + 1] & 0xFF);
            String masked = new String(page, off + 2, ml, StandardCharsets.UTF_8);
            off += 2 + ml;
            int il = ((page[off] & 0xFF) << 8) | (page[off + 1] & 0xFF);
            byte[] index = Arrays.copyOfRange(page, off + 2, off + 2 + il);
            off += 2 + il;
            int sl = ((page[off] & 0xFF) << 8) | (page[off + 1] & 0xFF);
            byte[] sealed = Arrays.copyOfRange(page, off + 2, off + 2 + sl);
            CardKey key = CardKey.available(ids[i], batch.sku(), batch.batchId(), batch.expiresAt(), masked);
            return new StockedCardKey(key, index, sealed);
        }

        /** Drops the pages that hold only rows before {@code row}: they were committed. */
        void releaseBefore(int row) {
            int page = row < size ? (int) (at[row] >>> SHIFT) : pages.size();
            for (int p = 0; p < page; p++) {
                pages.set(p, null);
            }
        }

        private static int put(byte[] page, int off, byte[] value) {
            page[off] = (byte) (value.length >>> 8);
            page[off + 1] = (byte) value.length;
            System.arraycopy(value, 0, page, off + 2, value.length);
            return off + 2 + value.length;
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
