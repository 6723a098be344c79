package io.cardkey.benchmarks.durability;

/** Finding a record's unique bytes in what the spy saw written. */
final class Bytes {
    private Bytes() {}

    /** Returns the first index of {@code needle} in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
