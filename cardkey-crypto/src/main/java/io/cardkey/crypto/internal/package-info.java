/**
 * Implementation of {@code io.cardkey.crypto}: the AEAD and PRF primitives behind each suite, HKDF, Argon2id and the
 * nonce source; for card codes, the random bit source, the batch duplicate finder and the folding of typed characters.
 * Not exported; nothing here is API.
 *
 * <p>Instances of {@link io.cardkey.crypto.internal.Aead} and {@link io.cardkey.crypto.internal.Prf} are bound to one
 * key and are not thread-safe: callers keep one per thread.
 */
package io.cardkey.crypto.internal;
