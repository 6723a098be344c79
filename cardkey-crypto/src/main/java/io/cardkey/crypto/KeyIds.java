package io.cardkey.crypto;

/** Formatting of key ids for messages and {@code toString}: unsigned hex, so ids read the same everywhere. */
final class KeyIds {
    private KeyIds() {}

    static String format(int keyId) {
        return String.format(java.util.Locale.ROOT, "0x%08x", keyId);
    }
}
