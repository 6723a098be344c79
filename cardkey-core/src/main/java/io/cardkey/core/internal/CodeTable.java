package io.cardkey.core.internal;

import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.Sku;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

/**
 * The card keys of the in-memory store, kept compact enough for ten million codes: columns of primitives in pages of
 * 65,536 record ids instead of an object per code.
 *
 * <p>Design: ids are handed out densely ({@code reserveIds}), so id {@code i} lives in page {@code i >>> 16}, slot
 * {@code i & 0xFFFF}. A page holds the state, frozen-from state and revealed flag as bytes; product, batch, expiry
 * and order as indexes into small intern tables (codes share a handful of products, batches and expiry instants); the
 * sales count and version as ints; and an offset into the page's byte arena, where the masked code, the blind index
 * and the sealed secret of the slot are written once, back to back. A {@link CardKey} is built on demand when read.
 *
 * <p>The secondary indexes are bit sets over ids: per product and state one set per expiry instant, kept in a sorted
 * map, so walking the map in order and each set by ascending id gives first-expiring-first order; one set per batch.
 * The blind index is an open-addressing table of ids, compared against the arena. {@link #write} and {@link #read}
 * move the columns and the blind-index table as raw arrays, so a snapshot of ten million codes loads in bulk; the bit
 * sets are rebuilt from the columns in one pass.
 *
 * <p>Not thread-safe: the store's monitor guards it.
 */
final class CodeTable {
    static final int PAGE_BITS = 16;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;
    private static final CardKeyState[] STATES = CardKeyState.values();
    private static final int INT_COLUMNS = 7;
    private static final int SKU = 0;
    private static final int BATCH = PAGE;
    private static final int EXPIRY = 2 * PAGE;
    private static final int ORDER = 3 * PAGE;
    private static final int SALES = 4 * PAGE;
    private static final int VERSION = 5 * PAGE;
    private static final int OFFSET = 6 * PAGE;
    private static final Instant NEVER = Instant.MAX;

    private Page[] pages = new Page[4];
    private long size;
    private final Interner<Sku> skus = new Interner<>();
    private final Interner<String> batches = new Interner<>();
    private final Interner<Instant> expiries = new Interner<>();
    private final Interner<String> orders = new Interner<>();
    private final List<Slots> slots = new ArrayList<>();
    private final List<IdSet> byBatch = new ArrayList<>();
    /** Per slot: the blind index's 32-bit hash in the high half, the id in the low half; 0 when empty. */
    private long[] blind = new long[1 << 10];

    private int blindUsed;

    /** The columns of 65,536 ids. */
    private static final class Page {
        /** 0 when the slot is empty, else the state's ordinal + 1. */
        final byte[] state = new byte[PAGE];
        /** 0 when not frozen, else the frozen-from state's ordinal + 1. */
        final byte[] frozenFrom = new byte[PAGE];

        final byte[] revealed = new byte[PAGE];
        /**
         * The int columns side by side (product, batch, expiry, order, sales count, version, arena offset), one array
         * of 1.8 MB: G1 allocates it straight into the old generation instead of copying it out of the young one.
         */
        final int[] ints = new int[INT_COLUMNS * PAGE];

        byte[] arena = new byte[1 << 12];
        int used;

        int append(byte[] masked, byte[] index, byte[] sealed) {
            int need = 1 + masked.length + 1 + index.length + 2 + sealed.length;
            if (used + need > arena.length) {
                long grown = Math.max((long) arena.length * 2, (long) used + need);
                if (grown > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("a page of 65,536 codes holds more than 2 GB of sealed data");
                }
                arena = Arrays.copyOf(arena, (int) grown);
            }
            int at = used;
            arena[used++] = (byte) masked.length;
            System.arraycopy(masked, 0, arena, used, masked.length);
            used += masked.length;
            arena[used++] = (byte) index.length;
            System.arraycopy(index, 0, arena, used, index.length);
            used += index.length;
            arena[used++] = (byte) (sealed.length >>> 8);
            arena[used++] = (byte) sealed.length;
            System.arraycopy(sealed, 0, arena, used, sealed.length);
            used += sealed.length;
            return at;
        }
    }

    /** The id sets of one product: per state, per expiry instant ({@link #NEVER} for none). */
    private static final class Slots {
        final Map<CardKeyState, NavigableMap<Instant, IdSet>> byState = new EnumMap<>(CardKeyState.class);
        final long[] counts = new long[STATES.length];

        IdSet set(CardKeyState state, Instant expiry) {
            return byState.computeIfAbsent(state, s -> new TreeMap<>()).computeIfAbsent(expiry, e -> new IdSet());
        }
    }

    /** Returns how many codes are stored. */
    long size() {
        return size;
    }

    /** Returns whether a code with this id is stored. */
    boolean contains(long id) {
        Page p = page(id);
        return p != null && p.state[(int) (id & MASK)] != 0;
    }

    /** Returns the stored version of a code, or 0 if there is none. */
    long version(long id) {
        Page p = page(id);
        int s = (int) (id & MASK);
        return p == null || p.state[s] == 0 ? 0 : p.ints[VERSION + s];
    }

    /** Returns a code, or {@code null}. */
    CardKey get(long id) {
        Page p = page(id);
        if (p == null) {
            return null;
        }
        int s = (int) (id & MASK);
        if (p.state[s] == 0) {
            return null;
        }
        int off = p.ints[OFFSET + s];
        int maskedLength = p.arena[off] & 0xFF;
        String masked = new String(p.arena, off + 1, maskedLength, StandardCharsets.UTF_8);
        return new CardKey(
                id,
                skus.get(p.ints[SKU + s]),
                batches.get(p.ints[BATCH + s]),
                STATES[p.state[s] - 1],
                p.frozenFrom[s] == 0 ? Optional.empty() : Optional.of(STATES[p.frozenFrom[s] - 1]),
                p.ints[EXPIRY + s] == 0 ? Optional.empty() : Optional.of(expiries.get(p.ints[EXPIRY + s])),
                p.ints[ORDER + s] == 0 ? Optional.empty() : Optional.of(orders.get(p.ints[ORDER + s])),
                p.revealed[s] != 0,
                p.ints[SALES + s],
                masked,
                p.ints[VERSION + s]);
    }

    /** Returns a copy of a code's sealed secret, or {@code null}. */
    byte[] sealed(long id) {
        Page p = page(id);
        int s = (int) (id & MASK);
        if (p == null || p.state[s] == 0) {
            return null;
        }
        int off = p.ints[OFFSET + s];
        off += 1 + (p.arena[off] & 0xFF);
        off += 1 + (p.arena[off] & 0xFF);
        int length = ((p.arena[off] & 0xFF) << 8) | (p.arena[off + 1] & 0xFF);
        return Arrays.copyOfRange(p.arena, off + 2, off + 2 + length);
    }

    /** Returns a copy of a code's stored blind index; the code must be stored. */
    byte[] blindIndex(long id) {
        Page p = page(id);
        int off = p.ints[OFFSET + (int) (id & MASK)];
        off += 1 + (p.arena[off] & 0xFF);
        return Arrays.copyOfRange(p.arena, off + 1, off + 1 + (p.arena[off] & 0xFF));
    }

    /** Visits the ids of stored codes above {@code afterId}, ascending, until the visitor returns false. */
    void forEachAfter(long afterId, LongPredicate visitor) {
        for (long id = Math.max(afterId + 1, 1); (id >>> PAGE_BITS) < pages.length; id++) {
            Page p = pages[(int) (id >>> PAGE_BITS)];
            if (p == null) {
                id |= MASK;
            } else if (p.state[(int) (id & MASK)] != 0 && !visitor.test(id)) {
                return;
            }
        }
    }

    /**
     * Replaces a stored code's blind index and sealed secret; the caller has checked that the new index is not
     * another code's. Forms of the same lengths are overwritten in place, others appended to the page's arena.
     */
    void replaceForms(long id, byte[] index, byte[] sealed) {
        if (index.length > 255 || sealed.length > 0xFFFF) {
            throw new IllegalArgumentException(
                    "blindIndex or sealedSecret of card key " + id + " is too long; at most 255 and 65535 bytes");
        }
        removeBlind(id);
        Page p = page(id);
        int s = (int) (id & MASK);
        int off = p.ints[OFFSET + s];
        int maskedLength = p.arena[off] & 0xFF;
        int at = off + 1 + maskedLength;
        int oldIndex = p.arena[at] & 0xFF;
        int oldSealed = ((p.arena[at + 1 + oldIndex] & 0xFF) << 8) | (p.arena[at + 2 + oldIndex] & 0xFF);
        if (oldIndex == index.length && oldSealed == sealed.length) {
            System.arraycopy(index, 0, p.arena, at + 1, index.length);
            System.arraycopy(sealed, 0, p.arena, at + 3 + index.length, sealed.length);
        } else {
            byte[] masked = Arrays.copyOfRange(p.arena, off + 1, off + 1 + maskedLength);
            p.ints[OFFSET + s] = p.append(masked, index, sealed);
        }
        insertBlind((int) id, index);
    }

    /** Takes a stored code out of the blind-index table, shifting later entries of its probe run back. */
    private void removeBlind(long id) {
        byte[] index = blindIndex(id);
        int mask = blind.length - 1;
        int i = hash(index, 0, index.length) & mask;
        while ((blind[i] & 0xFFFFFFFFL) != id) {
            i = (i + 1) & mask;
        }
        for (int j = (i + 1) & mask; blind[j] != 0; j = (j + 1) & mask) {
            int home = (int) (blind[j] >>> 32) & mask;
            boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!stays) {
                blind[i] = blind[j];
                i = j;
            }
        }
        blind[i] = 0;
        blindUsed--;
    }

    /** Returns the id of the code with this blind index, or 0. */
    long findBlind(byte[] index) {
        int mask = blind.length - 1;
        int h = hash(index, 0, index.length);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long slot = blind[i];
            if (slot == 0) {
                return 0;
            }
            // Comparing the stored hash first keeps most probes away from the arena (a cache miss each).
            if ((int) (slot >>> 32) == h && blindEquals(slot & 0xFFFFFFFFL, index)) {
                return slot & 0xFFFFFFFFL;
            }
        }
    }

    /**
     * Adds a new code with its protected forms; the caller has checked that neither id nor blind index is stored.
     *
     * @throws IllegalStateException if the id is beyond what the table addresses
     */
    void add(CardKey key, byte[] index, byte[] sealed) {
        long id = key.id();
        if (id > Integer.MAX_VALUE) {
            throw new IllegalStateException("card key id was " + id + "; the in-memory store holds ids up to 2^31-1");
        }
        byte[] masked = key.maskedCode().getBytes(StandardCharsets.UTF_8);
        if (masked.length > 255 || index.length > 255 || sealed.length > 0xFFFF) {
            throw new IllegalArgumentException("maskedCode, blindIndex or sealedSecret of card key " + id
                    + " is too long; at most 255, 255 and 65535 bytes");
        }
        Page p = pageFor(id);
        int s = (int) (id & MASK);
        p.ints[OFFSET + s] = p.append(masked, index, sealed);
        p.ints[BATCH + s] = batches.intern(key.batchId());
        columns(p, s, key);
        size++;
        slotsOf(p.ints[SKU + s]).counts[key.state().ordinal()]++;
        slotsOf(p.ints[SKU + s]).set(key.state(), key.expiresAt().orElse(NEVER)).add(id);
        batchSet(p.ints[BATCH + s]).add(id);
        insertBlind((int) id, index);
    }

    /**
     * Replaces a stored code's row (its protected forms stay); the product, batch and masked code never change.
     *
     * @return the row it replaced
     */
    CardKey update(CardKey key) {
        long id = key.id();
        Page p = page(id);
        int s = (int) (id & MASK);
        CardKey old = get(id);
        Slots slot = slotsOf(p.ints[SKU + s]);
        slot.counts[old.state().ordinal()]--;
        slot.set(old.state(), old.expiresAt().orElse(NEVER)).remove(id);
        columns(p, s, key);
        slot = slotsOf(p.ints[SKU + s]);
        slot.counts[key.state().ordinal()]++;
        slot.set(key.state(), key.expiresAt().orElse(NEVER)).add(id);
        return old;
    }

    private void columns(Page p, int s, CardKey key) {
        p.state[s] = (byte) (key.state().ordinal() + 1);
        p.frozenFrom[s] =
                (byte) key.frozenFrom().map(f -> f.ordinal() + 1).orElse(0).intValue();
        p.revealed[s] = (byte) (key.revealed() ? 1 : 0);
        p.ints[SKU + s] = skus.intern(key.sku());
        p.ints[EXPIRY + s] = key.expiresAt().map(expiries::intern).orElse(0);
        p.ints[ORDER + s] = key.orderId().map(orders::intern).orElse(0);
        p.ints[SALES + s] = Math.toIntExact(key.salesCount());
        p.ints[VERSION + s] = Math.toIntExact(key.version());
    }

    /** Counts a product's codes in one state. */
    long count(Sku sku, CardKeyState state) {
        int i = skus.indexOf(sku);
        return i == 0 ? 0 : slotsOf(i).counts[state.ordinal()];
    }

    /**
     * Visits the ids of a product's codes in one state whose expiry is after {@code after} (codes that never expire
     * last), first-expiring-first then by id, until the visitor returns false.
     *
     * @param after visit only codes expiring after it; {@code null} for all
     */
    void forEach(Sku sku, CardKeyState state, Instant after, LongPredicate visitor) {
        int i = skus.indexOf(sku);
        if (i == 0) {
            return;
        }
        NavigableMap<Instant, IdSet> sets = slotsOf(i).byState.get(state);
        if (sets == null) {
            return;
        }
        for (IdSet set : (after == null ? sets : sets.tailMap(after, false)).values()) {
            for (long id = set.first(); id > 0; id = set.next(id + 1)) {
                if (!visitor.test(id)) {
                    return;
                }
            }
        }
    }

    /** Counts a product's codes in one state whose expiry is after {@code after}. */
    long countAfter(Sku sku, CardKeyState state, Instant after) {
        int i = skus.indexOf(sku);
        if (i == 0) {
            return 0;
        }
        NavigableMap<Instant, IdSet> sets = slotsOf(i).byState.get(state);
        long n = 0;
        if (sets != null) {
            for (IdSet set : sets.tailMap(after, false).values()) {
                n += set.size();
            }
        }
        return n;
    }

    /** Visits the ids of a batch above {@code afterId}, ascending, until the visitor returns false. */
    void forEachOfBatch(String batchId, long afterId, LongPredicate visitor) {
        int b = batches.indexOf(batchId);
        if (b == 0 || b >= byBatch.size()) {
            return;
        }
        IdSet set = byBatch.get(b);
        for (long id = set.next(afterId + 1); id > 0; id = set.next(id + 1)) {
            if (!visitor.test(id)) {
                return;
            }
        }
    }

    /**
     * Visits the id of every code held by one of the orders named, ascending.
     *
     * @param orderIds the orders
     * @param visitor receives the id and the order's id
     */
    void forEachHeldBy(Set<String> orderIds, BiConsumer<Long, String> visitor) {
        Map<Integer, String> wanted = new HashMap<>();
        for (String o : orderIds) {
            int i = orders.indexOf(o);
            if (i != 0) {
                wanted.put(i, o);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        for (int pi = 0; pi < pages.length; pi++) {
            Page p = pages[pi];
            if (p == null) {
                continue;
            }
            for (int s = 0; s < PAGE; s++) {
                if (p.state[s] != 0 && p.ints[ORDER + s] != 0) {
                    String o = wanted.get(p.ints[ORDER + s]);
                    if (o != null) {
                        visitor.accept(((long) pi << PAGE_BITS) | s, o);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ snapshots

    /** Writes every column, the intern tables and the blind-index table. */
    void write(DataOutputStream out) throws IOException {
        out.writeLong(size);
        skus.write(out, (o, v) -> o.writeUTF(v.code()));
        batches.write(out, DataOutputStream::writeUTF);
        expiries.write(out, (o, v) -> {
            o.writeLong(v.getEpochSecond());
            o.writeInt(v.getNano());
        });
        orders.write(out, DataOutputStream::writeUTF);
        int present = 0;
        for (Page p : pages) {
            if (p != null) {
                present++;
            }
        }
        out.writeInt(present);
        byte[] buffer = new byte[INT_COLUMNS * PAGE * 4];
        for (int pi = 0; pi < pages.length; pi++) {
            Page p = pages[pi];
            if (p == null) {
                continue;
            }
            out.writeInt(pi);
            out.write(p.state);
            out.write(p.frozenFrom);
            out.write(p.revealed);
            Bytes.putInts(p.ints, buffer);
            out.write(buffer);
            out.writeInt(p.used);
            out.write(p.arena, 0, p.used);
        }
        out.writeInt(blind.length);
        out.writeInt(blindUsed);
        byte[] chunk = new byte[PAGE * 8];
        for (int from = 0; from < blind.length; from += PAGE) {
            int n = Math.min(PAGE, blind.length - from);
            Bytes.putLongs(blind, from, n, chunk);
            out.write(chunk, 0, n * 8);
        }
    }

    /**
     * Reads what {@link #write} wrote into an empty table and rebuilds the id sets.
     *
     * @throws IOException if the input ends early
     * @throws IllegalStateException if the content is inconsistent
     */
    void read(DataInputStream in, long limit) throws IOException {
        long n = in.readLong();
        if (n < 0 || n > limit) {
            throw new IllegalStateException("the snapshot lists " + n + " codes in a file of " + limit + " bytes");
        }
        skus.read(in, i -> Sku.of(i.readUTF()));
        batches.read(in, i -> i.readUTF());
        expiries.read(in, i -> Instant.ofEpochSecond(i.readLong(), i.readInt()));
        orders.read(in, i -> i.readUTF());
        int present = InMemoryInventoryStore.count(in.readInt(), limit / PAGE);
        byte[] buffer = new byte[INT_COLUMNS * PAGE * 4];
        long counted = 0;
        for (int k = 0; k < present; k++) {
            int pi = in.readInt();
            if (pi < 0 || pi > (Integer.MAX_VALUE >>> PAGE_BITS)) {
                throw new IllegalStateException("page index was " + pi);
            }
            if (page((long) pi << PAGE_BITS) != null) {
                throw new IllegalStateException("page " + pi + " appears twice");
            }
            Page p = pageFor((long) pi << PAGE_BITS);
            in.readFully(p.state);
            in.readFully(p.frozenFrom);
            in.readFully(p.revealed);
            in.readFully(buffer);
            Bytes.getInts(buffer, p.ints);
            p.used = InMemoryInventoryStore.count(in.readInt(), limit);
            p.arena = new byte[Math.max(p.used, 16)];
            in.readFully(p.arena, 0, p.used);
            counted += index(pi, p);
        }
        if (counted != n) {
            throw new IllegalStateException("the snapshot lists " + n + " codes but holds " + counted);
        }
        size = n;
        int length = InMemoryInventoryStore.count(in.readInt(), limit);
        if (Integer.bitCount(length) != 1) {
            throw new IllegalStateException("blind-index table length was " + length);
        }
        blind = new long[length];
        blindUsed = in.readInt();
        byte[] chunk = new byte[PAGE * 8];
        for (int from = 0; from < length; from += PAGE) {
            int m = Math.min(PAGE, length - from);
            in.readFully(chunk, 0, m * 8);
            Bytes.getLongs(chunk, m, blind, from);
        }
        if (blindUsed != n) {
            throw new IllegalStateException("the blind-index table holds " + blindUsed + " of " + n + " codes");
        }
    }

    /** Adds the slots of one page read from a snapshot to the id sets; returns how many slots are used. */
    private long index(int pi, Page p) {
        long used = 0;
        int lastSku = -1;
        int lastState = -1;
        int lastExpiry = -1;
        IdSet set = null;
        int lastBatch = -1;
        IdSet batchSet = null;
        for (int s = 0; s < PAGE; s++) {
            int state = p.state[s];
            if (state == 0) {
                continue;
            }
            if (state > STATES.length
                    || p.ints[SKU + s] < 1
                    || p.ints[SKU + s] > skus.size()
                    || p.ints[BATCH + s] < 1
                    || p.ints[BATCH + s] > batches.size()
                    || p.ints[EXPIRY + s] < 0
                    || p.ints[EXPIRY + s] > expiries.size()
                    || p.ints[ORDER + s] < 0
                    || p.ints[ORDER + s] > orders.size()
                    || p.ints[OFFSET + s] < 0
                    || p.ints[OFFSET + s] >= p.used) {
                throw new IllegalStateException("slot " + s + " of page " + pi + " is inconsistent");
            }
            long id = ((long) pi << PAGE_BITS) | s;
            if (p.ints[SKU + s] != lastSku || state != lastState || p.ints[EXPIRY + s] != lastExpiry) {
                lastSku = p.ints[SKU + s];
                lastState = state;
                lastExpiry = p.ints[EXPIRY + s];
                set = slotsOf(lastSku).set(STATES[state - 1], lastExpiry == 0 ? NEVER : expiries.get(lastExpiry));
            }
            slotsOf(lastSku).counts[state - 1]++;
            set.add(id);
            if (p.ints[BATCH + s] != lastBatch) {
                lastBatch = p.ints[BATCH + s];
                batchSet = batchSet(lastBatch);
            }
            batchSet.add(id);
            used++;
        }
        return used;
    }

    // ------------------------------------------------------------------ internals

    private Page page(long id) {
        long pi = id >>> PAGE_BITS;
        return id < 0 || pi >= pages.length ? null : pages[(int) pi];
    }

    private Page pageFor(long id) {
        int pi = (int) (id >>> PAGE_BITS);
        if (pi >= pages.length) {
            pages = Arrays.copyOf(pages, Math.max(pages.length * 2, pi + 1));
        }
        if (pages[pi] == null) {
            pages[pi] = new Page();
        }
        return pages[pi];
    }

    private Slots slotsOf(int sku) {
        while (slots.size() <= sku) {
            slots.add(new Slots());
        }
        return slots.get(sku);
    }

    private IdSet batchSet(int batch) {
        while (byBatch.size() <= batch) {
            byBatch.add(new IdSet());
        }
        return byBatch.get(batch);
    }

    private boolean blindEquals(long id, byte[] index) {
        Page p = page(id);
        int off = p.ints[OFFSET + (int) (id & MASK)];
        off += 1 + (p.arena[off] & 0xFF);
        int length = p.arena[off] & 0xFF;
        return length == index.length && Arrays.equals(p.arena, off + 1, off + 1 + length, index, 0, index.length);
    }

    private void insertBlind(int id, byte[] index) {
        if ((blindUsed + 1) * 2L > blind.length) {
            growBlind();
        }
        int h = hash(index, 0, index.length);
        int mask = blind.length - 1;
        int i = h & mask;
        while (blind[i] != 0) {
            i = (i + 1) & mask;
        }
        blind[i] = ((long) h << 32) | id;
        blindUsed++;
    }

    /** Doubles the table, placing entries by their stored hash without reading the arena. */
    private void growBlind() {
        long[] old = blind;
        blind = new long[old.length * 2];
        int mask = blind.length - 1;
        for (long slot : old) {
            if (slot != 0) {
                int i = (int) (slot >>> 32) & mask;
                while (blind[i] != 0) {
                    i = (i + 1) & mask;
                }
                blind[i] = slot;
            }
        }
    }

    /** FNV-1a over the bytes, then a final mix: blind indexes are keyed hashes already, test data may not be. */
    static int hash(byte[] bytes, int from, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < from + length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** Values numbered from 1 in the order first seen; 0 means none. */
    private static final class Interner<T> {
        private final Map<T, Integer> index = new HashMap<>();
        private final List<T> values = new ArrayList<>();

        int intern(T value) {
            Integer i = index.get(value);
            if (i == null) {
                values.add(value);
                i = values.size();
                index.put(value, i);
            }
            return i;
        }

        int indexOf(T value) {
            return index.getOrDefault(value, 0);
        }

        T get(int i) {
            return values.get(i - 1);
        }

        int size() {
            return values.size();
        }

        void write(DataOutputStream out, Writer<T> writer) throws IOException {
            out.writeInt(values.size());
            for (T v : values) {
                writer.write(out, v);
            }
        }

        void read(DataInputStream in, Reader<T> reader) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > 1 << 28) {
                throw new IllegalStateException("intern table size was " + n);
            }
            for (int i = 0; i < n; i++) {
                T v = reader.read(in);
                if (index.putIfAbsent(v, values.size() + 1) != null) {
                    throw new IllegalStateException("intern table repeats a value");
                }
                values.add(v);
            }
        }
    }

    @FunctionalInterface
    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }
}
