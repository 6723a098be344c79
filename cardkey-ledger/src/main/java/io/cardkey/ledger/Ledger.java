package io.cardkey.ledger;

import io.cardkey.ledger.LedgerState.AccountState;
import io.cardkey.ledger.LedgerState.HoldEntry;
import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.ByteSource.MalformedException;
import io.cardkey.ledger.internal.LongList;
import io.cardkey.ledger.internal.merkle.LedgerProofs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, hash-chained, double-entry ledger on a {@link LedgerStore}.
 *
 * <p>Every change is one record of the hash chain: opening an account, applying a {@link Transaction}, placing,
 * posting, voiding or expiring a hold, and rejecting a transaction (so that its id stays burned). Each record holds
 * the hash of the one before it; {@link #verify()} recomputes every hash and every balance.
 *
 * <h2>Idempotency</h2>
 *
 * <p>A transaction's id is its idempotency key. Appending a transaction whose id was used before returns the
 * original result if the content is the same, and throws {@link IdempotencyConflictException} naming the differing
 * field if not. A transaction rejected for a reason that depends on the ledger's state (an account constraint, an
 * unknown account, a currency mismatch, an overflow) is recorded as rejected: its id stays burned and a retry throws
 * the same exception, so a retry can never flip the outcome. Input that can never be valid (zero amounts, oversized
 * metadata ...) is refused when the {@link Transaction} is built, before the ledger sees it.
 *
 * <h2>Sensitive metadata</h2>
 *
 * <p>Metadata entries marked with {@link Transaction.Builder#sensitiveMetadata} (personal data such as a buyer's
 * phone number) are committed to by a salted hash; the value is stored beside the record but outside the hashed
 * bytes, so {@link #redact} can erase it for good while the chain, checkpoints and proofs stay valid.
 *
 * <h2>Durability and concurrency</h2>
 *
 * <p>Appends are serialised by one writer lock. {@link #append(List)} encodes its records' bodies in the calling
 * thread first; then whichever appending thread gets the lock applies every append waiting for it, in order and each
 * atomically, and hands all their records to the store as one batch, then releases the lock before anybody waits for
 * durability. So appends from many threads share one lock hand-over and one {@code fsync} (group commit). A method
 * that appends returns only after its records are durable. Reads are thread-safe; they see every append that has
 * taken the lock, possibly a moment before it is durable. If the store fails to make records durable, the ledger
 * stops: every later call throws {@link LedgerException} and the ledger must be reopened.
 *
 * <p>A ledger owns its store: {@link #close()} closes it. Only one ledger may use a store at a time.
 *
 * <h2>Opening</h2>
 *
 * <p>{@link #open} loads the store's latest snapshot of derived state and replays the records after it, checking
 * their hashes and the rules as it goes. A snapshot is saved every {@link Builder#snapshotInterval} records.
 *
 * <p>Thread-safe.
 */
public final class Ledger implements AutoCloseable {
    /** The most transactions in one {@link #append(List)} call. */
    public static final int MAX_BATCH = 10_000;
    /** The default number of records between snapshots. */
    public static final long DEFAULT_SNAPSHOT_INTERVAL = 1_000_000;

    /**
     * At {@link #close()}, a snapshot is saved when at least this many records (or {@link Builder#snapshotInterval},
     * if smaller) followed the last one: replaying fewer takes well under a second on open.
     */
    static final long CLOSE_SNAPSHOT_RECORDS = 100_000;
    /** The longest hold timeout. */
    public static final Duration MAX_HOLD_TIMEOUT = Duration.ofDays(3650);

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final LedgerStore store;
    private final InstantSource clock;
    private final long snapshotInterval;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LedgerState state;
    private final ByteSink sink = new ByteSink(512);
    private final MessageDigest writerDigest = newSha256();
    private final RecordCodec.Decoder writerDecoder = new RecordCodec.Decoder();
    private final ConcurrentLinkedQueue<AppendRequest> submissions = new ConcurrentLinkedQueue<>();
    /** While a combiner applies requests: their records, not yet handed to the store, from {@link #unstoredFirst}. */
    private List<byte[]> unstored;

    private long unstoredFirst;
    private final ExecutorService snapshotWriter;
    private CompletableFuture<Void> lastDurable = DONE;
    private long snapshotRequested;
    /** Written and read by the snapshot thread only. */
    private long snapshotSaved;

    private volatile boolean closed;
    private volatile Throwable failure;
    private final LedgerProofs proofs;

    private Ledger(LedgerStore store, InstantSource clock, long snapshotInterval, LedgerState state, long snapshotAt) {
        this.store = store;
        this.clock = clock;
        this.snapshotInterval = snapshotInterval;
        this.state = state;
        // Counted from the snapshot the open started from, so records it had to replay count towards the next one.
        this.snapshotRequested = snapshotAt;
        this.snapshotSaved = snapshotAt;
        this.proofs = new LedgerProofs(store, RecordCodec::canonicalLength);
        this.snapshotWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cardkey-ledger-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a ledger on {@code store} with the system UTC clock and the default snapshot interval.
     *
     * @param store the store; the ledger owns it from now on
     * @return the ledger
     * @throws LedgerVerificationException if a record after the latest snapshot fails its hash, link or rules
     * @throws UnsupportedRecordVersionException if a record or the snapshot was written by a newer version
     */
    public static Ledger open(LedgerStore store) {
        return builder().open(store);
    }

    /**
     * Imports a JSON Lines export into the empty {@code store} with the system UTC clock and the default snapshot
     * interval, see {@link Builder#importJsonLines}.
     *
     * @param in the export; not closed
     * @param store an empty store; the ledger owns it from now on
     * @return the ledger
     * @throws LedgerImportException naming the first line that cannot be read or fails verification
     */
    public static Ledger importJsonLines(Reader in, LedgerStore store) {
        return builder().importJsonLines(in, store);
    }

    /**
     * Starts configuring a ledger.
     *
     * @return a builder with the system UTC clock and the default snapshot interval
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and opens a {@link Ledger}. Each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private InstantSource clock = Clock.systemUTC();
        private long snapshotInterval = DEFAULT_SNAPSHOT_INTERVAL;

        private Builder() {}

        /**
         * Sets the clock that timestamps records and measures hold timeouts.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how many records may follow the latest snapshot before a new one is saved.
         *
         * <p>A snapshot holds the balances, holds and every index (ids, account histories, metadata), so it grows
         * with the history: about 70 bytes per record. The append that crosses the interval encodes it under the
         * writer lock, a pause that grows with the history (0.07 to 0.12 s per million records, measured on a busy
         * 2-core machine), and a background thread of the ledger writes it to the store once those records are
         * durable; no append waits for that write. A shorter interval makes opening faster and those pauses more
         * frequent.
         *
         * @param records at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code records} is less than 1
         */
        public Builder snapshotInterval(long records) {
            if (records < 1) {
                throw new IllegalArgumentException("snapshot interval was " + records + "; must be at least 1");
            }
            this.snapshotInterval = records;
            return this;
        }

        /**
         * Opens a ledger on {@code store}, see {@link Ledger#open}.
         *
         * @param store the store; the ledger owns it from now on
         * @return the ledger
         */
        public Ledger open(LedgerStore store) {
            Objects.requireNonNull(store, "store");
            LedgerState st;
            long last = store.lastSequence();
            Optional<LedgerStore.Snapshot> snapshot = store.latestSnapshot();
            long at = 0;
            if (snapshot.isPresent()) {
                at = snapshot.get().sequence();
                if (at > last) {
                    throw new LedgerVerificationException(
                            at, "the snapshot is of record " + at + " but the store ends at record " + last);
                }
                st = LedgerState.decodeSnapshot(at, snapshot.get().state());
            } else {
                st = new LedgerState();
            }
            if (last > st.lastSequence) {
                replayRange(store, st.lastSequence + 1, last, st, false, seq -> {});
            }
            completeRedactions(store, st);
            return new Ledger(store, clock, snapshotInterval, st, at);
        }

        /**
         * Reads a JSON Lines export (see {@link Ledger#exportJsonLines(Writer)}) into the empty {@code store},
         * re-verifying every line: its canonical bytes, hash, chain link and rules, and that its readable fields say
         * exactly what the canonical bytes say. Then opens a ledger on the store.
         *
         * @param in the export; not closed
         * @param store an empty store; the ledger owns it from now on
         * @return the ledger
         * @throws IllegalArgumentException if {@code store} is not empty
         * @throws LedgerImportException naming the first line that cannot be read or fails verification, or the first
         *     checkpoint line (which needs {@link #importJsonLines(Reader, LedgerStore, CheckpointVerifierKey)}); the
         *     store then holds the records read before it and should be discarded
         */
        public Ledger importJsonLines(Reader in, LedgerStore store) {
            return importLines(in, store, null);
        }

        /**
         * Reads a JSON Lines export with checkpoints (see {@link Ledger#exportJsonLines(Writer, List)}) into the
         * empty {@code store}, re-verifying every record line as {@link #importJsonLines(Reader, LedgerStore)} does
         * and every checkpoint line: its note must carry a valid signature by {@code key}, and its tree head must be
         * the one of the imported records.
         *
         * @param in the export; not closed
         * @param store an empty store; the ledger owns it from now on
         * @param key the key that signed the checkpoints
         * @return the ledger
         * @throws IllegalArgumentException if {@code store} is not empty
         * @throws LedgerImportException naming the first line that cannot be read or fails verification; the store
         *     then holds the records read before it and should be discarded
         */
        public Ledger importJsonLines(Reader in, LedgerStore store, CheckpointVerifierKey key) {
            Objects.requireNonNull(key, "key");
            return importLines(in, store, key);
        }

        private Ledger importLines(Reader in, LedgerStore store, CheckpointVerifierKey key) {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(store, "store");
            if (store.lastSequence() != 0) {
                throw new IllegalArgumentException(
                        "import store holds " + store.lastSequence() + " records; must be empty");
            }
            List<JsonLines.CheckpointLine> checkpoints = JsonLines.importInto(in, store);
            Ledger ledger = open(store);
            for (JsonLines.CheckpointLine c : checkpoints) {
                try {
                    if (key == null) {
                        throw new LedgerImportException(
                                c.line, "a checkpoint line needs the verifier key of its signer to be imported", null);
                    }
                    ledger.verifyCheckpoint(key.open(c.note).checkpoint());
                } catch (ProofVerificationException e) {
                    ledger.close();
                    throw new LedgerImportException(c.line, "checkpoint fails verification: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    ledger.close();
                    throw e;
                }
            }
            return ledger;
        }
    }

    /**
     * Finishes what a crash may have interrupted: for each redaction record replayed whose entry was not seen erased,
     * reads the entry's record and erases the value if it is still stored (the redaction was recorded durably first,
     * so it is what counts). Erasing the same value twice changes nothing.
     */
    private static void completeRedactions(LedgerStore store, LedgerState st) {
        RecordCodec.Decoder decoder = new RecordCodec.Decoder();
        for (LedgerRecord r : st.redactionsToCheck) {
            Redaction d = r.redactionOrNull();
            long target = d.transactionSequence();
            LedgerRecord[] found = new LedgerRecord[1];
            store.read(target, target, (seq, bytes) -> found[0] = decode(seq, bytes, decoder));
            Optional<byte[]> hash = found[0].sensitiveMetadataHash(d.key());
            if (hash.isEmpty() || !MessageDigest.isEqual(hash.get(), r.redactedHashOrNull())) {
                throw new LedgerVerificationException(
                        r.sequence(),
                        "it redacts metadata '" + d.key() + "' of record " + target
                                + ", which holds no sensitive entry with that hash");
            }
            if (!found[0].transactionOrNull().redactedMetadataKeys().contains(d.key())) {
                LOG.info("completing the redaction of record {} recorded at record {}", target, r.sequence());
                store.redact(target, RecordCodec.erase(found[0], d.key()));
            }
        }
        st.redactionsToCheck.clear();
        st.erasedUnclaimed.clear();
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static final int REPLAY_CHUNK = 4096;

    /**
     * Replays records {@code from..to} into {@code st}. Decoding, hashing, the hash link between neighbours and the
     * id look-up, which do not depend on the state being built, run on worker threads a few chunks ahead; the records
     * are applied strictly in order on the calling thread, and a record that cannot be decoded is reported only when
     * its turn comes, so the first bad record is named.
     *
     * @param newerVersionIsDamage whether a newer version byte is reported as damage (verify) rather than as {@link
     *     UnsupportedRecordVersionException} (open); it also means {@code st} keeps no metadata index, so records
     *     are decoded without their metadata maps
     * @param afterEach called with each sequence number after its record was applied
     */
    private static void replayRange(
            LedgerStore store,
            long from,
            long to,
            LedgerState st,
            boolean newerVersionIsDamage,
            LongConsumer afterEach) {
        // The calling thread mostly waits for decoded chunks (hashing dominates), so decoding gets every core.
        int processors = Runtime.getRuntime().availableProcessors();
        int workers = Math.min(4, processors);
        if (processors < 2 || to - from < 2L * REPLAY_CHUNK) {
            RecordCodec.Decoder decoder = decoderFor(newerVersionIsDamage);
            store.read(from, to, (seq, bytes) -> {
                apply(st, seq, decodeOrError(seq, bytes, decoder), LedgerState.LOOK_UP, false, newerVersionIsDamage);
                afterEach.accept(seq);
            });
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cardkey-ledger-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<DecodedChunk>> pending = new ArrayDeque<>();
            long[] chunkStart = {from};
            byte[][][] chunk = {new byte[REPLAY_CHUNK][]};
            int[] filled = {0};
            Runnable applyOldest = () -> {
                DecodedChunk decoded;
                try {
                    decoded = pending.removeFirst().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LedgerException("interrupted while replaying the ledger", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("record decoding failed unexpectedly", e.getCause());
                }
                long seq = decoded.first;
                for (int i = 0; i < decoded.records.length; i++, seq++) {
                    apply(st, seq, decoded.records[i], decoded.indexedIds[i], decoded.linked[i], newerVersionIsDamage);
                    afterEach.accept(seq);
                }
            };
            Runnable submit = () -> {
                byte[][] records = chunk[0];
                int n = filled[0];
                long first = chunkStart[0];
                pending.addLast(pool.submit(() -> DecodedChunk.decode(st, first, records, n, newerVersionIsDamage)));
                chunkStart[0] = first + n;
                chunk[0] = new byte[REPLAY_CHUNK][];
                filled[0] = 0;
                if (pending.size() > 2 * workers) {
                    applyOldest.run();
                }
            };
            store.read(from, to, (seq, bytes) -> {
                chunk[0][filled[0]++] = bytes;
                if (filled[0] == REPLAY_CHUNK) {
                    submit.run();
                }
            });
            if (filled[0] > 0) {
                submit.run();
            }
            while (!pending.isEmpty()) {
                applyOldest.run();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One chunk of records as a worker thread prepared it for {@link LedgerState#replay}. */
    private static final class DecodedChunk {
        final long first;
        /** Each record, or the exception that decoding it threw. */
        final Object[] records;
        /** What {@link LedgerState#lookUpId} gave for each record. */
        final long[] indexedIds;
        /** Whether each record's previous hash is the hash of the record before it in this chunk. */
        final boolean[] linked;

        private DecodedChunk(long first, int n) {
            this.first = first;
            this.records = new Object[n];
            this.indexedIds = new long[n];
            this.linked = new boolean[n];
        }

        static DecodedChunk decode(LedgerState st, long first, byte[][] bytes, int n, boolean verifying) {
            RecordCodec.Decoder decoder = decoderFor(verifying);
            DecodedChunk out = new DecodedChunk(first, n);
            LedgerRecord previous = null;
            for (int i = 0; i < n; i++) {
                Object decoded = decodeOrError(first + i, bytes[i], decoder);
                out.records[i] = decoded;
                if (decoded instanceof LedgerRecord) {
                    LedgerRecord r = (LedgerRecord) decoded;
                    out.indexedIds[i] = st.lookUpId(r);
                    // Chain hashes are public, so the vectorized comparison needs no constant-time care.
                    out.linked[i] = previous != null && Arrays.equals(r.previousHashShared(), previous.hashShared());
                    previous = r;
                } else {
                    out.indexedIds[i] = LedgerState.LOOK_UP;
                    previous = null;
                }
            }
            return out;
        }
    }

    /**
     * Returns a decoder for replaying: verification ({@code verifying}) replays into a state without a metadata index,
     * so it checks the metadata bytes without building a map per record; opening keeps the metadata.
     */
    private static RecordCodec.Decoder decoderFor(boolean verifying) {
        return verifying ? RecordCodec.Decoder.forVerification() : new RecordCodec.Decoder();
    }

    /** Returns the decoded record, or the exception that decoding it threw. */
    private static Object decodeOrError(long seq, byte[] bytes, RecordCodec.Decoder decoder) {
        try {
            return decode(seq, bytes, decoder);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void apply(
            LedgerState st,
            long seq,
            Object decoded,
            long indexedId,
            boolean linkedToPrevious,
            boolean newerVersionIsDamage) {
        if (decoded instanceof UnsupportedRecordVersionException && newerVersionIsDamage) {
            // This ledger wrote every record, so a newer version byte can only be damage.
            throw new LedgerVerificationException(
                    seq, ((RuntimeException) decoded).getMessage(), (RuntimeException) decoded);
        }
        if (decoded instanceof RuntimeException) {
            throw (RuntimeException) decoded;
        }
        st.replay(seq, (LedgerRecord) decoded, indexedId, linkedToPrevious);
    }

    static LedgerRecord decode(long seq, byte[] bytes, RecordCodec.Decoder decoder) {
        try {
            return RecordCodec.decode(seq, bytes, decoder);
        } catch (MalformedException e) {
            throw new LedgerVerificationException(seq, "malformed record: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Opens an account. Opening an account that is already open with the same currency and constraint does nothing.
     *
     * @param account the account
     * @return the sequence number of the record that opened it
     * @throws AccountConflictException if an account with the same id is open with a different currency or
     *     constraint
     * @throws LedgerClosedException if the ledger was closed
     */
    public long openAccount(Account account) {
        Objects.requireNonNull(account, "account");
        CompletableFuture<Void> durable;
        long seq;
        PendingSnapshot snapshot = null;
        lock.writeLock().lock();
        try {
            checkUsable();
            AccountState existing = state.accounts.get(account.id().value());
            if (existing != null) {
                if (!existing.account.equals(account)) {
                    throw new AccountConflictException(existing.account, account);
                }
                seq = existing.openedSequence;
                durable = lastDurable;
            } else {
                Instant ts = nextTimestamp();
                seq = state.lastSequence + 1;
                byte[] rec = RecordCodec.accountOpened(
                        sink, seq, state.headHash, ts.getEpochSecond(), ts.getNano(), account);
                byte[] hash = RecordCodec.hash(writerDigest, rec);
                durable = store.append(seq, List.of(rec));
                state.applyAccountOpened(account, seq);
                snapshot = committed(seq, hash, ts, durable);
            }
        } finally {
            unlockWrite();
        }
        finish(durable, snapshot);
        return seq;
    }

    /**
     * Appends one transaction, see {@link #append(List)}.
     *
     * @param transaction the transaction
     * @return where it was recorded (the original result for an idempotent retry)
     */
    public AppendResult append(Transaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        return append(List.of(transaction)).get(0);
    }

    /**
     * Appends a batch of transactions atomically: all of them in order, or none.
     *
     * <p>A transaction whose id was used before is not appended again: if its content is the same, its original
     * result is returned; otherwise the batch fails with {@link IdempotencyConflictException}. The first new
     * transaction that breaks a rule fails the batch. If it breaks the rule on its own too, it is recorded as
     * rejected (its id stays burned, and the exception thrown is its rejection on its own); the other transactions of
     * the batch are not recorded and may be appended again.
     *
     * @param transactions 1 to {@value #MAX_BATCH} transactions with distinct ids
     * @return one result per transaction, in order
     * @throws IllegalArgumentException if the batch is empty or too large
     * @throws DuplicateTransactionIdException if two transactions of the batch have the same id
     * @throws IdempotencyConflictException if an id was used before for different content
     * @throws ConstraintViolationException if a transaction would break an account constraint
     * @throws UnknownAccountException if a posting names an account that was never opened
     * @throws CurrencyMismatchException if a posting joins accounts of different currencies
     * @throws AmountOverflowException if an account's totals would overflow
     * @throws LedgerClosedException if the ledger was closed
     */
    public List<AppendResult> append(List<Transaction> transactions) {
        Objects.requireNonNull(transactions, "transactions");
        int n = transactions.size();
        if (n < 1 || n > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "batch size was " + n + "; must be between 1 and " + MAX_BATCH + " transactions");
        }
        Transaction[] txs = new Transaction[n];
        HashMap<String, Integer> seen = n == 1 ? null : new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Transaction tx = Objects.requireNonNull(transactions.get(i), "transactions[" + i + "]");
            if (seen != null) {
                Integer first = seen.putIfAbsent(tx.id(), i);
                if (first != null) {
                    throw new DuplicateTransactionIdException(tx.id(), first, i);
                }
            }
            txs[i] = tx;
        }
        // The record body depends on the transaction alone: encode it here, on the caller's core, not under the lock.
        ByteSink bodySink = new ByteSink(256);
        byte[][] bodies = new byte[n][];
        for (int i = 0; i < n; i++) {
            bodies[i] = RecordCodec.transactionBody(bodySink, txs[i]);
        }
        AppendRequest request = new AppendRequest(txs, bodies);
        submissions.add(request);
        awaitTaken(request);
        finish(request.durable, null);
        if (request.failed != null) {
            throw request.failed;
        }
        return Collections.unmodifiableList(Arrays.asList(request.results));
    }

    /**
     * One {@link #append(List)} call waiting for the writer: the transactions with their bodies encoded, then, once
     * a combiner has taken it, the outcome and the future of its records' durability.
     */
    private static final class AppendRequest {
        final Transaction[] txs;
        final byte[][] bodies;
        final Thread thread = Thread.currentThread();
        AppendResult[] results;
        LedgerException failed;
        CompletableFuture<Void> durable;
        /** The requests taken with this one, and its place among them: it wakes those at 2 index + 1 and + 2. */
        AppendRequest[] sleepers;

        int index;
        /** Set after the fields above, by the combiner that applied the request. */
        volatile boolean taken;

        AppendRequest(Transaction[] txs, byte[][] bodies) {
            this.txs = txs;
            this.bodies = bodies;
        }
    }

    /**
     * Waits until a combiner has applied {@code request} and its records are durable (or it failed). Whoever gets the
     * writer lock applies every submitted request, not only its own (flat combining), so many appenders cost one lock
     * hand-over and one store batch instead of one each; the others sleep until their records are durable. A thread
     * that finds the lock taken sleeps too: whoever releases the writer lock wakes the oldest waiting request's thread
     * (see {@link #unlockWrite()}), so a submitted request is never left behind. Uninterruptible, like the lock it
     * replaces; an interrupt is kept for the caller.
     */
    private void awaitTaken(AppendRequest request) {
        boolean interrupted = false;
        while (true) {
            if (request.taken) {
                if (request.durable.isDone()) {
                    wakeNext(request);
                    break;
                }
            } else if (lock.writeLock().tryLock()) {
                try {
                    combine();
                } finally {
                    unlockWrite();
                }
                continue;
            }
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the requests after {@code request} in the binary tree of those taken with it. */
    private static void wakeNext(AppendRequest request) {
        AppendRequest[] sleepers = request.sleepers;
        int child = 2 * request.index + 1;
        if (child < sleepers.length) {
            LockSupport.unpark(sleepers[child].thread);
            if (child + 1 < sleepers.length) {
                LockSupport.unpark(sleepers[child + 1].thread);
            }
        }
    }

    /** The most transactions one combiner applies before it hands the lock on: one store batch of about 3 MB. */
    private static final int MAX_COMBINED = 2 * MAX_BATCH;

    /**
     * Applies the submitted requests in order, each atomically and with exactly the rules of a lone {@link
     * #append(List)}, and hands all their records to the store as one batch (one write, one {@code fsync}). Holds the
     * write lock.
     */
    private void combine() {
        List<AppendRequest> taken = new ArrayList<>();
        int count = 0;
        AppendRequest next;
        while (count < MAX_COMBINED && (next = submissions.poll()) != null) {
            taken.add(next);
            count += next.txs.length;
        }
        if (taken.isEmpty()) {
            return;
        }
        CompletableFuture<Void> durable;
        LedgerException unusable = unusable();
        if (unusable != null) {
            for (AppendRequest r : taken) {
                r.failed = r == taken.get(0) ? unusable : unusable();
            }
            durable = DONE;
        } else {
            Instant ts = nextTimestamp();
            unstoredFirst = state.lastSequence + 1;
            unstored = new ArrayList<>(count);
            for (AppendRequest r : taken) {
                applyRequest(r, ts);
            }
            List<byte[]> records = unstored;
            long first = unstoredFirst;
            unstored = null;
            if (records.isEmpty()) {
                durable = lastDurable;
            } else {
                try {
                    durable = store.append(first, records);
                } catch (RuntimeException e) {
                    // The state already holds these records; the ledger cannot go on without them.
                    failure = e;
                    durable = CompletableFuture.failedFuture(e);
                }
                lastDurable = durable;
                saveSnapshotIfDue(durable);
            }
        }
        // Every taken thread sleeps until the records are durable, the combiner's own too. Whoever completes the
        // future (the store's writer) wakes only the first; each woken thread wakes two more (see awaitTaken), so
        // the writer goes on with the next group at once and the wake-ups spread over the woken threads.
        AppendRequest[] sleepers = taken.toArray(new AppendRequest[0]);
        for (int i = 0; i < sleepers.length; i++) {
            AppendRequest r = sleepers[i];
            r.durable = durable;
            r.sleepers = sleepers;
            r.index = i;
            r.taken = true;
        }
        AppendRequest first = sleepers[0];
        durable.whenComplete((v, e) -> LockSupport.unpark(first.thread));
    }

    /** Applies one request: its records go to {@link #unstored} and the state advances past them. */
    private void applyRequest(AppendRequest r, Instant ts) {
        Transaction[] txs = r.txs;
        int n = txs.length;
        AppendResult[] results = new AppendResult[n];
        LedgerException failed = null;
        state.beginCheck();
        boolean[] fresh = new boolean[n];
        int freshCount = 0;
        for (int i = 0; i < n && failed == null; i++) {
            Transaction tx = txs[i];
            long used = state.ids.get(tx.id());
            if (used != 0) {
                try {
                    results[i] = original(tx, null, used);
                } catch (LedgerException e) {
                    failed = e;
                }
            } else {
                failed = state.checkTransaction(tx, false);
                if (failed != null) {
                    // Burn the id only if the transaction fails on its own: a rejection that depends on the
                    // other, unapplied transactions of this batch could not be verified later.
                    state.beginCheck();
                    LedgerException alone = state.checkTransaction(tx, false);
                    if (alone != null) {
                        failed = alone;
                        unstored.add(rejectRecord(tx, null, alone, ts));
                    }
                } else {
                    fresh[i] = true;
                    freshCount++;
                }
            }
        }
        r.failed = failed;
        if (failed != null || freshCount == 0) {
            r.results = failed == null ? results : null;
            return;
        }
        long seq = state.lastSequence + 1;
        byte[] hash = state.headHash;
        long sec = ts.getEpochSecond();
        int nanos = ts.getNano();
        for (int i = 0; i < n; i++) {
            if (fresh[i]) {
                byte[] rec = RecordCodec.transaction(seq, hash, sec, nanos, r.bodies[i]);
                hash = RecordCodec.hash(writerDigest, rec);
                unstored.add(rec);
                results[i] = new AppendResult(txs[i].id(), seq, ts);
                state.applyTransaction(txs[i], seq);
                seq++;
            }
        }
        state.advance(seq - 1, hash, ts);
        r.results = results;
    }

    /**
     * Places a hold: a pending transfer of the transaction's single posting that counts against account constraints
     * at once and is resolved later by {@link #postHold}, {@link #voidHold} or, after {@code timeout} by the ledger's
     * clock, {@link #expireHolds()}. The transaction's id is the hold id and its idempotency key, as for {@link
     * #append(Transaction)}.
     *
     * @param transaction a transaction with exactly one posting
     * @param timeout how long the hold may stay pending; positive, at most {@link #MAX_HOLD_TIMEOUT}
     * @return where the hold was recorded
     * @throws IllegalArgumentException if the transaction does not have exactly one posting or the timeout is out
     *     of range
     * @throws IdempotencyConflictException if the id was used before for something else
     * @throws ConstraintViolationException if the hold would break an account constraint
     * @throws UnknownAccountException if the posting names an account that was never opened
     * @throws CurrencyMismatchException if the posting joins accounts of different currencies
     * @throws LedgerClosedException if the ledger was closed
     */
    public AppendResult hold(Transaction transaction, Duration timeout) {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(timeout, "timeout");
        if (transaction.postings().size() != 1) {
            throw new IllegalArgumentException("hold " + transaction.id() + " has "
                    + transaction.postings().size() + " postings; must have 1");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_HOLD_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "hold timeout was " + timeout + "; must be positive and at most " + MAX_HOLD_TIMEOUT);
        }
        CompletableFuture<Void> durable;
        LedgerException failed = null;
        AppendResult result = null;
        PendingSnapshot snapshot = null;
        lock.writeLock().lock();
        try {
            checkUsable();
            Instant ts = nextTimestamp();
            long used = state.ids.get(transaction.id());
            if (used != 0) {
                try {
                    result = original(transaction, timeout, used);
                } catch (LedgerException e) {
                    failed = e;
                }
                durable = lastDurable;
            } else {
                state.beginCheck();
                failed = state.checkTransaction(transaction, true);
                if (failed != null) {
                    long seq = state.lastSequence + 1;
                    durable = store.append(seq, List.of(rejectRecord(transaction, timeout, failed, ts)));
                    lastDurable = durable;
                    snapshot = snapshotIfDue();
                } else {
                    long seq = state.lastSequence + 1;
                    byte[] rec = RecordCodec.holdPlaced(
                            sink, seq, state.headHash, ts.getEpochSecond(), ts.getNano(), transaction, timeout);
                    byte[] hash = RecordCodec.hash(writerDigest, rec);
                    durable = store.append(seq, List.of(rec));
                    state.applyHoldPlaced(transaction, timeout, ts, seq);
                    snapshot = committed(seq, hash, ts, durable);
                    result = new AppendResult(transaction.id(), seq, ts);
                }
            }
        } finally {
            unlockWrite();
        }
        finish(durable, snapshot);
        if (failed != null) {
            throw failed;
        }
        return result;
    }

    /**
     * Posts {@code amount} of a pending hold and releases the rest.
     *
     * @param holdId the hold
     * @param amount 1 to the amount held
     * @return where the posting was recorded
     * @throws UnknownHoldException if there is no such hold
     * @throws HoldResolvedException if the hold was already posted, voided or expired, or its timeout has passed
     * @throws InvalidAmountException if {@code amount} is not between 1 and the amount held
     * @throws LedgerClosedException if the ledger was closed
     */
    public AppendResult postHold(String holdId, long amount) {
        return resolve(holdId, RecordKind.HOLD_POSTED, amount);
    }

    /**
     * Voids a pending hold, releasing all of it.
     *
     * @param holdId the hold
     * @return where the void was recorded
     * @throws UnknownHoldException if there is no such hold
     * @throws HoldResolvedException if the hold was already posted, voided or expired, or its timeout has passed
     * @throws LedgerClosedException if the ledger was closed
     */
    public AppendResult voidHold(String holdId) {
        return resolve(holdId, RecordKind.HOLD_VOIDED, 0);
    }

    private AppendResult resolve(String holdId, RecordKind kind, long amount) {
        Objects.requireNonNull(holdId, "holdId");
        CompletableFuture<Void> durable;
        AppendResult result;
        PendingSnapshot snapshot;
        lock.writeLock().lock();
        try {
            checkUsable();
            Instant ts = nextTimestamp();
            HoldEntry h = state.checkResolve(holdId, kind, amount, ts);
            long seq = state.lastSequence + 1;
            byte[] rec = RecordCodec.holdResolved(
                    sink, kind, seq, state.headHash, ts.getEpochSecond(), ts.getNano(), holdId, amount);
            byte[] hash = RecordCodec.hash(writerDigest, rec);
            durable = store.append(seq, List.of(rec));
            state.applyResolve(h, kind, amount, seq);
            snapshot = committed(seq, hash, ts, durable);
            result = new AppendResult(holdId, seq, ts);
        } finally {
            unlockWrite();
        }
        finish(durable, snapshot);
        return result;
    }

    /**
     * Expires the pending holds whose timeout has passed by the ledger's clock, releasing their amounts: at most
     * {@value #MAX_BATCH} per call, oldest deadline first, so one call never holds the writer lock for long. Call it
     * again while it returns {@value #MAX_BATCH} ids.
     *
     * @return the ids of the holds expired, oldest deadline first; empty if none were due
     * @throws LedgerClosedException if the ledger was closed
     */
    public List<String> expireHolds() {
        CompletableFuture<Void> durable;
        PendingSnapshot snapshot = null;
        List<String> expired = new ArrayList<>();
        lock.writeLock().lock();
        try {
            checkUsable();
            Instant ts = nextTimestamp();
            List<HoldEntry> due = state.dueHolds(ts);
            if (due.size() > MAX_BATCH) {
                due = due.subList(0, MAX_BATCH);
            }
            if (due.isEmpty()) {
                durable = lastDurable;
            } else {
                List<byte[]> records = new ArrayList<>(due.size());
                long first = state.lastSequence + 1;
                long seq = first;
                byte[] hash = state.headHash;
                for (HoldEntry h : due) {
                    byte[] rec = RecordCodec.holdResolved(
                            sink, RecordKind.HOLD_EXPIRED, seq++, hash, ts.getEpochSecond(), ts.getNano(), h.id, 0);
                    hash = RecordCodec.hash(writerDigest, rec);
                    records.add(rec);
                }
                durable = store.append(first, records);
                seq = first;
                for (HoldEntry h : due) {
                    state.applyResolve(h, RecordKind.HOLD_EXPIRED, 0, seq++);
                    expired.add(h.id);
                }
                snapshot = committed(seq - 1, hash, ts, durable);
            }
        } finally {
            unlockWrite();
        }
        finish(durable, snapshot);
        return Collections.unmodifiableList(expired);
    }

    /**
     * Erases the value of a sensitive metadata entry (see {@link Transaction.Builder#sensitiveMetadata}) for good,
     * e.g. to honour a request to delete a buyer's personal data.
     *
     * <p>First a {@link RecordKind#REDACTED} record is appended and made durable: it names the transaction, the key,
     * the entry's salted hash, who asked and why (its timestamp says when), never the value. Then the value and its
     * salt are erased from the store. The transaction's record keeps its canonical bytes, so its hash, the chain,
     * every checkpoint and every proof stay valid and {@link #verify()} passes; reading the transaction shows the key
     * in {@link Transaction#redactedMetadataKeys()}, {@link #findByMetadata} no longer finds it by the value, and
     * exports carry the erased form. If the process dies between the two steps, the next {@link #open} erases the
     * value. Appends wait while this runs (two {@code fsync}s on the file journal).
     *
     * <p>Redacting an entry again returns the result of the first redaction and changes nothing.
     *
     * <p><b>Security:</b> the store's copy is erased (see {@link LedgerStore#redact} for what each store leaves
     * behind); copies made before, such as JSON Lines exports or backups, are not.
     *
     * @param transactionId the id of the transaction, hold or rejected transaction
     * @param key the key of its sensitive metadata entry
     * @param requestedBy who asked for the erasure, 1 to {@value Redaction#MAX_REQUESTED_BY_BYTES} UTF-8 bytes; it is
     *     recorded for good, so name a role or a case rather than a person if that is personal data too
     * @param reason why, 1 to {@value Redaction#MAX_REASON_BYTES} UTF-8 bytes; recorded for good
     * @return the id, and the sequence number and timestamp of the redaction record
     * @throws IllegalArgumentException if an argument breaks its limits
     * @throws RedactionRefusedException if the id was never used, its record has no entry under {@code key}, or the
     *     entry is not sensitive; nothing changes then
     * @throws LedgerClosedException if the ledger was closed
     * @throws LedgerException if the store fails; the ledger stops, and reopening it completes the redaction if it
     *     was recorded
     */
    public AppendResult redact(String transactionId, String key, String requestedBy, String reason) {
        Transaction.checkAscii("transaction id", transactionId, Transaction.MAX_ID_LENGTH);
        Transaction.checkAscii("metadata key", key, Transaction.MAX_METADATA_KEY_LENGTH);
        checkText("requestedBy", requestedBy, Redaction.MAX_REQUESTED_BY_BYTES);
        checkText("reason", reason, Redaction.MAX_REASON_BYTES);
        AppendResult result;
        PendingSnapshot snapshot;
        lock.writeLock().lock();
        try {
            checkUsable();
            long target = state.ids.get(transactionId);
            if (target == 0) {
                throw new RedactionRefusedException(
                        transactionId, key, RedactionRefusedException.Reason.UNKNOWN_TRANSACTION);
            }
            Long earlier = state.redactions.get(LedgerState.slot(target, key));
            if (earlier != null) {
                return new AppendResult(
                        transactionId,
                        earlier,
                        readRecord(earlier, writerDecoder).timestamp());
            }
            LedgerRecord r = readRecord(target, writerDecoder);
            Transaction tx = r.transactionOrNull();
            if (!tx.sensitiveMetadataKeys().contains(key)) {
                throw new RedactionRefusedException(
                        transactionId,
                        key,
                        tx.metadata().containsKey(key)
                                ? RedactionRefusedException.Reason.NOT_SENSITIVE
                                : RedactionRefusedException.Reason.UNKNOWN_KEY);
            }
            byte[] erased = RecordCodec.erase(r, key);
            Redaction redaction = new Redaction(transactionId, target, key, requestedBy, reason);
            Instant ts = nextTimestamp();
            long seq = state.lastSequence + 1;
            byte[] rec = RecordCodec.redacted(
                    sink,
                    seq,
                    state.headHash,
                    ts.getEpochSecond(),
                    ts.getNano(),
                    redaction,
                    r.sensitiveMetadataHash(key).orElseThrow());
            byte[] hash = RecordCodec.hash(writerDigest, rec);
            CompletableFuture<Void> durable = store.append(seq, List.of(rec));
            state.applyRedaction(target, key, seq, tx.metadata().get(key));
            snapshot = committed(seq, hash, ts, durable);
            // The redaction record must be durable before the value goes: then a crash in between is completed on
            // open, and the value never disappears without a record saying why.
            awaitDurable(durable);
            try {
                store.redact(target, erased);
            } catch (RuntimeException e) {
                failure = e;
                throw new LedgerException(
                        "the redaction was recorded at record " + seq + " but the store could not erase the value of"
                                + " record " + target + "; the ledger has stopped, reopen it to complete the erasure",
                        e);
            }
            result = new AppendResult(transactionId, seq, ts);
        } finally {
            unlockWrite();
        }
        finish(DONE, snapshot);
        return result;
    }

    private static void checkText(String what, String value, int maxBytes) {
        Objects.requireNonNull(value, what);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > maxBytes) {
            throw new IllegalArgumentException(
                    what + " was " + bytes + " UTF-8 bytes; must be between 1 and " + maxBytes);
        }
    }

    /** Compares a retried transaction or hold with the record of its id; returns the original result or throws. */
    private AppendResult original(Transaction tx, Duration timeout, long seq) {
        // The original may be among the records a combiner has not handed to the store yet.
        LedgerRecord r = unstored != null && seq >= unstoredFirst
                ? decode(seq, unstored.get((int) (seq - unstoredFirst)), writerDecoder)
                : readRecord(seq, writerDecoder);
        boolean wasHold = r.holdTimeoutOrNull() != null;
        if (wasHold != (timeout != null)) {
            throw new IdempotencyConflictException(tx.id(), "kind", seq);
        }
        Optional<String> field = r.transactionOrNull().retryDifference(tx);
        if (field.isPresent()) {
            throw new IdempotencyConflictException(tx.id(), field.get(), seq);
        }
        if (timeout != null && !timeout.equals(r.holdTimeoutOrNull())) {
            throw new IdempotencyConflictException(tx.id(), "timeout", seq);
        }
        if (r.kind() == RecordKind.REJECTED) {
            throw r.rejectionOrNull().toException(tx.id());
        }
        return new AppendResult(tx.id(), seq, r.timestamp());
    }

    /**
     * Encodes the record that {@code tx} was rejected, burning its id, and advances the state past it; the caller hands
     * the record to the store. Must hold the write lock.
     */
    private byte[] rejectRecord(Transaction tx, Duration timeout, LedgerException why, Instant ts) {
        Rejection rejection = Rejection.of(why);
        long seq = state.lastSequence + 1;
        byte[] rec = RecordCodec.rejected(
                sink, seq, state.headHash, ts.getEpochSecond(), ts.getNano(), tx, timeout, rejection);
        byte[] hash = RecordCodec.hash(writerDigest, rec);
        state.applyRejected(tx, seq);
        state.advance(seq, hash, ts);
        return rec;
    }

    /** Advances the head after records were handed to the store; must hold the write lock. */
    private PendingSnapshot committed(long lastSeq, byte[] hash, Instant ts, CompletableFuture<Void> durable) {
        state.advance(lastSeq, hash, ts);
        lastDurable = durable;
        return snapshotIfDue();
    }

    /** Encodes a snapshot if {@link Builder#snapshotInterval} records followed the last one; must hold the write lock. */
    private PendingSnapshot snapshotIfDue() {
        long lastSeq = state.lastSequence;
        if (lastSeq - snapshotRequested >= snapshotInterval) {
            snapshotRequested = lastSeq;
            return new PendingSnapshot(lastSeq, state.encodeSnapshot());
        }
        return null;
    }

    /** Encodes a snapshot if one is due and has it saved once {@code durable} completes; must hold the write lock. */
    private void saveSnapshotIfDue(CompletableFuture<Void> durable) {
        PendingSnapshot snapshot = snapshotIfDue();
        if (snapshot != null) {
            saveInBackground(durable, snapshot);
        }
    }

    private static final class PendingSnapshot {
        final long sequence;
        final byte[] state;

        PendingSnapshot(long sequence, byte[] state) {
            this.sequence = sequence;
            this.state = state;
        }
    }

    /** Waits until the records are durable; if they cannot be made so, stops the ledger. */
    private void awaitDurable(CompletableFuture<Void> durable) {
        try {
            durable.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failure = cause;
            throw new LedgerException(
                    "the store could not make the records durable; the ledger has stopped, reopen it", cause);
        }
    }

    /** Waits, outside the lock, until the records are durable; then saves a snapshot if one is due. */
    private void finish(CompletableFuture<Void> durable, PendingSnapshot snapshot) {
        awaitDurable(durable);
        if (snapshot != null) {
            saveInBackground(durable, snapshot);
        }
    }

    /**
     * Saves a snapshot on the ledger's snapshot thread once its records are durable: writing tens of megabytes is
     * never in an append's latency. Snapshots are saved in order; one older than the newest saved is skipped.
     */
    private void saveInBackground(CompletableFuture<Void> durable, PendingSnapshot snapshot) {
        durable.whenComplete((v, e) -> {
            if (e != null) {
                return;
            }
            try {
                snapshotWriter.execute(() -> saveSnapshot(snapshot));
            } catch (RejectedExecutionException closing) {
                // The ledger is closing; a missing snapshot only makes the next open slower.
            }
        });
    }

    private void saveSnapshot(PendingSnapshot snapshot) {
        if (snapshot.sequence <= snapshotSaved) {
            return;
        }
        try {
            store.saveSnapshot(snapshot.sequence, snapshot.state);
            snapshotSaved = snapshot.sequence;
        } catch (RuntimeException e) {
            // The records are durable; a missing snapshot only makes the next open slower.
            LOG.warn("could not save the ledger snapshot of record {}", snapshot.sequence, e);
        }
    }

    private Instant nextTimestamp() {
        Instant now = clock.instant();
        return now.isBefore(state.lastTimestamp) ? state.lastTimestamp : now;
    }

    private void checkUsable() {
        LedgerException e = unusable();
        if (e != null) {
            throw e;
        }
    }

    /** Returns why the ledger cannot be used, or null. */
    private LedgerException unusable() {
        if (closed) {
            return new LedgerClosedException("ledger");
        }
        Throwable f = failure;
        if (f != null) {
            return new LedgerException("the ledger stopped after a store failure; reopen it", f);
        }
        return null;
    }

    /**
     * Releases the write lock and wakes the thread of the oldest submitted append, which then takes the lock to apply
     * it (and whatever else was submitted meanwhile) unless another thread already did.
     */
    private void unlockWrite() {
        lock.writeLock().unlock();
        wakeCombiner();
    }

    /** Releases the read lock; an append may have found the lock taken by this reader, so it is woken too. */
    private void unlockRead() {
        lock.readLock().unlock();
        wakeCombiner();
    }

    private void wakeCombiner() {
        AppendRequest head = submissions.peek();
        if (head != null) {
            LockSupport.unpark(head.thread);
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Returns an account.
     *
     * @param id the account id
     * @return the account, or empty if it was never opened
     */
    public Optional<Account> account(AccountId id) {
        Objects.requireNonNull(id, "id");
        lock.readLock().lock();
        try {
            checkUsable();
            AccountState a = state.accounts.get(id.value());
            return a == null ? Optional.empty() : Optional.of(a.account);
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns every account, in the order they were opened.
     *
     * @return an unmodifiable list
     */
    public List<Account> accounts() {
        lock.readLock().lock();
        try {
            checkUsable();
            List<AccountState> all = new ArrayList<>(state.accounts.values());
            all.sort(Comparator.comparingLong(a -> a.openedSequence));
            List<Account> out = new ArrayList<>(all.size());
            all.forEach(a -> out.add(a.account));
            return Collections.unmodifiableList(out);
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns an account's totals now.
     *
     * @param id the account
     * @return its balance as of {@link #lastSequence()}
     * @throws UnknownAccountException if the account was never opened
     */
    public Balance balance(AccountId id) {
        Objects.requireNonNull(id, "id");
        lock.readLock().lock();
        try {
            checkUsable();
            AccountState a = state.account(id);
            return new Balance(
                    id,
                    a.account.currency(),
                    state.lastSequence,
                    a.debitsPosted,
                    a.creditsPosted,
                    a.debitsPending,
                    a.creditsPending);
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns an account's totals as they were just after record {@code sequence}; all zero before the account was
     * opened.
     *
     * @param id the account
     * @param sequence 0 to {@link #lastSequence()}
     * @return the balance
     * @throws IllegalArgumentException if {@code sequence} is out of range
     * @throws UnknownAccountException if the account was never opened
     */
    public Balance balanceAsOf(AccountId id, long sequence) {
        Objects.requireNonNull(id, "id");
        lock.readLock().lock();
        try {
            checkUsable();
            if (sequence < 0 || sequence > state.lastSequence) {
                throw new IllegalArgumentException(
                        "sequence was " + sequence + "; must be between 0 and " + state.lastSequence);
            }
            AccountState a = state.account(id);
            LongList history = a.history;
            int k = history.countAtMost(sequence);
            long[] totals;
            int from;
            int to;
            int sign;
            if (k <= history.size() - k) {
                totals = new long[4];
                from = 0;
                to = k;
                sign = 1;
            } else {
                totals = new long[] {a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending};
                from = k;
                to = history.size();
                sign = -1;
            }
            RecordCodec.Decoder md = new RecordCodec.Decoder();
            for (int i = from; i < to; i++) {
                addEffect(readRecord(history.get(i), md), id, sign, totals);
            }
            return new Balance(id, a.account.currency(), sequence, totals[0], totals[1], totals[2], totals[3]);
        } finally {
            unlockRead();
        }
    }

    private void addEffect(LedgerRecord r, AccountId id, int sign, long[] totals) {
        switch (r.kind()) {
            case TRANSACTION:
            case HOLD_PLACED:
                int offset = r.kind() == RecordKind.TRANSACTION ? 0 : 2;
                for (Posting p : r.transactionOrNull().postings()) {
                    if (p.debit().equals(id)) {
                        totals[offset] += sign * p.amount();
                    }
                    if (p.credit().equals(id)) {
                        totals[offset + 1] += sign * p.amount();
                    }
                }
                break;
            case HOLD_POSTED:
            case HOLD_VOIDED:
            case HOLD_EXPIRED:
                HoldEntry h = state.holds.get(r.holdIdOrNull());
                long posted = r.kind() == RecordKind.HOLD_POSTED ? r.postedAmountRaw() : 0;
                if (h.debit.account.id().equals(id)) {
                    totals[2] -= sign * h.amount;
                    totals[0] += sign * posted;
                }
                if (h.credit.account.id().equals(id)) {
                    totals[3] -= sign * h.amount;
                    totals[1] += sign * posted;
                }
                break;
            default:
                break;
        }
    }

    /**
     * Returns every record that touched an account: its opening, transactions, and hold records, in order.
     *
     * @param id the account
     * @return an unmodifiable list
     * @throws UnknownAccountException if the account was never opened
     */
    public List<LedgerRecord> accountHistory(AccountId id) {
        Objects.requireNonNull(id, "id");
        lock.readLock().lock();
        try {
            checkUsable();
            return readAll(state.account(id).history);
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns every transaction, hold and rejection whose metadata maps {@code key} to {@code value}, in order: e.g.
     * the full history of one card key or one order.
     *
     * @param key the metadata key
     * @param value the metadata value
     * @return an unmodifiable list, empty if none
     */
    public List<LedgerRecord> findByMetadata(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        lock.readLock().lock();
        try {
            checkUsable();
            ValueIndex byValue = state.metadataIndex.get(key);
            LongList plain = byValue == null ? null : byValue.get(value);
            LongList sensitive = sensitiveMatches(key, value);
            if (sensitive == null || sensitive.size() == 0) {
                return plain == null ? List.of() : readAll(plain);
            }
            return plain == null ? readAll(sensitive) : readAll(LongList.mergeSorted(plain, sensitive));
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns the records whose sensitive entry under {@code key} holds {@code value}. Snapshots do not keep sensitive
     * values, so the first look-up of a key after opening reads that key's records once; the result is kept up to
     * date from then on. Called under the read lock; readers building the same key's look-up take turns.
     */
    private LongList sensitiveMatches(String key, String value) {
        LongList candidates = state.sensitiveIndex.get(key);
        if (candidates == null) {
            return null;
        }
        synchronized (state.sensitiveValues) {
            HashMap<String, LongList> byValue = state.sensitiveValues.get(key);
            if (byValue == null) {
                byValue = new HashMap<>();
                RecordCodec.Decoder md = new RecordCodec.Decoder();
                for (int i = 0; i < candidates.size(); i++) {
                    long seq = candidates.get(i);
                    String v =
                            readRecord(seq, md).transactionOrNull().metadata().get(key);
                    if (v != null) {
                        byValue.computeIfAbsent(v, x -> new LongList()).add(seq);
                    }
                }
                state.sensitiveValues.put(key, byValue);
            }
            return byValue.get(value);
        }
    }

    private List<LedgerRecord> readAll(LongList seqs) {
        RecordCodec.Decoder md = new RecordCodec.Decoder();
        List<LedgerRecord> out = new ArrayList<>(seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            out.add(readRecord(seqs.get(i), md));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns the record of a transaction or hold id: the transaction applied, the hold placed, or the rejection.
     *
     * @param id the transaction or hold id
     * @return the record, or empty if the id was never used
     */
    public Optional<LedgerRecord> transaction(String id) {
        Objects.requireNonNull(id, "id");
        lock.readLock().lock();
        try {
            checkUsable();
            long seq = state.ids.get(id);
            return seq == 0 ? Optional.empty() : Optional.of(readRecord(seq, new RecordCodec.Decoder()));
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns the state of a hold.
     *
     * @param holdId the hold
     * @return its state; {@link HoldState#PENDING} until a record resolves it, even past its timeout
     * @throws UnknownHoldException if there is no such hold
     */
    public HoldState holdState(String holdId) {
        Objects.requireNonNull(holdId, "holdId");
        lock.readLock().lock();
        try {
            checkUsable();
            HoldEntry h = state.holds.get(holdId);
            if (h == null) {
                throw new UnknownHoldException(holdId);
            }
            return h.state;
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns one record.
     *
     * @param sequence 1 to {@link #lastSequence()}
     * @return the record
     * @throws IllegalArgumentException if {@code sequence} is out of range
     */
    public LedgerRecord record(long sequence) {
        checkRange(sequence, sequence);
        return readRecord(sequence, new RecordCodec.Decoder());
    }

    /**
     * Streams the records {@code from..to} (inclusive) to {@code consumer}, in order.
     *
     * @param from the first sequence number, at least 1
     * @param to the last sequence number, at most {@link #lastSequence()}
     * @param consumer receives each record
     * @throws IllegalArgumentException if the range is empty or out of bounds
     */
    public void readRecords(long from, long to, Consumer<LedgerRecord> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        checkRange(from, to);
        RecordCodec.Decoder md = new RecordCodec.Decoder();
        store.read(from, to, (seq, bytes) -> consumer.accept(decode(seq, bytes, md)));
    }

    private void checkRange(long from, long to) {
        long last = lastSequence();
        if (from < 1 || to < from || to > last) {
            throw new IllegalArgumentException(
                    "record range was " + from + ".." + to + "; must be non-empty and within 1.." + last);
        }
    }

    private LedgerRecord readRecord(long seq, RecordCodec.Decoder md) {
        LedgerRecord[] out = new LedgerRecord[1];
        store.read(seq, seq, (s, bytes) -> out[0] = decode(s, bytes, md));
        return out[0];
    }

    /**
     * Returns the sequence number of the last record.
     *
     * @return the last sequence number, 0 for an empty ledger
     */
    public long lastSequence() {
        lock.readLock().lock();
        try {
            checkUsable();
            return state.lastSequence;
        } finally {
            unlockRead();
        }
    }

    /**
     * Returns the hash of the last record: the head of the chain, which commits to every record.
     *
     * @return a copy of the 32-byte hash; 32 zero bytes for an empty ledger
     */
    public byte[] headHash() {
        lock.readLock().lock();
        try {
            checkUsable();
            return state.headHash.clone();
        } finally {
            unlockRead();
        }
    }

    // ------------------------------------------------------------------ verification and export

    /**
     * Verifies the whole ledger from record 1: decodes each record, recomputes its hash from the canonical bytes,
     * checks its link to the previous one, its sequence number, timestamp order and every rule (constraints, hold
     * resolution, id uniqueness, that each rejection is what the rules give), then compares the replayed balances,
     * holds and indexes with the ledger's own state and the head hash with the one the ledger holds. Appends wait
     * while it runs.
     *
     * @return what was checked
     * @throws LedgerVerificationException naming the first bad record
     */
    public VerificationResult verify() {
        lock.readLock().lock();
        try {
            checkUsable();
            long last = state.lastSequence;
            long stored = store.lastSequence();
            LedgerState replay = new LedgerState(state.ids);
            Optional<LedgerStore.Snapshot> snapshot = store.latestSnapshot();
            long snapshotAt = snapshot.map(LedgerStore.Snapshot::sequence).orElse(0L);
            byte[][] hashAtSnapshot = new byte[1][];
            if (stored > 0) {
                replayRange(store, 1, stored, replay, true, seq -> {
                    if (seq == snapshotAt) {
                        hashAtSnapshot[0] = replay.headHash;
                    }
                });
            }
            String unclaimed = replay.unclaimedErasure();
            if (unclaimed != null) {
                int slash = unclaimed.indexOf('/');
                throw new LedgerVerificationException(
                        Long.parseLong(unclaimed.substring(0, slash)),
                        "the value of its metadata '" + unclaimed.substring(slash + 1)
                                + "' was erased, but no redaction record says so");
            }
            if (stored < last) {
                throw new LedgerVerificationException(
                        stored + 1, "missing: the store ends at record " + stored + " but the ledger wrote " + last);
            }
            if (stored > last) {
                throw new LedgerVerificationException(last + 1, "the ledger did not write this record");
            }
            if (!Arrays.equals(replay.headHash, state.headHash)) {
                throw new LedgerVerificationException(
                        last,
                        "its hash " + LedgerState.hex(replay.headHash) + " differs from the hash "
                                + LedgerState.hex(state.headHash) + " the ledger computed when it wrote it");
            }
            String difference = state.firstDifference(replay);
            if (difference != null) {
                throw new LedgerVerificationException(
                        last, "the ledger's state differs from a replay of the records: " + difference);
            }
            if (hashAtSnapshot[0] != null) {
                byte[] snapshotHash = Arrays.copyOfRange(snapshot.get().state(), 9, 9 + RecordCodec.HASH_LENGTH);
                if (!MessageDigest.isEqual(snapshotHash, hashAtSnapshot[0])) {
                    throw new LedgerVerificationException(
                            snapshotAt, "its hash differs from the head hash of the snapshot saved at it");
                }
            }
            return new VerificationResult(
                    last,
                    replay.accounts.size(),
                    replay.transactions,
                    replay.holdsPlaced,
                    replay.rejections,
                    LedgerState.hex(replay.headHash));
        } finally {
            unlockRead();
        }
    }

    /**
     * Writes every record as one JSON object per line (JSON Lines): its sequence, kind, timestamp, previous hash,
     * hash, canonical bytes (base64) and a readable rendering of its body. {@link Builder#importJsonLines} reads it
     * back, re-verifying every line.
     *
     * <p><b>Security:</b> the export contains metadata values and payloads as recorded, sensitive values (with their
     * salts) too unless they were redacted before; treat it like the data directory.
     *
     * @param out where to write; flushed, not closed
     * @throws UncheckedIOException if writing fails
     */
    public void exportJsonLines(Writer out) {
        exportJsonLines(out, List.of());
    }

    /**
     * Writes every record as {@link #exportJsonLines(Writer)} does, then one line per checkpoint: {@code
     * {"checkpoint": "<the signed note>"}}. Each checkpoint is first checked against the records with {@link
     * #verifyCheckpoint}, so an export never carries a checkpoint its records do not match. {@link
     * Builder#importJsonLines(Reader, LedgerStore, CheckpointVerifierKey)} reads it back, re-verifying every line.
     *
     * <p><b>Security:</b> the export contains metadata values and payloads as recorded, sensitive values (with their
     * salts) too unless they were redacted before; treat it like the data directory.
     *
     * @param out where to write; flushed, not closed
     * @param checkpoints signed checkpoints of this ledger, written in this order
     * @throws ProofVerificationException if a checkpoint does not match the records; nothing is written then
     * @throws UncheckedIOException if writing fails
     */
    public void exportJsonLines(Writer out, List<SignedCheckpoint> checkpoints) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(checkpoints, "checkpoints");
        for (int i = 0; i < checkpoints.size(); i++) {
            verifyCheckpoint(Objects.requireNonNull(checkpoints.get(i), "checkpoints[" + i + "]")
                    .checkpoint());
        }
        long last = lastSequence();
        try {
            JsonLines.Exporter exporter = new JsonLines.Exporter(out);
            if (last > 0) {
                readRecords(1, last, exporter::write);
            }
            checkpoints.forEach(exporter::write);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the JSON Lines export as UTF-8, see {@link #exportJsonLines(Writer)}.
     *
     * @param out where to write; flushed, not closed
     * @throws UncheckedIOException if writing fails
     */
    public void exportJsonLines(OutputStream out) {
        Objects.requireNonNull(out, "out");
        exportJsonLines(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ checkpoints and proofs (see PROOFS.md)

    /**
     * Signs a checkpoint over every record so far: the RFC 6962 Merkle tree head whose leaves are the records'
     * canonical bytes in sequence order, as a C2SP {@code tlog-checkpoint} signed note whose origin is the signer's key
     * name. Waits until every record it covers is durable, so a checkpoint never commits to a record a crash could
     * lose. The first checkpoint or proof of an opened ledger reads all records once to build the tree.
     *
     * <p>The ledger does not store checkpoints: the host publishes the note and keeps what it wants to check later
     * with {@link #verifyCheckpoint}.
     *
     * @param signer the host's checkpoint signing key
     * @return the signed checkpoint
     */
    public SignedCheckpoint checkpoint(CheckpointSigner signer) {
        Objects.requireNonNull(signer, "signer");
        long last;
        CompletableFuture<Void> durable;
        lock.readLock().lock();
        try {
            checkUsable();
            last = state.lastSequence;
            durable = lastDurable;
        } finally {
            unlockRead();
        }
        finish(durable, null);
        return signer.sign(proofs.head(signer.keyName(), last));
    }

    /**
     * Proves that record {@code sequence} is in the tree that {@code checkpoint} signs; a third party checks it with
     * {@link InclusionProof#verify} (leaf data = the record's {@link LedgerRecord#canonicalBytes()}) or {@link
     * ProofVerifier}.
     *
     * @param sequence from 1 to the checkpoint's tree size
     * @param checkpoint a (verified) checkpoint of this ledger
     * @return the proof, for leaf index {@code sequence - 1}
     * @throws IllegalArgumentException if the record is not covered by the checkpoint
     * @throws ProofVerificationException if the checkpoint is not a head of this ledger as it is now
     */
    public InclusionProof proveInclusion(long sequence, Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        return proofs.proveInclusion(sequence, checkpoint, lastSequence());
    }

    /**
     * Proves that {@code newer} extends {@code older}: between the two checkpoints the ledger was only appended to.
     *
     * @param older a checkpoint of this ledger covering at least one record
     * @param newer a later checkpoint of this ledger with the same origin
     * @return the proof
     * @throws IllegalArgumentException if {@code older} is empty or larger than {@code newer}, or the origins differ
     * @throws ProofVerificationException if either checkpoint is not a head of this ledger as it is now
     */
    public ConsistencyProof proveConsistency(Checkpoint older, Checkpoint newer) {
        Objects.requireNonNull(older, "older");
        Objects.requireNonNull(newer, "newer");
        return proofs.proveConsistency(older, newer, lastSequence());
    }

    /**
     * Checks a checkpoint the host kept against the records as the store holds them now, recomputing the tree from the
     * store: this is how stored checkpoints are verified, alongside {@link #verify()} for the hash chain.
     *
     * @param checkpoint a (verified) checkpoint of this ledger
     * @throws ProofVerificationException if the ledger has fewer records than the checkpoint covers or their root
     *     differs: records were altered, removed or reordered since it was signed
     */
    public void verifyCheckpoint(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        proofs.verifyCheckpoint(checkpoint, lastSequence());
    }

    /**
     * Closes the ledger and its store. Appends that have returned are durable. Saves a snapshot of the final state
     * when 100,000 records or more (or the snapshot interval, if smaller) were appended since the last one, so that the
     * next {@link #open} does not replay them. Idempotent.
     */
    @Override
    public void close() {
        PendingSnapshot last = null;
        CompletableFuture<Void> durable;
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            durable = lastDurable;
            // A snapshot of the final state lets the next open start here instead of replaying every record since the
            // last interval's snapshot; below CLOSE_SNAPSHOT_RECORDS the replay is quicker than the snapshot.
            if (failure == null
                    && state.lastSequence - snapshotRequested >= Math.min(snapshotInterval, CLOSE_SNAPSHOT_RECORDS)) {
                snapshotRequested = state.lastSequence;
                last = new PendingSnapshot(state.lastSequence, state.encodeSnapshot());
            }
        } finally {
            unlockWrite();
        }
        // Snapshots due are saved before the store closes, and only for records that are durable.
        boolean stored = durable.handle((v, e) -> e == null).join();
        if (last != null && stored) {
            PendingSnapshot finalState = last;
            snapshotWriter.execute(() -> saveSnapshot(finalState));
        }
        snapshotWriter.shutdown();
        boolean interrupted = false;
        while (!snapshotWriter.isTerminated()) {
            try {
                snapshotWriter.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }

    /** Returns the last sequence number and head hash; never record contents. */
    @Override
    public String toString() {
        lock.readLock().lock();
        try {
            return "Ledger[" + state.lastSequence + " records, head " + LedgerState.hex(state.headHash)
                    + (closed ? ", closed" : "") + "]";
        } finally {
            unlockRead();
        }
    }
}
