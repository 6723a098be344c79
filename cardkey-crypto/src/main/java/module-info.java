/**
 * Card-key formats and generation, sealed secrets, keysets, blind index and masking.
 *
 * <p>Only {@code io.cardkey.crypto} is exported; everything under {@code io.cardkey.crypto.internal} is an
 * implementation detail.
 */
module io.cardkey.crypto {
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports io.cardkey.crypto;
}
