package io.cardkey.ledger;

import io.cardkey.ledger.internal.ByteSink;
import io.cardkey.ledger.internal.ByteSource;
import io.cardkey.ledger.internal.ByteSource.MalformedException;
import io.cardkey.ledger.internal.LongList;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state derived from the records: accounts and their totals, holds, the idempotency index and the metadata index,
 * plus the head of the hash chain. Holds every ledger rule, so that appending, replaying and verifying share one
 * implementation.
 *
 * <p>Design note: rules are checked before anything changes. A batch is checked transaction by transaction against an
 * overlay of the deltas of the transactions before it in the batch; the overlay lives in the account objects and is
 * valid only for the current {@code epoch}, so starting a new check costs nothing. Only when the whole batch passes
 * is it applied, which cannot fail. Not thread-safe: the ledger guards it with its lock.
 */
final class LedgerState {
    static final int SNAPSHOT_VERSION = 2;

    /** One account and its totals. */
    static final class AccountState {
        final Account account;
        final long openedSequence;
        long debitsPosted;
        long creditsPosted;
        long debitsPending;
        long creditsPending;
        long ovEpoch;
        long ovDebitsPosted;
        long ovCreditsPosted;
        long ovDebitsPending;
        long ovCreditsPending;
        final LongList history = new LongList();

        AccountState(Account account, long openedSequence) {
            this.account = account;
            this.openedSequence = openedSequence;
        }

        void touch(long epoch) {
            if (ovEpoch != epoch) {
                ovEpoch = epoch;
                ovDebitsPosted = debitsPosted;
                ovCreditsPosted = creditsPosted;
                ovDebitsPending = debitsPending;
                ovCreditsPending = creditsPending;
            }
        }

        void addHistory(long sequence, boolean indexing) {
            if (indexing && (history.size() == 0 || history.get(history.size() - 1) != sequence)) {
                history.add(sequence);
            }
        }
    }

    /** One hold. */
    static final class HoldEntry {
        final String id;
        final AccountState debit;
        final AccountState credit;
        final long amount;
        final Instant expiresAt;
        final long placedSequence;
        HoldState state = HoldState.PENDING;
        long resolvedSequence;

        HoldEntry(String id, AccountState debit, AccountState credit, long amount, Instant expiresAt, long placed) {
            this.id = id;
            this.debit = debit;
            this.credit = credit;
            this.amount = amount;
            this.expiresAt = expiresAt;
            this.placedSequence = placed;
        }
    }

    final HashMap<String, AccountState> accounts = new HashMap<>();
    /** Transaction and hold id to the sequence number of the record that used it (applied, placed or rejected). */
    final IdIndex ids;

    final HashMap<String, HoldEntry> holds = new HashMap<>();
    final HashMap<String, HoldEntry> pendingHolds = new HashMap<>();
    /** Plain metadata key to value to the records that carry it. */
    final HashMap<String, ValueIndex> metadataIndex = new HashMap<>();
    /**
     * Sensitive metadata key to the records whose value under it is still stored. Snapshots keep this, never the
     * values; {@link #sensitiveValues} is built from the records when a look-up first needs it.
     */
    final HashMap<String, LongList> sensitiveIndex = new HashMap<>();
    /**
     * Sensitive key to value to records, for the keys {@code findByMetadata} has looked up since the ledger opened;
     * kept up to date from then on. Guarded by itself for the readers that build it, and by the ledger's write lock.
     */
    final HashMap<String, HashMap<String, LongList>> sensitiveValues = new HashMap<>();
    /** {@code "<sequence>/<key>"} of each erased entry to the sequence number of the record of its redaction. */
    final HashMap<String, Long> redactions = new HashMap<>();
    /**
     * While replaying: the entries found erased, {@code "<sequence>/<key>"} to their hash, until the record of their
     * redaction claims them. Verification requires each to be claimed.
     */
    final HashMap<String, byte[]> erasedUnclaimed = new HashMap<>();
    /**
     * While replaying to open or import: redaction records whose entry was not seen erased (it may precede the
     * snapshot, or a crash came between recording the redaction and erasing the value); the ledger checks each.
     */
    final List<LedgerRecord> redactionsToCheck = new ArrayList<>();

    long lastSequence;
    byte[] headHash = RecordCodec.ZERO_HASH;
    Instant lastTimestamp = Instant.EPOCH;
    long transactions;
    long holdsPlaced;
    long rejections;
    private long epoch;
    /** Whether account histories and the metadata index are kept; verification does without them. */
    private final boolean indexing;
    /** For verification: the live ledger's id index to check ids against; null when this state keeps its own. */
    private final IdIndex idReference;

    private long idsChecked;

    /** Creates an empty state that keeps every index. */
    LedgerState() {
        this(16);
    }

    /** Creates an empty state that keeps every index, with room for {@code ids} ids before its id index grows. */
    private LedgerState(int ids) {
        this.indexing = true;
        this.idReference = null;
        this.ids = new IdIndex(ids);
    }

    /**
     * Creates an empty state for verification that checks ids against {@code reference} (the live ledger's index)
     * instead of building its own: each id-bearing record must be the one the index points to, and the index must
     * hold exactly as many ids as the records use. That proves uniqueness without a second index of every id.
     */
    LedgerState(IdIndex reference) {
        this.indexing = false;
        this.idReference = reference;
        this.ids = new IdIndex(0);
    }

    // ---- checks (no visible change) ----

    /** Starts a new overlay: the deltas of earlier checks are forgotten. */
    void beginCheck() {
        epoch++;
    }

    AccountState account(AccountId id) {
        AccountState a = accounts.get(id.value());
        if (a == null) {
            throw new UnknownAccountException(id);
        }
        return a;
    }

    /**
     * Checks {@code tx} against the state plus the overlay, and adds its deltas to the overlay if it passes.
     *
     * @return null if it passes, else the exception that rejects it (which burns its id)
     */
    LedgerException checkTransaction(Transaction tx, boolean pending) {
        List<Posting> postings = tx.postings();
        try {
            for (int i = 0; i < postings.size(); i++) {
                Posting p = postings.get(i);
                AccountState d = account(p.debit());
                AccountState c = account(p.credit());
                if (!d.account.currency().equals(c.account.currency())) {
                    return new CurrencyMismatchException(
                            p.debit(), d.account.currency(), p.credit(), c.account.currency());
                }
                d.touch(epoch);
                c.touch(epoch);
                long amount = p.amount();
                long debitTotal = pending ? d.ovDebitsPending : d.ovDebitsPosted;
                long creditTotal = pending ? c.ovCreditsPending : c.ovCreditsPosted;
                if (debitTotal > Long.MAX_VALUE - amount) {
                    return new AmountOverflowException(tx.id(), p.debit());
                }
                if (creditTotal > Long.MAX_VALUE - amount) {
                    return new AmountOverflowException(tx.id(), p.credit());
                }
                if (pending) {
                    d.ovDebitsPending += amount;
                    c.ovCreditsPending += amount;
                } else {
                    d.ovDebitsPosted += amount;
                    c.ovCreditsPosted += amount;
                }
            }
        } catch (UnknownAccountException e) {
            return e;
        }
        for (int i = 0; i < postings.size(); i++) {
            Posting p = postings.get(i);
            LedgerException e = violation(tx.id(), accounts.get(p.debit().value()));
            if (e == null) {
                e = violation(tx.id(), accounts.get(p.credit().value()));
            }
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static LedgerException violation(String txId, AccountState a) {
        AccountConstraint c = a.account.constraint();
        try {
            if (c == AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS) {
                long used = Math.addExact(a.ovDebitsPosted, a.ovDebitsPending);
                if (used > a.ovCreditsPosted) {
                    return new ConstraintViolationException(txId, a.account.id(), c, used - a.ovCreditsPosted);
                }
            } else if (c == AccountConstraint.CREDITS_MUST_NOT_EXCEED_DEBITS) {
                long used = Math.addExact(a.ovCreditsPosted, a.ovCreditsPending);
                if (used > a.ovDebitsPosted) {
                    return new ConstraintViolationException(txId, a.account.id(), c, used - a.ovDebitsPosted);
                }
            }
        } catch (ArithmeticException e) {
            return new AmountOverflowException(txId, a.account.id());
        }
        return null;
    }

    /**
     * Checks that hold {@code holdId} can be resolved as {@code kind} at {@code when}.
     *
     * @throws UnknownHoldException, HoldResolvedException, InvalidAmountException or AmountOverflowException
     */
    HoldEntry checkResolve(String holdId, RecordKind kind, long amount, Instant when) {
        HoldEntry h = holds.get(holdId);
        if (h == null) {
            throw new UnknownHoldException(holdId);
        }
        if (h.state != HoldState.PENDING) {
            throw new HoldResolvedException(holdId, h.state);
        }
        boolean expired = !when.isBefore(h.expiresAt);
        if (kind == RecordKind.HOLD_EXPIRED) {
            if (!expired) {
                throw new LedgerException("hold " + holdId + " expires at " + h.expiresAt + ", not yet at " + when);
            }
            return h;
        }
        if (expired) {
            throw new HoldResolvedException(holdId, HoldState.EXPIRED);
        }
        if (kind == RecordKind.HOLD_POSTED) {
            if (amount < 1 || amount > h.amount) {
                throw new InvalidAmountException(
                        amount,
                        "amount to post from hold " + holdId + " was " + amount + "; must be between 1 and the held "
                                + h.amount);
            }
            if (h.debit.debitsPosted > Long.MAX_VALUE - amount) {
                throw new AmountOverflowException(holdId, h.debit.account.id());
            }
            if (h.credit.creditsPosted > Long.MAX_VALUE - amount) {
                throw new AmountOverflowException(holdId, h.credit.account.id());
            }
        }
        return h;
    }

    /** Returns the holds still pending whose timeout has passed at {@code when}, oldest first. */
    List<HoldEntry> dueHolds(Instant when) {
        List<HoldEntry> due = new ArrayList<>();
        for (HoldEntry h : pendingHolds.values()) {
            if (!when.isBefore(h.expiresAt)) {
                due.add(h);
            }
        }
        due.sort(Comparator.comparing((HoldEntry h) -> h.expiresAt).thenComparingLong(h -> h.placedSequence));
        return due;
    }

    // ---- changes (cannot fail) ----

    void advance(long sequence, byte[] hash, Instant timestamp) {
        lastSequence = sequence;
        headHash = hash;
        lastTimestamp = timestamp;
    }

    void applyAccountOpened(Account a, long sequence) {
        AccountState s = new AccountState(a, sequence);
        s.history.add(sequence);
        accounts.put(a.id().value(), s);
    }

    void applyTransaction(Transaction tx, long sequence) {
        List<Posting> postings = tx.postings();
        for (int i = 0; i < postings.size(); i++) {
            Posting p = postings.get(i);
            AccountState d = accounts.get(p.debit().value());
            AccountState c = accounts.get(p.credit().value());
            d.debitsPosted += p.amount();
            c.creditsPosted += p.amount();
            d.addHistory(sequence, indexing);
            c.addHistory(sequence, indexing);
        }
        recordId(tx.id(), sequence);
        index(tx, sequence);
        transactions++;
    }

    void applyHoldPlaced(Transaction tx, Duration timeout, Instant timestamp, long sequence) {
        Posting p = tx.postings().get(0);
        AccountState d = accounts.get(p.debit().value());
        AccountState c = accounts.get(p.credit().value());
        d.debitsPending += p.amount();
        c.creditsPending += p.amount();
        d.addHistory(sequence, indexing);
        c.addHistory(sequence, indexing);
        HoldEntry h = new HoldEntry(tx.id(), d, c, p.amount(), timestamp.plus(timeout), sequence);
        holds.put(tx.id(), h);
        pendingHolds.put(tx.id(), h);
        recordId(tx.id(), sequence);
        index(tx, sequence);
        holdsPlaced++;
    }

    void applyResolve(HoldEntry h, RecordKind kind, long amount, long sequence) {
        h.debit.debitsPending -= h.amount;
        h.credit.creditsPending -= h.amount;
        if (kind == RecordKind.HOLD_POSTED) {
            h.debit.debitsPosted += amount;
            h.credit.creditsPosted += amount;
            h.state = HoldState.POSTED;
        } else {
            h.state = kind == RecordKind.HOLD_VOIDED ? HoldState.VOIDED : HoldState.EXPIRED;
        }
        h.resolvedSequence = sequence;
        h.debit.addHistory(sequence, indexing);
        h.credit.addHistory(sequence, indexing);
        pendingHolds.remove(h.id);
    }

    void applyRejected(Transaction tx, long sequence) {
        recordId(tx.id(), sequence);
        index(tx, sequence);
        rejections++;
    }

    private void recordId(String id, long sequence) {
        if (idReference == null) {
            ids.put(id, sequence);
        } else {
            idsChecked++;
        }
    }

    private void index(Transaction tx, long sequence) {
        if (!indexing) {
            return;
        }
        for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
            if (tx.isSensitive(e.getKey())) {
                sensitiveIndex.computeIfAbsent(e.getKey(), k -> new LongList()).add(sequence);
                HashMap<String, LongList> byValue = sensitiveValues.get(e.getKey());
                if (byValue != null) {
                    byValue.computeIfAbsent(e.getValue(), v -> new LongList()).add(sequence);
                }
            } else {
                metadataIndex.computeIfAbsent(e.getKey(), k -> new ValueIndex()).add(e.getValue(), sequence);
            }
        }
    }

    static String slot(long sequence, String key) {
        return sequence + "/" + key;
    }

    /**
     * Records that the value of {@code key} in record {@code target} was erased by record {@code sequence}, and drops
     * it from the look-up indexes.
     *
     * @param value the erased value if the caller knows it (to drop it from {@link #sensitiveValues}), else null
     */
    void applyRedaction(long target, String key, long sequence, String value) {
        redactions.put(slot(target, key), sequence);
        if (!indexing) {
            return;
        }
        LongList records = sensitiveIndex.get(key);
        if (records != null) {
            records.remove(target);
            if (records.size() == 0) {
                sensitiveIndex.remove(key);
            }
        }
        HashMap<String, LongList> byValue = sensitiveValues.get(key);
        if (byValue != null && value != null) {
            LongList withValue = byValue.get(value);
            if (withValue != null) {
                withValue.remove(target);
                if (withValue.size() == 0) {
                    byValue.remove(value);
                }
            }
        } else if (byValue != null) {
            // The value is not known here: build the key's look-up again when it is next needed.
            sensitiveValues.remove(key);
        }
    }

    // ---- replay and verification ----

    /**
     * Checks one decoded record against the chain and every rule, then applies it.
     *
     * @throws LedgerVerificationException naming the record if anything is wrong
     */
    void replay(long storeSequence, LedgerRecord r) {
        replay(storeSequence, r, LOOK_UP, false);
    }

    /** For {@link #replay(long, LedgerRecord, long, boolean)}: the id has not been looked up yet. */
    static final long LOOK_UP = -1;

    /**
     * Looks up the sequence number that the reference id index gives for the id of {@code r}: 0 if the index does not
     * hold it, {@link #LOOK_UP} if this state keeps its own index or {@code r} has no id. Only reads the reference
     * index, which the caller keeps unchanged during verification, so decoding threads may call it while another
     * thread replays; that takes the hash map's cache misses off the replaying thread.
     */
    long lookUpId(LedgerRecord r) {
        Transaction tx = r.transactionOrNull();
        if (idReference == null || tx == null) {
            return LOOK_UP;
        }
        return idReference.get(tx.id());
    }

    /**
     * Checks one decoded record against the chain and every rule, then applies it.
     *
     * @param indexedId what {@link #lookUpId} returned for {@code r}, or {@link #LOOK_UP}
     * @param linkedToPrevious whether the caller already found that {@code r}'s previous hash equals the hash of the
     *     record before it, which is the head hash if that record was replayed
     * @throws LedgerVerificationException naming the record if anything is wrong
     */
    void replay(long storeSequence, LedgerRecord r, long indexedId, boolean linkedToPrevious) {
        if (r.sequence() != storeSequence) {
            throw new LedgerVerificationException(
                    storeSequence,
                    "record found at position " + storeSequence + " says it is record " + r.sequence()
                            + " (records removed, inserted or reordered)");
        }
        if (storeSequence != lastSequence + 1) {
            throw new LedgerVerificationException(storeSequence, "expected record " + (lastSequence + 1) + " next");
        }
        // Chain hashes are public, so the vectorized comparison needs no constant-time care.
        if (!linkedToPrevious && !Arrays.equals(r.previousHashShared(), headHash)) {
            throw new LedgerVerificationException(
                    storeSequence,
                    "previous hash " + hex(r.previousHashShared()) + " does not match the hash " + hex(headHash)
                            + " of record " + lastSequence);
        }
        if (r.timestamp().isBefore(lastTimestamp)) {
            throw new LedgerVerificationException(
                    storeSequence, "timestamp " + r.timestamp() + " is before the previous record's " + lastTimestamp);
        }
        try {
            replayBody(r, indexedId);
        } catch (LedgerException e) {
            throw new LedgerVerificationException(storeSequence, e.getMessage(), e);
        }
        advance(storeSequence, r.hashShared(), r.timestamp());
    }

    private void replayBody(LedgerRecord r, long indexedId) {
        long seq = r.sequence();
        Transaction tx = r.transactionOrNull();
        if (tx != null && !tx.redactedMetadataKeys().isEmpty()) {
            for (String key : tx.redactedMetadataKeys()) {
                erasedUnclaimed.put(slot(seq, key), r.sensitiveMetadataHash(key).orElseThrow());
            }
        }
        if (tx != null) {
            if (idReference == null) {
                long used = ids.get(tx.id());
                if (used != 0) {
                    throw new LedgerException("id " + tx.id() + " was already used by record " + used);
                }
            } else {
                long indexed = indexedId == LOOK_UP ? lookUpId(r) : indexedId;
                if (indexed == 0) {
                    throw new LedgerException("id " + tx.id() + " is missing from the ledger's idempotency index");
                }
                if (indexed != seq) {
                    throw new LedgerException("id " + tx.id() + " is also used by record " + indexed
                            + " (the ledger's idempotency index points there)");
                }
            }
        }
        switch (r.kind()) {
            case ACCOUNT_OPENED:
                Account a = r.accountOrNull();
                if (accounts.containsKey(a.id().value())) {
                    throw new LedgerException("account " + a.id() + " was already opened");
                }
                applyAccountOpened(a, seq);
                break;
            case TRANSACTION:
                beginCheck();
                throwIfRejected(checkTransaction(tx, false));
                applyTransaction(tx, seq);
                break;
            case HOLD_PLACED:
                if (tx.postings().size() != 1) {
                    throw new LedgerException(
                            "hold " + tx.id() + " has " + tx.postings().size() + " postings; must have 1");
                }
                beginCheck();
                throwIfRejected(checkTransaction(tx, true));
                applyHoldPlaced(tx, r.holdTimeoutOrNull(), r.timestamp(), seq);
                break;
            case HOLD_POSTED:
            case HOLD_VOIDED:
            case HOLD_EXPIRED:
                HoldEntry h = checkResolve(r.holdIdOrNull(), r.kind(), r.postedAmountRaw(), r.timestamp());
                applyResolve(h, r.kind(), r.postedAmountRaw(), seq);
                break;
            case REJECTED:
                beginCheck();
                boolean hold = r.holdTimeoutOrNull() != null;
                LedgerException actual = hold && tx.postings().size() != 1 ? null : checkTransaction(tx, hold);
                Rejection recorded = r.rejectionOrNull();
                if (!recorded.sameAs(actual == null ? null : Rejection.of(actual))) {
                    throw new LedgerException("rejection of " + tx.id() + " is not what the rules give at this point ("
                            + (actual == null ? "the transaction passes" : actual.getMessage()) + ")");
                }
                applyRejected(tx, seq);
                break;
            case REDACTED:
                replayRedaction(r);
                break;
            default:
                throw new IllegalStateException(r.kind().name());
        }
    }

    private void replayRedaction(LedgerRecord r) {
        Redaction d = r.redactionOrNull();
        long used = (idReference == null ? ids : idReference).get(d.transactionId());
        if (used != d.transactionSequence()) {
            throw new LedgerException("redaction names transaction " + d.transactionId() + " at record "
                    + d.transactionSequence() + ", but that id "
                    + (used == 0 ? "was never used" : "is at record " + used));
        }
        String slot = slot(d.transactionSequence(), d.key());
        Long earlier = redactions.get(slot);
        if (earlier != null) {
            throw new LedgerException("metadata '" + d.key() + "' of record " + d.transactionSequence()
                    + " was already redacted by record " + earlier);
        }
        byte[] erased = erasedUnclaimed.remove(slot);
        if (erased != null) {
            if (!MessageDigest.isEqual(erased, r.redactedHashOrNull())) {
                throw new LedgerException("redaction of metadata '" + d.key() + "' of record " + d.transactionSequence()
                        + " names a different hash than the record holds");
            }
        } else if (idReference != null) {
            throw new LedgerException("redaction of metadata '" + d.key() + "' of record " + d.transactionSequence()
                    + " was recorded, but the record still holds the value");
        } else {
            redactionsToCheck.add(r);
        }
        applyRedaction(d.transactionSequence(), d.key(), r.sequence(), null);
    }

    /**
     * After a verifying replay: names the first entry found erased that no redaction record accounts for, or null.
     */
    String unclaimedErasure() {
        return erasedUnclaimed.isEmpty()
                ? null
                : erasedUnclaimed.keySet().stream().sorted().findFirst().orElseThrow();
    }

    private static void throwIfRejected(LedgerException e) {
        if (e != null) {
            throw e;
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /**
     * Compares derived state with another replay of the same records; returns the first difference or null. Account
     * histories and the metadata index are compared only if {@code o} keeps them.
     */
    String firstDifference(LedgerState o) {
        if (lastSequence != o.lastSequence) {
            return "last sequence " + lastSequence + " vs " + o.lastSequence;
        }
        if (!Arrays.equals(headHash, o.headHash)) {
            return "head hash " + hex(headHash) + " vs " + hex(o.headHash);
        }
        if (accounts.size() != o.accounts.size()) {
            return accounts.size() + " accounts vs " + o.accounts.size();
        }
        for (AccountState a : accounts.values()) {
            AccountState b = o.accounts.get(a.account.id().value());
            if (b == null
                    || !a.account.equals(b.account)
                    || a.debitsPosted != b.debitsPosted
                    || a.creditsPosted != b.creditsPosted
                    || a.debitsPending != b.debitsPending
                    || a.creditsPending != b.creditsPending
                    || (o.indexing && !Arrays.equals(a.history.toArray(), b.history.toArray()))) {
                return "totals or history of account " + a.account.id();
            }
        }
        if (o.idReference == ids) {
            if (o.idsChecked != ids.size()) {
                return "idempotency index holds " + ids.size() + " ids, the records use " + o.idsChecked;
            }
        } else if (!ids.sameAs(o.ids)) {
            return "idempotency index (" + ids.size() + " vs " + o.ids.size() + " ids)";
        }
        if (holds.size() != o.holds.size() || pendingHolds.size() != o.pendingHolds.size()) {
            return "holds";
        }
        for (HoldEntry h : holds.values()) {
            HoldEntry g = o.holds.get(h.id);
            if (g == null
                    || g.state != h.state
                    || g.amount != h.amount
                    || g.resolvedSequence != h.resolvedSequence
                    || !g.expiresAt.equals(h.expiresAt)) {
                return "hold " + h.id;
            }
        }
        if (o.indexing && !metadataIndexAsArrays().equals(o.metadataIndexAsArrays())) {
            return "metadata index";
        }
        if (!redactions.equals(o.redactions)) {
            return "redactions (" + redactions.size() + " vs " + o.redactions.size() + ")";
        }
        return null;
    }

    private Map<String, List<Long>> metadataIndexAsArrays() {
        Map<String, List<Long>> out = new TreeMap<>();
        metadataIndex.forEach((k, values) -> values.forEach((v, list) -> {
            List<Long> l = new ArrayList<>();
            for (long s : list.toArray()) {
                l.add(s);
            }
            out.put(k + "\u0000" + v, l);
        }));
        return out;
    }

    // ---- snapshot ----

    byte[] encodeSnapshot() {
        ByteSink s = new ByteSink(1024 + accounts.size() * 64 + ids.size() * 40);
        s.u8(SNAPSHOT_VERSION);
        s.i64(lastSequence);
        s.raw(headHash);
        s.i64(lastTimestamp.getEpochSecond());
        s.i32(lastTimestamp.getNano());
        s.i64(transactions);
        s.i64(holdsPlaced);
        s.i64(rejections);
        s.i32(accounts.size());
        for (AccountState a : sortedAccounts()) {
            s.ascii(a.account.id().value());
            s.raw(a.account.currency().getCurrencyCode().getBytes(StandardCharsets.US_ASCII));
            s.u8(a.account.constraint().code());
            s.i64(a.openedSequence);
            s.i64(a.debitsPosted);
            s.i64(a.creditsPosted);
            s.i64(a.debitsPending);
            s.i64(a.creditsPending);
            writeLongs(s, a.history);
        }
        s.i32(ids.size());
        ids.encode(s);
        s.i32(holds.size());
        for (HoldEntry h : holds.values()) {
            s.ascii(h.id);
            s.ascii(h.debit.account.id().value());
            s.ascii(h.credit.account.id().value());
            s.i64(h.amount);
            s.i64(h.expiresAt.getEpochSecond());
            s.i32(h.expiresAt.getNano());
            s.i64(h.placedSequence);
            s.u8(h.state.ordinal());
            s.i64(h.resolvedSequence);
        }
        s.i32(metadataIndex.size());
        for (Map.Entry<String, ValueIndex> k : metadataIndex.entrySet()) {
            s.ascii(k.getKey());
            s.i32(k.getValue().size());
            k.getValue().encode(s);
        }
        // Version 2: which records hold sensitive values under which key (never the values), and the redactions.
        s.i32(sensitiveIndex.size());
        for (Map.Entry<String, LongList> k : sensitiveIndex.entrySet()) {
            s.ascii(k.getKey());
            writeLongs(s, k.getValue());
        }
        s.i32(redactions.size());
        for (Map.Entry<String, Long> e : redactions.entrySet()) {
            s.str(e.getKey());
            s.i64(e.getValue());
        }
        return s.toByteArray();
    }

    private Collection<AccountState> sortedAccounts() {
        List<AccountState> list = new ArrayList<>(accounts.values());
        list.sort(Comparator.comparingLong(a -> a.openedSequence));
        return list;
    }

    private static void writeLongs(ByteSink s, LongList list) {
        s.i32(list.size());
        for (int i = 0; i < list.size(); i++) {
            s.i64(list.get(i));
        }
    }

    /** Reads a list written by {@link #writeLongs}; {@code into} is null for a new list of the exact size. */
    private static LongList readLongs(ByteSource in, LongList into) {
        int n = in.i32();
        if (n < 0 || n > in.remaining() / 8) {
            throw new MalformedException("list length " + n + " is impossible here");
        }
        LongList l = into == null ? new LongList(n) : into;
        for (int i = 0; i < n; i++) {
            l.add(in.i64());
        }
        return l;
    }

    private static int count(ByteSource in) {
        int n = in.i32();
        if (n < 0 || n > in.remaining()) {
            throw new MalformedException("count " + n + " is impossible here");
        }
        return n;
    }

    /**
     * Decodes a snapshot.
     *
     * @throws UnsupportedRecordVersionException if it was written by a newer version
     * @throws LedgerVerificationException if it cannot be decoded
     */
    static LedgerState decodeSnapshot(long sequence, byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        try {
            int version = in.u8();
            if (version > SNAPSHOT_VERSION) {
                throw new UnsupportedRecordVersionException("snapshot", sequence, version, SNAPSHOT_VERSION);
            }
            if (version < 1) {
                throw new MalformedException("version byte was " + version);
            }
            long lastSequence = in.i64();
            if (lastSequence != sequence) {
                throw new MalformedException("snapshot says sequence " + lastSequence + ", stored as " + sequence);
            }
            byte[] headHash = in.raw(RecordCodec.HASH_LENGTH);
            Instant lastTimestamp = Instant.ofEpochSecond(in.i64(), in.i32());
            long transactions = in.i64();
            long holdsPlaced = in.i64();
            long rejections = in.i64();
            // Each transaction, hold and rejection used one id: size the id index once instead of growing it.
            long idsUsed = transactions + holdsPlaced + rejections;
            LedgerState st = new LedgerState(idsUsed < 0 || idsUsed > bytes.length ? 16 : (int) idsUsed);
            st.lastSequence = lastSequence;
            st.headHash = headHash;
            st.lastTimestamp = lastTimestamp;
            st.transactions = transactions;
            st.holdsPlaced = holdsPlaced;
            st.rejections = rejections;
            int accounts = count(in);
            for (int i = 0; i < accounts; i++) {
                AccountId id = AccountId.of(in.ascii());
                Currency currency = Currency.getInstance(new String(in.raw(3), StandardCharsets.US_ASCII));
                Account account = Account.of(id, currency, AccountConstraint.ofCode(in.u8()));
                AccountState a = new AccountState(account, in.i64());
                a.debitsPosted = in.i64();
                a.creditsPosted = in.i64();
                a.debitsPending = in.i64();
                a.creditsPending = in.i64();
                readLongs(in, a.history);
                st.accounts.put(id.value(), a);
            }
            int ids = count(in);
            for (int i = 0; i < ids; i++) {
                st.ids.put(in.ascii(), in.i64());
            }
            int holds = count(in);
            for (int i = 0; i < holds; i++) {
                String id = in.ascii();
                AccountState d = st.accounts.get(in.ascii());
                AccountState c = st.accounts.get(in.ascii());
                if (d == null || c == null) {
                    throw new MalformedException("hold " + id + " names an account that is not in the snapshot");
                }
                long amount = in.i64();
                Instant expiresAt = Instant.ofEpochSecond(in.i64(), in.i32());
                HoldEntry h = new HoldEntry(id, d, c, amount, expiresAt, in.i64());
                int state = in.u8();
                if (state >= HoldState.values().length) {
                    throw new MalformedException("hold state " + state);
                }
                h.state = HoldState.values()[state];
                h.resolvedSequence = in.i64();
                st.holds.put(id, h);
                if (h.state == HoldState.PENDING) {
                    st.pendingHolds.put(id, h);
                }
            }
            int keys = count(in);
            for (int i = 0; i < keys; i++) {
                String key = in.ascii();
                int values = count(in);
                ValueIndex byValue = new ValueIndex();
                for (int j = 0; j < values; j++) {
                    String value = in.utf8();
                    LongList records = readLongs(in, null);
                    if (records.size() == 0 || byValue.get(value) != null) {
                        throw new MalformedException("metadata value listed twice or with no record");
                    }
                    for (int r = 0; r < records.size(); r++) {
                        if (r > 0 && records.get(r) <= records.get(r - 1)) {
                            throw new MalformedException("metadata records out of order");
                        }
                        byValue.add(value, records.get(r));
                    }
                }
                st.metadataIndex.put(key, byValue);
            }
            if (version >= 2) {
                int sensitiveKeys = count(in);
                for (int i = 0; i < sensitiveKeys; i++) {
                    st.sensitiveIndex.put(in.ascii(), readLongs(in, null));
                }
                int redactions = count(in);
                for (int i = 0; i < redactions; i++) {
                    st.redactions.put(in.utf8(), in.i64());
                }
            }
            if (in.remaining() != 0) {
                throw new MalformedException(in.remaining() + " bytes follow the end of the snapshot");
            }
            return st;
        } catch (MalformedException | IllegalArgumentException | DateTimeException e) {
            throw new LedgerVerificationException(sequence, "snapshot cannot be decoded: " + e.getMessage(), e);
        }
    }
}
