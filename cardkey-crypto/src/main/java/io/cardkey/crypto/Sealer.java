package io.cardkey.crypto;

import io.cardkey.crypto.internal.Aead;
import io.cardkey.crypto.internal.NonceSource;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals secrets under a keyset's primary key and opens them under any of its active keys.
 *
 * <p>Every seal draws a fresh random 96-bit nonce (there is no way to pass one in) and authenticates the
 * {@link SealedSecret} header and the {@link RecordBinding} as associated data. Opening checks, in order: the suite
 * ({@link SuiteMismatchException}), the key ({@link RetiredKeyException}, {@link UnknownKeyException}), then
 * authenticity ({@link AuthenticationFailedException}); nothing of the plaintext is returned unless all pass.
 *
 * <p>Immutable and thread-safe: a sealer works on the keyset snapshot it was made from (make a new one after
 * {@link Keyset#rotate()}). Each thread keeps its own cipher objects, so threads never wait on each other; create one
 * sealer per keyset and share it, since a new sealer builds those objects again.
 *
 * <h2>Security</h2>
 *
 * With random nonces, seal at most 2<sup>32</sup> secrets under one key (NIST SP 800-38D); rotate well before that.
 * {@link Suite#AES_256_GCM_SIV} tolerates a repeated nonce. Failures are logged at debug level with the key id only.
 */
public final class Sealer {
    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);

    private final KeySlots slots;
    private final ThreadLocal<State> state;

    /** One thread's cipher objects (one per key, made on first use) and its associated-data buffer. */
    private static final class State {
        final Aead[] aeads;
        byte[] aad = new byte[128];

        State(int keys) {
            aeads = new Aead[keys];
        }

        /** Lays out header then binding in {@link #aad}, growing it if needed; returns the length. */
        int associatedData(byte[] sealed, RecordBinding binding) {
            byte[] encoded = binding.encoded();
            int length = SealedSecret.HEADER_LENGTH + encoded.length;
            if (aad.length < length) {
                aad = new byte[length];
            }
            System.arraycopy(sealed, 0, aad, 0, SealedSecret.HEADER_LENGTH);
            System.arraycopy(encoded, 0, aad, SealedSecret.HEADER_LENGTH, encoded.length);
            return length;
        }
    }

    private Sealer(KeySlots slots) {
        this.slots = slots;
        this.state = ThreadLocal.withInitial(() -> new State(slots.ids.length));
    }

    /**
     * Returns a sealer for {@code keyset}.
     *
     * @param keyset the keys
     * @return the sealer
     * @throws NullPointerException if {@code keyset} is null
     */
    public static Sealer of(Keyset keyset) {
        return new Sealer(new KeySlots(Objects.requireNonNull(keyset, "keyset")));
    }

    /**
     * Returns the keyset this sealer works on.
     *
     * @return the keyset
     */
    public Keyset keyset() {
        return slots.keyset;
    }

    /**
     * Encrypts {@code secret} under the primary key, bound to {@code binding}.
     *
     * @param secret the plaintext; not retained, and left as it was
     * @param binding the record it belongs to
     * @return the sealed secret, {@value SealedSecret#OVERHEAD} bytes longer than the plaintext
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if {@code secret} was destroyed
     */
    public SealedSecret seal(Secret secret, RecordBinding binding) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(binding, "binding");
        return sealUnder(slots.primarySlot, secret.bytesWithoutCopy(), binding);
    }

    /**
     * Decrypts and verifies {@code sealed}, which must have been sealed for {@code binding}.
     *
     * @param sealed the sealed secret
     * @param binding the record it is read from
     * @return the plaintext
     * @throws NullPointerException if an argument is null
     * @throws SuiteMismatchException if it was sealed under another suite
     * @throws RetiredKeyException if its key was retired
     * @throws UnknownKeyException if its key is not in the keyset
     * @throws AuthenticationFailedException if it was altered or belongs to another record
     */
    public Secret open(SealedSecret sealed, RecordBinding binding) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        return Secret.adopt(openToBytes(sealed, binding));
    }

    /**
     * Re-seals {@code sealed} under the primary key, after verifying it. A sealed secret already under the primary is
     * verified and returned as it is.
     *
     * @param sealed the sealed secret
     * @param binding the record it belongs to
     * @return a sealed secret under the primary key that opens to the same plaintext
     * @throws NullPointerException if an argument is null
     * @throws SuiteMismatchException if it was sealed under another suite
     * @throws RetiredKeyException if its key was retired
     * @throws UnknownKeyException if its key is not in the keyset
     * @throws AuthenticationFailedException if it was altered or belongs to another record
     */
    public SealedSecret rewrap(SealedSecret sealed, RecordBinding binding) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        byte[] plaintext = openToBytes(sealed, binding);
        try {
            return sealed.keyId() == slots.ids[slots.primarySlot]
                    ? sealed
                    : sealUnder(slots.primarySlot, plaintext, binding);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private SealedSecret sealUnder(int slot, byte[] plaintext, RecordBinding binding) {
        byte[] out = new byte[SealedSecret.OVERHEAD + plaintext.length];
        SealedSecret.writeHeader(out, slots.suite, slots.ids[slot]);
        NonceSource.next(out, SealedSecret.NONCE_OFFSET);
        State local = state.get();
        int aadLength = local.associatedData(out, binding);
        aead(local, slot)
                .seal(
                        out,
                        SealedSecret.NONCE_OFFSET,
                        local.aad,
                        0,
                        aadLength,
                        plaintext,
                        0,
                        plaintext.length,
                        out,
                        SealedSecret.CIPHERTEXT_OFFSET);
        return SealedSecret.adopt(out, slots.suite);
    }

    private byte[] openToBytes(SealedSecret sealed, RecordBinding binding) {
        if (sealed.suite() != slots.suite) {
            throw new SuiteMismatchException(slots.suite, sealed.suite());
        }
        int keyId = sealed.keyId();
        int slot = slots.slot(keyId);
        byte[] in = sealed.bytes();
        int length = in.length - SealedSecret.CIPHERTEXT_OFFSET;
        byte[] plaintext = new byte[length - Aead.TAG_LENGTH];
        State local = state.get();
        int aadLength = local.associatedData(in, binding);
        boolean authentic = aead(local, slot)
                .open(
                        in,
                        SealedSecret.NONCE_OFFSET,
                        local.aad,
                        0,
                        aadLength,
                        in,
                        SealedSecret.CIPHERTEXT_OFFSET,
                        length,
                        plaintext,
                        0);
        if (!authentic) {
            LOG.debug("sealed secret under key id {} failed authentication", KeyIds.format(keyId));
            throw new AuthenticationFailedException(keyId);
        }
        return plaintext;
    }

    private Aead aead(State local, int slot) {
        Aead aead = local.aeads[slot];
        if (aead == null) {
            aead = slots.suite.newAead(slots.encryptionKeys[slot]);
            local.aeads[slot] = aead;
        }
        return aead;
    }

    /** Returns the suite and primary key id; never key material. */
    @Override
    public String toString() {
        return "Sealer[suite=" + slots.suite + ", primary=" + KeyIds.format(slots.ids[slots.primarySlot]) + "]";
    }
}
