package io.cardkey.crypto;

import java.util.List;

/**
 * The keys of one keyset snapshot laid out in arrays, so that the hot paths find a key id by a linear scan over a few
 * ints and keep their per-thread primitives in arrays with the same index.
 */
final class KeySlots {
    final Keyset keyset;
    final Suite suite;
    final int[] ids;
    final byte[][] encryptionKeys;
    final byte[][] indexKeys;
    final int primarySlot;
    private final int[] retiredIds;

    KeySlots(Keyset keyset) {
        this.keyset = keyset;
        this.suite = keyset.suite();
        List<Keyset.Key> active =
                keyset.keys().stream().filter(k -> !k.retired()).toList();
        ids = new int[active.size()];
        encryptionKeys = new byte[active.size()][];
        indexKeys = new byte[active.size()][];
        int primary = -1;
        for (int i = 0; i < ids.length; i++) {
            Keyset.Key key = active.get(i);
            ids[i] = key.id;
            encryptionKeys[i] = key.encryptionKey;
            indexKeys[i] = key.indexKey;
            if (key.id == keyset.primaryKeyId()) {
                primary = i;
            }
        }
        primarySlot = primary;
        retiredIds = keyset.retiredKeyIds().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Returns the slot of an active key.
     *
     * @throws RetiredKeyException if the key was retired
     * @throws UnknownKeyException if the keyset never had it
     */
    int slot(int keyId) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == keyId) {
                return i;
            }
        }
        for (int retired : retiredIds) {
            if (retired == keyId) {
                throw new RetiredKeyException(keyId);
            }
        }
        throw new UnknownKeyException(keyId);
    }
}
