package io.cardkey.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The reference signed note of Go's {@code golang.org/x/mod/sumdb/note} documentation (key "PeterNeumann"), an
 * independent implementation's output that our verifier must accept and our key encoding must reproduce.
 */
final class NoteFixtures {
    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_SKEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT
            + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private NoteFixtures() {}

    /** The Go example's key pair: private key from the skey seed, public key from the vkey. */
    static KeyPair goKeyPair() throws GeneralSecurityException {
        byte[] typeAndSeed = Base64.getDecoder().decode(GO_SKEY_MATERIAL);
        byte[] seed = Arrays.copyOfRange(typeAndSeed, 1, typeAndSeed.length);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        return new KeyPair(
                CheckpointVerifierKey.parse(GO_VKEY).publicKey(),
                factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
    }
}
