package io.cardkey.ledger;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks what a CardKey ledger hands to a third party: RFC 6962 inclusion and consistency proofs, and checkpoints
 * signed as C2SP {@code signed-note}s with a C2SP {@code tlog-checkpoint} body.
 *
 * <p>This class depends on nothing but the JDK (not even on the other types of this module), so an auditor can copy
 * this one file into their own code base and check a CardKey ledger without trusting, or even having, the rest of
 * CardKey. The other types of this module ({@link InclusionProof#verify}, {@link CheckpointVerifierKey#open}) delegate
 * here, so there is one implementation of every check.
 *
 * <h2>Results</h2>
 *
 * <p>Every check returns {@code false} (or an empty {@link Optional}) for anything it does not accept: a wrong hash,
 * a proof of the wrong length, a hash that is not 32 bytes, a leaf index not below the tree size, a tree size of 0,
 * an old size above the new size, a malformed note, an unknown key or a bad signature. It deliberately does not say
 * which, so nothing can be probed through it; the inputs are public, so a person debugging can inspect them. Only
 * {@code null} arguments are programming errors and throw {@link NullPointerException}.
 *
 * <p>Hashing is RFC 6962 (and RFC 9162 section 2.1): a leaf hash is SHA-256({@code 0x00} || leaf data), an interior
 * node is SHA-256({@code 0x01} || left || right). Proof hashes are ordered from the leaf towards the root.
 *
 * <p>Consistency between two equal tree sizes needs an empty proof and identical root hashes (compared byte for byte,
 * whatever their length, as the RFC 6962 test vectors of transparency-dev/merkle require); a consistency proof from,
 * or an inclusion proof in, a tree of size 0 is never accepted, since it proves nothing.
 *
 * <p>Immutable and thread-safe (static methods only).
 *
 * <h2>Security</h2>
 *
 * <p>A checkpoint is only as trustworthy as the verifier key it was checked with: obtain the key out of band (not from
 * the party whose ledger is being checked). The Ed25519 signature covers the checkpoint body up to and including its
 * last newline; only the first signature line that names the verifier key (by name and key hash) is considered, and if
 * it does not verify the whole note is rejected, as the C2SP {@code signed-note} specification requires. Hash and
 * root comparisons are constant time.
 */
public final class ProofVerifier {
    /** The length in bytes of every hash: SHA-256. */
    public static final int HASH_LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final byte ED25519_SIGNATURE_TYPE = 0x01;
    private static final int ED25519_KEY_LENGTH = 32;
    private static final int ED25519_SIGNATURE_LENGTH = 64;
    private static final int KEY_HASH_LENGTH = 4;
    private static final String SIGNATURE_LINE_PREFIX = "\u2014 ";
    private static final int MAX_SIGNATURES = 100;
    private static final int MAX_NOTE_CHARS = 1 << 20;
    // DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key (RFC 8410).
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private ProofVerifier() {}

    /**
     * Returns the RFC 6962 leaf hash of {@code leafData}: SHA-256({@code 0x00} || leafData).
     *
     * @param leafData the leaf's bytes (for a CardKey ledger: the canonical bytes of one record)
     * @return a new 32-byte array
     */
    public static byte[] leafHash(byte[] leafData) {
        Objects.requireNonNull(leafData, "leafData");
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(leafData);
        return sha256.digest();
    }

    /**
     * Checks that the leaf with hash {@code leafHash} is at {@code leafIndex} in the tree of {@code treeSize} leaves
     * whose root is {@code rootHash}.
     *
     * @param leafIndex the leaf's position, from 0
     * @param treeSize the number of leaves in the tree the root belongs to
     * @param leafHash the leaf hash (see {@link #leafHash(byte[])}), not the leaf data
     * @param proof the audit path, leaf to root, as RFC 6962 {@code PATH} defines it
     * @param rootHash the trusted root hash, e.g. from a verified checkpoint
     * @return whether the proof is well formed and leads from the leaf to exactly that root
     */
    public static boolean verifyInclusion(
            long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] rootHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(rootHash, "rootHash");
        if (!wellFormed(proof)
                || leafIndex < 0
                || leafIndex >= treeSize
                || leafHash.length != HASH_LENGTH
                || rootHash.length != HASH_LENGTH) {
            return false;
        }
        // RFC 9162 section 2.1.3.2: walk up from the leaf; fn is our node's index, sn the last node's index.
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                // A last node without a right sibling is promoted unchanged: skip those levels.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    /**
     * Checks that the tree of {@code newSize} leaves with root {@code newRoot} extends, unchanged, the tree of
     * {@code oldSize} leaves with root {@code oldRoot}: the log was only appended to in between.
     *
     * @param oldSize the older tree size, at least 1
     * @param newSize the newer tree size, at least {@code oldSize}
     * @param proof the consistency proof, as RFC 6962 {@code PROOF} defines it; empty when the sizes are equal
     * @param oldRoot the trusted root of the older tree
     * @param newRoot the trusted root of the newer tree
     * @return whether the proof is well formed and shows that the newer tree extends the older one
     */
    public static boolean verifyConsistency(
            long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot, byte[] newRoot) {
        Objects.requireNonNull(oldRoot, "oldRoot");
        Objects.requireNonNull(newRoot, "newRoot");
        if (!wellFormed(proof) || oldSize <= 0 || oldSize > newSize) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (proof.isEmpty() || oldRoot.length != HASH_LENGTH || newRoot.length != HASH_LENGTH) {
            return false;
        }
        // RFC 9162 section 2.1.4.2. When the old tree is a complete subtree its root is the proof's implicit start.
        boolean oldIsComplete = Long.bitCount(oldSize) == 1;
        int next = oldIsComplete ? 0 : 1;
        byte[] start = oldIsComplete ? oldRoot : proof.get(0);
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = start;
        byte[] sr = start;
        for (int i = next; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Both comparisons always run, so the time taken does not tell which root was wrong.
        boolean oldMatches = MessageDigest.isEqual(fr, oldRoot);
        boolean newMatches = MessageDigest.isEqual(sr, newRoot);
        return sn == 0 && oldMatches && newMatches;
    }

    /**
     * Verifies a signed checkpoint note with a verifier key and returns the checkpoint it signs.
     *
     * <p>The note must be a C2SP {@code signed-note} (text, a blank line, one or more signature lines
     * {@code — <key name> <base64(key hash || signature)>}) whose text is a C2SP {@code tlog-checkpoint} body of
     * exactly three lines: origin, decimal tree size, base64 root hash. The verifier key is in the note
     * {@code vkey} format {@code <name>+<8 hex digits key hash>+<base64(0x01 || 32-byte Ed25519 public key)>}.
     *
     * @param note the whole signed note, as published
     * @param verifierKey the trusted verifier key, obtained out of band
     * @return the checkpoint, or empty if the key is malformed, the note is malformed, no signature line is by this
     *     key, or the first one by this key does not verify
     */
    public static Optional<VerifiedCheckpoint> openCheckpoint(String note, String verifierKey) {
        return openNote(note, verifierKey).map(VerifiedCheckpoint::parseBody);
    }

    /**
     * Verifies any C2SP {@code signed-note} with a verifier key and returns its text, without interpreting the text.
     *
     * @param note the whole signed note: text ending in a newline, a blank line, one to 100 signature lines
     * @param verifierKey the trusted verifier key, obtained out of band
     * @return the signed text including its final newline, or empty if the key or note is malformed, no signature
     *     line is by this key, or the first one by this key does not verify
     */
    public static Optional<String> openNote(String note, String verifierKey) {
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(verifierKey, "verifierKey");
        VerifierKey key = VerifierKey.parse(verifierKey);
        if (key == null || note.length() > MAX_NOTE_CHARS || !isWellFormedUtf16(note)) {
            return Optional.empty();
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return Optional.empty();
        }
        String text = note.substring(0, split + 1);
        String signatures = note.substring(split + 2);
        if (!isValidText(text) || !signaturesVerify(text, signatures, key)) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static boolean signaturesVerify(String text, String signatures, VerifierKey key) {
        if (signatures.isEmpty() || !signatures.endsWith("\n")) {
            return false;
        }
        String[] lines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            return false;
        }
        byte[] decision = null;
        for (String line : lines) {
            if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
                return false;
            }
            String rest = line.substring(SIGNATURE_LINE_PREFIX.length());
            int space = rest.indexOf(' ');
            if (space < 0) {
                return false;
            }
            String name = rest.substring(0, space);
            byte[] blob = decodeCanonicalBase64(rest.substring(space + 1));
            if (!isValidKeyName(name) || blob == null || blob.length < KEY_HASH_LENGTH + 1) {
                return false;
            }
            if (decision == null
                    && name.equals(key.name)
                    && Arrays.equals(blob, 0, KEY_HASH_LENGTH, key.keyHash, 0, KEY_HASH_LENGTH)) {
                decision = blob;
            }
        }
        if (decision == null || decision.length != KEY_HASH_LENGTH + ED25519_SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key.publicKey);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(decision, KEY_HASH_LENGTH, ED25519_SIGNATURE_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no Ed25519 (Java 15 or later is required)", e);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A checkpoint whose signature was verified: origin, tree size and root hash. Immutable and thread-safe. */
    public static final class VerifiedCheckpoint {
        private final String origin;
        private final long treeSize;
        private final byte[] rootHash;

        private VerifiedCheckpoint(String origin, long treeSize, byte[] rootHash) {
            this.origin = origin;
            this.treeSize = treeSize;
            this.rootHash = rootHash;
        }

        /** Returns null unless {@code text} is exactly origin, size and root lines, each ending in a newline. */
        static VerifiedCheckpoint parseBody(String text) {
            String[] lines = text.split("\n", -1);
            if (lines.length != 4 || !lines[3].isEmpty() || lines[0].isEmpty()) {
                return null;
            }
            String size = lines[1];
            if (size.isEmpty() || size.length() > 19 || (size.length() > 1 && size.charAt(0) == '0')) {
                return null;
            }
            for (int i = 0; i < size.length(); i++) {
                if (size.charAt(i) < '0' || size.charAt(i) > '9') {
                    return null;
                }
            }
            long treeSize;
            try {
                treeSize = Long.parseLong(size);
            } catch (NumberFormatException e) {
                return null;
            }
            byte[] root = decodeCanonicalBase64(lines[2]);
            if (root == null || root.length != HASH_LENGTH) {
                return null;
            }
            return new VerifiedCheckpoint(lines[0], treeSize, root);
        }

        /**
         * Returns the origin line: the name of the log the checkpoint is for.
         *
         * @return the origin
         */
        public String origin() {
            return origin;
        }

        /**
         * Returns the number of leaves the checkpoint covers.
         *
         * @return the tree size, at least 0
         */
        public long treeSize() {
            return treeSize;
        }

        /**
         * Returns the Merkle tree root hash.
         *
         * @return a copy of the 32-byte root hash
         */
        public byte[] rootHash() {
            return rootHash.clone();
        }

        @Override
        public String toString() {
            return "VerifiedCheckpoint[origin=" + origin + ", treeSize=" + treeSize + ", rootHash="
                    + Base64.getEncoder().encodeToString(rootHash) + "]";
        }
    }

    /** A parsed note verifier key; {@code parse} returns null for anything malformed. */
    private static final class VerifierKey {
        final String name;
        final byte[] keyHash;
        final PublicKey publicKey;

        private VerifierKey(String name, byte[] keyHash, PublicKey publicKey) {
            this.name = name;
            this.keyHash = keyHash;
            this.publicKey = publicKey;
        }

        static VerifierKey parse(String vkey) {
            int firstPlus = vkey.indexOf('+');
            int secondPlus = firstPlus < 0 ? -1 : vkey.indexOf('+', firstPlus + 1);
            if (secondPlus < 0) {
                return null;
            }
            String name = vkey.substring(0, firstPlus);
            String hashHex = vkey.substring(firstPlus + 1, secondPlus);
            byte[] typeAndKey = decodeCanonicalBase64(vkey.substring(secondPlus + 1));
            if (!isValidKeyName(name)
                    || hashHex.length() != 2 * KEY_HASH_LENGTH
                    || typeAndKey == null
                    || typeAndKey.length != 1 + ED25519_KEY_LENGTH
                    || typeAndKey[0] != ED25519_SIGNATURE_TYPE) {
                return null;
            }
            byte[] keyHash = new byte[KEY_HASH_LENGTH];
            for (int i = 0; i < KEY_HASH_LENGTH; i++) {
                int high = Character.digit(hashHex.charAt(2 * i), 16);
                int low = Character.digit(hashHex.charAt(2 * i + 1), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                keyHash[i] = (byte) (high << 4 | low);
            }
            MessageDigest sha256 = sha256();
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(typeAndKey);
            if (!Arrays.equals(sha256.digest(), 0, KEY_HASH_LENGTH, keyHash, 0, KEY_HASH_LENGTH)) {
                return null;
            }
            byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + ED25519_KEY_LENGTH);
            System.arraycopy(typeAndKey, 1, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_LENGTH);
            try {
                PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                return new VerifierKey(name, keyHash, publicKey);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK provides no Ed25519 (Java 15 or later is required)", e);
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
    }

    private static boolean wellFormed(List<byte[]> proof) {
        Objects.requireNonNull(proof, "proof");
        for (byte[] hash : proof) {
            if (hash == null || hash.length != HASH_LENGTH) {
                return false;
            }
        }
        return true;
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** A key name is non-empty, has no white space and no '+' (C2SP signed-note). */
    private static boolean isValidKeyName(String name) {
        if (name.isEmpty() || !isWellFormedUtf16(name)) {
            return false;
        }
        return name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    /** Note text is non-empty, ends in a newline and holds no control character other than newline. */
    private static boolean isValidText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** True unless the string holds an unpaired surrogate, which has no UTF-8 encoding. */
    private static boolean isWellFormedUtf16(String s) {
        try {
            StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Decodes standard padded base64, or returns null unless the text is exactly the canonical encoding. */
    private static byte[] decodeCanonicalBase64(String text) {
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(decoded).equals(text) ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
