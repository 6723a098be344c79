/**
 * Card codes that are safe at rest: formats and generation ({@link io.cardkey.crypto.CodeFormat},
 * {@link io.cardkey.crypto.CodeGenerator}, {@link io.cardkey.crypto.PairFormat}), sealing bound to the record
 * ({@link io.cardkey.crypto.Sealer}, {@link io.cardkey.crypto.SealedSecret}, {@link io.cardkey.crypto.RecordBinding}),
 * keysets and rotation ({@link io.cardkey.crypto.Keyset}, {@link io.cardkey.crypto.Suite},
 * {@link io.cardkey.crypto.KeyEncryptionKey}), the blind index ({@link io.cardkey.crypto.BlindIndexer}) and masking
 * ({@link io.cardkey.crypto.CodeMask}).
 *
 * <h2>Policies that hold for every type here</h2>
 *
 * <ul>
 *   <li><b>Nulls</b>: no method accepts {@code null} (but {@code equals}); each throws {@link java.lang.NullPointerException} naming the
 *       argument. What may be absent is returned as an {@link java.util.Optional} (or {@code OptionalInt},
 *       {@code OptionalDouble}), never as {@code null}.
 *   <li><b>Misuse</b> (an argument out of range, a destroyed secret) is reported with the JDK's
 *       {@link java.lang.IllegalArgumentException} or {@link java.lang.IllegalStateException}, whose message names the
 *       argument, its value (unless secret) and the rule.
 *   <li><b>Domain failures</b> (a mistyped code, a sealed secret that does not authenticate, an edited keyset ...) are
 *       subclasses of {@link io.cardkey.crypto.CardKeyCryptoException}, one type per failure, with getters for what a
 *       caller needs to react; nobody should have to parse a message.
 *   <li><b>Secrets</b> (codes, passphrases, keys) are {@link io.cardkey.crypto.Secret}s or held inside the types
 *       that use them. No {@code toString}, exception message or log line carries one; handing out plaintext or key
 *       material always takes {@link io.cardkey.crypto.PlaintextAccess#grant()}; secrets are compared in constant
 *       time.
 *   <li><b>Threads</b>: every type says whether it is immutable and thread-safe. All are thread-safe except
 *       {@link io.cardkey.crypto.CodeFormat.Builder}; all are immutable except that {@link io.cardkey.crypto.Secret},
 *       {@link io.cardkey.crypto.CardCode} and {@link io.cardkey.crypto.CardPair} can be wiped with {@code destroy()}.
 * </ul>
 */
package io.cardkey.crypto;
