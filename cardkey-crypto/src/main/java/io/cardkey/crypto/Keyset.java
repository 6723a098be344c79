package io.cardkey.crypto;

import static io.cardkey.crypto.KeysetIntegrityException.Reason.CHECKSUM_MISMATCH;
import static io.cardkey.crypto.KeysetIntegrityException.Reason.MALFORMED;
import static io.cardkey.crypto.KeysetIntegrityException.Reason.NOT_AUTHENTIC;
import static io.cardkey.crypto.KeysetIntegrityException.Reason.NOT_A_KEYSET;
import static io.cardkey.crypto.KeysetIntegrityException.Reason.PARAMETERS_OUT_OF_RANGE;
import static io.cardkey.crypto.KeysetIntegrityException.Reason.TRUNCATED;
import static io.cardkey.crypto.KeysetIntegrityException.Reason.WRONG_WRAPPING_METHOD;

import io.cardkey.crypto.internal.Argon2id;
import io.cardkey.crypto.internal.Hkdf;
import io.cardkey.crypto.internal.NonceSource;
import io.cardkey.crypto.internal.Prf;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned keys of one {@link Suite}, one of them primary. New seals and blind indexes use the primary; sealed
 * secrets under older keys still open until their key is {@linkplain #retire(int) retired}.
 *
 * <p>Every key is a 256-bit random root with a random, unique, non-zero 32-bit id. From each root, HKDF (HKDF-SHA256,
 * or HKDF-SM3 for {@link Suite#SM4_GCM}) derives two separate subkeys, one for sealing and one for the blind index, with
 * info strings {@code "cardkey/v1/seal"} and {@code "cardkey/v1/index"} followed by suite id and key id; no key is
 * used for two purposes.
 *
 * <h2>Stored forms</h2>
 *
 * All integers are big-endian.
 *
 * <p>Plain keyset ({@link #exportUnencrypted}): {@code "CKKS" | format version (1) = 1 | suite id (1) | primary key
 * id (4) | key count (2) | per key: key id (4), status (1: 1 = active, 2 = retired), root length (1: 32, or 0 when
 * retired), root}. Retired keys keep only their id, so that their sealed secrets report {@link RetiredKeyException}
 * rather than {@link UnknownKeyException}.
 *
 * <p>Wrapped keyset ({@link #wrap}, {@link #wrapWithPassphrase}): {@code "CKWK" | format version (1) = 1 | method (1:
 * 1 = key-encryption key, 2 = passphrase) | for a passphrase: Argon2id memory KiB (4), iterations (4), parallelism
 * (1), salt (16), passphrase check (16) | payload length (4) | payload | SHA-256 of everything before it (32)}. The
 * payload is the plain keyset encrypted by the key-encryption key (or, for a passphrase, AES-256-GCM under a key
 * derived from Argon2id), with everything before the payload length as associated data. The unkeyed SHA-256 catches
 * damage and casual edits early; the AEAD catches deliberate ones.
 *
 * <p>Immutable and thread-safe: {@link #rotate()} and {@link #retire(int)} return new keysets.
 *
 * <h2>Security</h2>
 *
 * {@link #toString()} shows ids and counts, never key material. Raw material leaves only through
 * {@link #exportUnencrypted(PlaintextAccess)}. A passphrase-wrapped keyset can be attacked offline by guessing
 * passphrases, at the cost of one Argon2id derivation per guess with the stored parameters: choose a long passphrase
 * and {@link PassphraseParameters#recommended()} or stronger.
 */
public final class Keyset {
    private static final Logger LOG = LoggerFactory.getLogger(Keyset.class);

    static final int FORMAT_VERSION = 1;
    static final int ROOT_LENGTH = 32;
    static final int INDEX_KEY_LENGTH = 32;
    private static final byte[] PLAIN_MAGIC = {'C', 'K', 'K', 'S'};
    private static final byte[] WRAPPED_MAGIC = {'C', 'K', 'W', 'K'};
    private static final int METHOD_KEK = 1;
    private static final int METHOD_PASSPHRASE = 2;
    private static final int SALT_LENGTH = 16;
    private static final int CHECK_LENGTH = 16;
    private static final int DIGEST_LENGTH = 32;
    private static final int STATUS_ACTIVE = 1;
    private static final int STATUS_RETIRED = 2;
    private static final int MAX_KEYS = 0xFFFF;

    /** One key: id, and for an active key its root and the two subkeys derived from it. */
    static final class Key {
        final int id;
        final byte[] root;
        final byte[] encryptionKey;
        final byte[] indexKey;

        Key(int id, byte[] root, Suite suite) {
            this.id = id;
            this.root = root;
            if (root == null) {
                this.encryptionKey = null;
                this.indexKey = null;
            } else {
                this.encryptionKey = derive(suite, root, "cardkey/v1/seal", id, suite.encryptionKeyLength());
                this.indexKey = derive(suite, root, "cardkey/v1/index", id, INDEX_KEY_LENGTH);
            }
        }

        boolean retired() {
            return root == null;
        }

        private static byte[] derive(Suite suite, byte[] root, String purpose, int id, int length) {
            byte[] label = purpose.getBytes(StandardCharsets.US_ASCII);
            byte[] info = ByteBuffer.allocate(label.length + 5)
                    .put(label)
                    .put((byte) suite.id())
                    .putInt(id)
                    .array();
            return Hkdf.derive(suite.prf(), new byte[0], root, info, length);
        }
    }

    private final Suite suite;
    private final int primaryKeyId;
    private final List<Key> keys;

    private Keyset(Suite suite, int primaryKeyId, List<Key> keys) {
        this.suite = suite;
        this.primaryKeyId = primaryKeyId;
        this.keys = Collections.unmodifiableList(keys);
    }

    /**
     * Returns a new keyset with one fresh random key, which is primary.
     *
     * @param suite the suite every key of the keyset uses
     * @return the keyset
     * @throws NullPointerException if {@code suite} is null
     */
    public static Keyset generate(Suite suite) {
        Objects.requireNonNull(suite, "suite");
        Key key = new Key(newKeyId(Set.of()), NonceSource.randomBytes(ROOT_LENGTH), suite);
        return new Keyset(suite, key.id, new ArrayList<>(List.of(key)));
    }

    /**
     * Returns a keyset with one more fresh key, which becomes the primary. The old keys stay, so what they sealed
     * still opens; {@link Sealer#rewrap} moves it to the new primary.
     *
     * @return the new keyset; this one is unchanged
     * @throws IllegalStateException if the keyset already holds 65535 keys, counting retired ones
     */
    public Keyset rotate() {
        if (keys.size() >= MAX_KEYS) {
            throw new IllegalStateException("keyset already holds " + keys.size() + " keys, active and retired (retired"
                    + " keys keep their id), the most its stored form lists; create a new keyset and re-seal under it");
        }
        Set<Integer> used = new HashSet<>();
        keys.forEach(k -> used.add(k.id));
        Key key = new Key(newKeyId(used), NonceSource.randomBytes(ROOT_LENGTH), suite);
        List<Key> next = new ArrayList<>(keys);
        next.add(key);
        LOG.info(
                "keyset rotated: new primary key id {}, previous {}",
                KeyIds.format(key.id),
                KeyIds.format(primaryKeyId));
        return new Keyset(suite, key.id, next);
    }

    /**
     * Returns a keyset in which {@code keyId} is retired: its material is dropped, and what was sealed or indexed
     * under it fails with {@link RetiredKeyException}. Rewrap and re-index first.
     *
     * @param keyId an active, non-primary key id; retiring an already retired key returns this keyset
     * @return the new keyset
     * @throws UnknownKeyException if the keyset has no such key
     * @throws IllegalArgumentException if {@code keyId} is the primary
     */
    public Keyset retire(int keyId) {
        Key key = find(keyId);
        if (key == null) {
            throw new UnknownKeyException(keyId);
        }
        if (key.retired()) {
            return this;
        }
        if (keyId == primaryKeyId) {
            throw new IllegalArgumentException(
                    "keyId " + KeyIds.format(keyId) + " is the primary key; rotate() first, then retire it");
        }
        List<Key> next = new ArrayList<>(keys.size());
        for (Key k : keys) {
            next.add(k.id == keyId ? new Key(keyId, null, suite) : k);
        }
        LOG.info("keyset key id {} retired", KeyIds.format(keyId));
        return new Keyset(suite, primaryKeyId, next);
    }

    /**
     * Returns the suite.
     *
     * @return the suite of every key
     */
    public Suite suite() {
        return suite;
    }

    /**
     * Returns the primary key id.
     *
     * @return the id new seals and indexes use
     */
    public int primaryKeyId() {
        return primaryKeyId;
    }

    /**
     * Returns the ids of the keys that can still open and index, oldest first.
     *
     * @return an unmodifiable list
     */
    public List<Integer> activeKeyIds() {
        List<Integer> ids = new ArrayList<>();
        keys.stream().filter(k -> !k.retired()).forEach(k -> ids.add(k.id));
        return Collections.unmodifiableList(ids);
    }

    /**
     * Returns the ids of retired keys, oldest first.
     *
     * @return an unmodifiable list
     */
    public List<Integer> retiredKeyIds() {
        List<Integer> ids = new ArrayList<>();
        keys.stream().filter(Key::retired).forEach(k -> ids.add(k.id));
        return Collections.unmodifiableList(ids);
    }

    List<Key> keys() {
        return keys;
    }

    Key find(int keyId) {
        for (Key k : keys) {
            if (k.id == keyId) {
                return k;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- plain form

    /**
     * Returns the keyset with its raw key material, in the plain form described in the class documentation.
     *
     * @param access the token that says the caller needs key material
     * @return the plain form; wipe it when done
     * @throws NullPointerException if {@code access} is null
     */
    public byte[] exportUnencrypted(PlaintextAccess access) {
        Objects.requireNonNull(access, "access");
        int size = 4 + 1 + 1 + 4 + 2;
        for (Key k : keys) {
            size += 6 + (k.retired() ? 0 : ROOT_LENGTH);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(PLAIN_MAGIC).put((byte) FORMAT_VERSION).put((byte) suite.id()).putInt(primaryKeyId);
        out.putShort((short) keys.size());
        for (Key k : keys) {
            out.putInt(k.id);
            if (k.retired()) {
                out.put((byte) STATUS_RETIRED).put((byte) 0);
            } else {
                out.put((byte) STATUS_ACTIVE).put((byte) ROOT_LENGTH).put(k.root);
            }
        }
        return out.array();
    }

    /**
     * Reads a keyset from its plain form.
     *
     * @param plain bytes from {@link #exportUnencrypted}
     * @param access the token that says the caller handles key material
     * @return the keyset
     * @throws NullPointerException if an argument is null
     * @throws KeysetIntegrityException if the bytes are not a well-formed keyset
     * @throws UnsupportedKeysetFormatException if the format version is unknown
     * @throws UnsupportedSuiteException if the suite id is unknown
     */
    public static Keyset importUnencrypted(byte[] plain, PlaintextAccess access) {
        Objects.requireNonNull(plain, "plain");
        Objects.requireNonNull(access, "access");
        ByteBuffer in = ByteBuffer.wrap(plain);
        try {
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, PLAIN_MAGIC)) {
                throw new KeysetIntegrityException(NOT_A_KEYSET, "the bytes are not a CardKey keyset (bad magic)");
            }
            int version = in.get() & 0xFF;
            if (version != FORMAT_VERSION) {
                throw new UnsupportedKeysetFormatException(version, FORMAT_VERSION);
            }
            Suite suite = Suite.fromId(in.get() & 0xFF);
            int primary = in.getInt();
            int count = in.getShort() & 0xFFFF;
            List<Key> keys = new ArrayList<>(count);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                int id = in.getInt();
                int status = in.get() & 0xFF;
                int length = in.get() & 0xFF;
                if (id == 0 || !seen.add(id)) {
                    throw new KeysetIntegrityException(
                            MALFORMED, "key id " + KeyIds.format(id) + " is zero or repeated");
                }
                if (status == STATUS_ACTIVE && length == ROOT_LENGTH) {
                    byte[] root = new byte[ROOT_LENGTH];
                    in.get(root);
                    keys.add(new Key(id, root, suite));
                } else if (status == STATUS_RETIRED && length == 0) {
                    keys.add(new Key(id, null, suite));
                } else {
                    throw new KeysetIntegrityException(
                            MALFORMED,
                            "key " + KeyIds.format(id) + " has status " + status + " and length " + length
                                    + ", which do not go together");
                }
            }
            if (in.hasRemaining()) {
                throw new KeysetIntegrityException(MALFORMED, in.remaining() + " unexpected bytes after the last key");
            }
            Keyset keyset = new Keyset(suite, primary, keys);
            Key primaryKey = keyset.find(primary);
            if (primaryKey == null || primaryKey.retired()) {
                throw new KeysetIntegrityException(
                        MALFORMED, "primary key id " + KeyIds.format(primary) + " is not an active key of the keyset");
            }
            return keyset;
        } catch (BufferUnderflowException e) {
            throw new KeysetIntegrityException(TRUNCATED, "the keyset is truncated", e);
        }
    }

    // ---------------------------------------------------------------- wrapped form

    /**
     * Returns this keyset wrapped by {@code kek}, for storage.
     *
     * @param kek the key-encryption key
     * @return the wrapped form described in the class documentation
     * @throws NullPointerException if {@code kek} is null
     */
    public byte[] wrap(KeyEncryptionKey kek) {
        Objects.requireNonNull(kek, "kek");
        byte[] header = ByteBuffer.allocate(6)
                .put(WRAPPED_MAGIC)
                .put((byte) FORMAT_VERSION)
                .put((byte) METHOD_KEK)
                .array();
        return wrapUnder(kek, header);
    }

    /**
     * Reads a keyset wrapped by {@link #wrap}.
     *
     * @param wrapped the stored bytes
     * @param kek the key-encryption key that wrapped it
     * @return the keyset
     * @throws NullPointerException if an argument is null
     * @throws KeysetIntegrityException if the bytes were edited or damaged, were wrapped by another key, or were
     *     wrapped with a passphrase
     * @throws UnsupportedKeysetFormatException if the format version is unknown
     */
    public static Keyset unwrap(byte[] wrapped, KeyEncryptionKey kek) {
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(kek, "kek");
        ByteBuffer in = open(wrapped, METHOD_KEK);
        byte[] header = Arrays.copyOf(wrapped, in.position());
        return unwrapUnder(kek, payload(in), header);
    }

    /**
     * Returns this keyset wrapped under a key derived from {@code passphrase} with Argon2id; the parameters and a
     * random salt are stored in the wrapped form.
     *
     * @param passphrase the passphrase; not retained
     * @param parameters the Argon2id cost
     * @return the wrapped form described in the class documentation
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the passphrase is empty
     */
    public byte[] wrapWithPassphrase(Secret passphrase, PassphraseParameters parameters) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(parameters, "parameters");
        if (passphrase.length() == 0) {
            throw new IllegalArgumentException("passphrase was empty; it must have at least one byte");
        }
        byte[] salt = NonceSource.randomBytes(SALT_LENGTH);
        PassphraseKeys derived = PassphraseKeys.derive(passphrase, salt, parameters);
        byte[] header = ByteBuffer.allocate(6 + 9 + SALT_LENGTH + CHECK_LENGTH)
                .put(WRAPPED_MAGIC)
                .put((byte) FORMAT_VERSION)
                .put((byte) METHOD_PASSPHRASE)
                .putInt(parameters.memoryKiB())
                .putInt(parameters.iterations())
                .put((byte) parameters.parallelism())
                .put(salt)
                .put(derived.check)
                .array();
        return wrapUnder(derived.wrappingKey, header);
    }

    /**
     * Reads a keyset wrapped by {@link #wrapWithPassphrase}.
     *
     * @param wrapped the stored bytes
     * @param passphrase the passphrase it was wrapped with; not retained
     * @return the keyset
     * @throws NullPointerException if an argument is null
     * @throws WrongPassphraseException if the passphrase is not the one it was wrapped with
     * @throws KeysetIntegrityException if the bytes were edited or damaged, or were wrapped by a key-encryption key
     * @throws UnsupportedKeysetFormatException if the format version is unknown
     */
    public static Keyset unwrapWithPassphrase(byte[] wrapped, Secret passphrase) {
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(passphrase, "passphrase");
        ByteBuffer in = open(wrapped, METHOD_PASSPHRASE);
        PassphraseParameters parameters;
        byte[] salt = new byte[SALT_LENGTH];
        byte[] check = new byte[CHECK_LENGTH];
        try {
            int memoryKiB = in.getInt();
            int iterations = in.getInt();
            int parallelism = in.get() & 0xFF;
            try {
                parameters = PassphraseParameters.of(memoryKiB, iterations, parallelism);
            } catch (IllegalArgumentException e) {
                throw new KeysetIntegrityException(
                        PARAMETERS_OUT_OF_RANGE, "stored Argon2id parameters are out of range", e);
            }
            in.get(salt).get(check);
        } catch (BufferUnderflowException e) {
            throw new KeysetIntegrityException(TRUNCATED, "the wrapped keyset is truncated", e);
        }
        byte[] header = Arrays.copyOf(wrapped, in.position());
        byte[] payload = payload(in);
        PassphraseKeys derived = PassphraseKeys.derive(passphrase, salt, parameters);
        if (!MessageDigest.isEqual(derived.check, check)) {
            LOG.debug("keyset unwrap refused: passphrase check failed");
            throw new WrongPassphraseException();
        }
        return unwrapUnder(derived.wrappingKey, payload, header);
    }

    /** Encrypts the plain form under {@code kek} with {@code header} as associated data; returns the wrapped form. */
    private byte[] wrapUnder(KeyEncryptionKey kek, byte[] header) {
        byte[] plain = exportUnencrypted(PlaintextAccess.grant());
        try {
            return seal(header, Objects.requireNonNull(kek.wrap(plain, header), "kek.wrap returned null"));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Decrypts {@code payload} under {@code kek} with {@code header} as associated data and reads the keyset. */
    private static Keyset unwrapUnder(KeyEncryptionKey kek, byte[] payload, byte[] header) {
        byte[] plain;
        try {
            plain = Objects.requireNonNull(kek.unwrap(payload, header), "kek.unwrap returned null");
        } catch (GeneralSecurityException e) {
            throw new KeysetIntegrityException(
                    NOT_AUTHENTIC,
                    "the keyset does not authenticate under this key-encryption key (wrong key, or edited)",
                    e);
        }
        try {
            return importUnencrypted(plain, PlaintextAccess.grant());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The wrapping key and passphrase check derived from Argon2id's output. */
    private static final class PassphraseKeys {
        final LocalKeyEncryptionKey wrappingKey;
        final byte[] check;

        private PassphraseKeys(LocalKeyEncryptionKey wrappingKey, byte[] check) {
            this.wrappingKey = wrappingKey;
            this.check = check;
        }

        static PassphraseKeys derive(Secret passphrase, byte[] salt, PassphraseParameters p) {
            byte[] pass = passphrase.bytes(PlaintextAccess.grant());
            byte[] master = Argon2id.derive(pass, salt, p.memoryKiB(), p.iterations(), p.parallelism(), 32);
            Arrays.fill(pass, (byte) 0);
            byte[] wrapKey = Hkdf.derive(
                    Prf.Algorithm.HMAC_SHA256,
                    new byte[0],
                    master,
                    "cardkey/v1/passphrase-wrap".getBytes(StandardCharsets.US_ASCII),
                    32);
            byte[] check = Hkdf.derive(
                    Prf.Algorithm.HMAC_SHA256,
                    new byte[0],
                    master,
                    "cardkey/v1/passphrase-check".getBytes(StandardCharsets.US_ASCII),
                    CHECK_LENGTH);
            Arrays.fill(master, (byte) 0);
            Secret wrapSecret = Secret.copyOf(wrapKey);
            Arrays.fill(wrapKey, (byte) 0);
            LocalKeyEncryptionKey kek = LocalKeyEncryptionKey.of(wrapSecret);
            wrapSecret.destroy();
            return new PassphraseKeys(kek, check);
        }
    }

    private static byte[] seal(byte[] header, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(header.length + 4 + payload.length + DIGEST_LENGTH);
        out.put(header).putInt(payload.length).put(payload);
        out.put(sha256(out.array(), out.position()));
        return out.array();
    }

    /** Checks magic, version, checksum and method; returns a buffer positioned after the method byte. */
    private static ByteBuffer open(byte[] wrapped, int expectedMethod) {
        if (wrapped.length < 6 + 4 + DIGEST_LENGTH || !Arrays.equals(Arrays.copyOf(wrapped, 4), WRAPPED_MAGIC)) {
            throw new KeysetIntegrityException(
                    NOT_A_KEYSET, "the bytes are not a CardKey wrapped keyset (bad magic or too short)");
        }
        int version = wrapped[4] & 0xFF;
        if (version != FORMAT_VERSION) {
            throw new UnsupportedKeysetFormatException(version, FORMAT_VERSION);
        }
        int bodyLength = wrapped.length - DIGEST_LENGTH;
        if (!MessageDigest.isEqual(
                sha256(wrapped, bodyLength), Arrays.copyOfRange(wrapped, bodyLength, wrapped.length))) {
            throw new KeysetIntegrityException(CHECKSUM_MISMATCH, "checksum mismatch: the file was edited or damaged");
        }
        int method = wrapped[5] & 0xFF;
        if (method != expectedMethod) {
            throw new KeysetIntegrityException(
                    WRONG_WRAPPING_METHOD,
                    method == METHOD_PASSPHRASE
                            ? "it was wrapped with a passphrase; use unwrapWithPassphrase"
                            : method == METHOD_KEK
                                    ? "it was wrapped with a key-encryption key; use unwrap"
                                    : "wrapping method " + method + " is unknown");
        }
        return ByteBuffer.wrap(wrapped, 0, bodyLength).position(6);
    }

    private static byte[] payload(ByteBuffer in) {
        try {
            int length = in.getInt();
            if (length < 0 || length != in.remaining()) {
                throw new KeysetIntegrityException(
                        MALFORMED,
                        "payload length " + length + " does not match the " + in.remaining() + " bytes present");
            }
            byte[] payload = new byte[length];
            in.get(payload);
            return payload;
        } catch (BufferUnderflowException e) {
            throw new KeysetIntegrityException(TRUNCATED, "the wrapped keyset is truncated", e);
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static int newKeyId(Set<Integer> used) {
        while (true) {
            int id = ByteBuffer.wrap(NonceSource.randomBytes(4)).getInt();
            if (id != 0 && !used.contains(id)) {
                return id;
            }
        }
    }

    /** Returns suite, primary id and key counts; never key material. */
    @Override
    public String toString() {
        long retired = keys.stream().filter(Key::retired).count();
        return "Keyset[suite=" + suite + ", primary=" + KeyIds.format(primaryKeyId) + ", activeKeys="
                + (keys.size() - retired) + ", retiredKeys=" + retired + "]";
    }
}
