package io.cardkey.crypto;

import io.cardkey.crypto.internal.Prf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Computes blind indexes: HMAC (HMAC-SHA256, or HMAC-SM3 for {@link Suite#SM4_GCM}) of the normalised code under the
 * key's index subkey, truncated to {@value BlindIndex#LENGTH} bytes. The same code gives the same index under one key
 * of one keyset.
 *
 * <p>Rotation: new indexes use the primary key. While old rows still carry indexes under older keys, look a code up
 * by every index of {@link #indexForLookup(Secret)}; re-index a row (open its sealed secret, {@link #index(Secret)}
 * again) when {@link #isCurrent(BlindIndex)} says it is not under the primary, and retire the old key afterwards.
 *
 * <p>Immutable and thread-safe: works on the keyset snapshot it was made from; each thread keeps its own MAC objects,
 * so create one indexer per keyset and share it.
 *
 * <h2>Security</h2>
 *
 * Normalise the code first (the code format's parser does), or the same code typed two ways indexes differently.
 * Codes with little entropy can be found by trying every candidate against a stolen index and index key; the index
 * key never leaves the keyset.
 */
public final class BlindIndexer {
    private final KeySlots slots;
    /** Slots in lookup order: the primary, then the other active keys, newest first. */
    private final int[] lookupOrder;

    private final ThreadLocal<State> state;

    private static final class State {
        final Prf[] prfs;
        final byte[] mac = new byte[32];

        State(int keys) {
            prfs = new Prf[keys];
        }
    }

    private BlindIndexer(KeySlots slots) {
        this.slots = slots;
        this.lookupOrder = new int[slots.ids.length];
        lookupOrder[0] = slots.primarySlot;
        for (int slot = slots.ids.length - 1, next = 1; slot >= 0; slot--) {
            if (slot != slots.primarySlot) {
                lookupOrder[next++] = slot;
            }
        }
        this.state = ThreadLocal.withInitial(() -> new State(slots.ids.length));
    }

    /**
     * Returns an indexer for {@code keyset}.
     *
     * @param keyset the keys
     * @return the indexer
     * @throws NullPointerException if {@code keyset} is null
     */
    public static BlindIndexer of(Keyset keyset) {
        return new BlindIndexer(new KeySlots(Objects.requireNonNull(keyset, "keyset")));
    }

    /**
     * Returns the index of {@code normalisedCode} under the primary key.
     *
     * @param normalisedCode the code in normal form
     * @return its index
     * @throws NullPointerException if {@code normalisedCode} is null
     * @throws IllegalStateException if the secret was destroyed
     */
    public BlindIndex index(Secret normalisedCode) {
        Objects.requireNonNull(normalisedCode, "normalisedCode");
        return indexUnder(slots.primarySlot, normalisedCode);
    }

    /**
     * Returns the index of {@code normalisedCode} under a given key.
     *
     * @param normalisedCode the code in normal form
     * @param keyId an active key id
     * @return its index
     * @throws NullPointerException if {@code normalisedCode} is null
     * @throws IllegalStateException if the secret was destroyed
     * @throws RetiredKeyException if the key was retired
     * @throws UnknownKeyException if the keyset has no such key
     */
    public BlindIndex index(Secret normalisedCode, int keyId) {
        Objects.requireNonNull(normalisedCode, "normalisedCode");
        return indexUnder(slots.slot(keyId), normalisedCode);
    }

    /**
     * Returns the index of {@code normalisedCode} under every active key, primary first: the values to look a code up
     * by while rows are being re-indexed.
     *
     * @param normalisedCode the code in normal form
     * @return one index per active key, unmodifiable
     * @throws NullPointerException if {@code normalisedCode} is null
     * @throws IllegalStateException if the secret was destroyed
     */
    public List<BlindIndex> indexForLookup(Secret normalisedCode) {
        Objects.requireNonNull(normalisedCode, "normalisedCode");
        List<BlindIndex> out = new ArrayList<>(lookupOrder.length);
        for (int slot : lookupOrder) {
            out.add(indexUnder(slot, normalisedCode));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns the key ids a stored index may be under, in the order {@link #indexForLookup(Secret)} uses: the primary
     * first, then the other active keys, newest first.
     *
     * @return the active key ids, unmodifiable
     */
    public List<Integer> lookupKeyIds() {
        List<Integer> ids = new ArrayList<>(lookupOrder.length);
        for (int slot : lookupOrder) {
            ids.add(slots.ids[slot]);
        }
        return Collections.unmodifiableList(ids);
    }

    /**
     * Says whether {@code index} was made under the primary key, so it needs no re-indexing.
     *
     * @param index a stored index
     * @return whether its key is the primary
     * @throws NullPointerException if {@code index} is null
     */
    public boolean isCurrent(BlindIndex index) {
        Objects.requireNonNull(index, "index");
        return index.keyId() == slots.ids[slots.primarySlot];
    }

    private BlindIndex indexUnder(int slot, Secret code) {
        State local = state.get();
        Prf prf = local.prfs[slot];
        if (prf == null) {
            prf = slots.suite.prf().newPrf(slots.indexKeys[slot]);
            local.prfs[slot] = prf;
        }
        byte[] bytes = code.bytesWithoutCopy();
        prf.compute(bytes, 0, bytes.length, local.mac, 0);
        return BlindIndex.adopt(slots.ids[slot], Arrays.copyOf(local.mac, BlindIndex.LENGTH));
    }

    /** Returns the suite and primary key id; never key material. */
    @Override
    public String toString() {
        return "BlindIndexer[suite=" + slots.suite + ", primary=" + KeyIds.format(slots.ids[slots.primarySlot]) + "]";
    }
}
