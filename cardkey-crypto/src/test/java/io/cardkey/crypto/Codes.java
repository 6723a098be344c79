package io.cardkey.crypto;

import java.math.BigInteger;

/** A reference model of the check character, independent of {@link CodeFormat}: the data as a number, mod p. */
final class Codes {
    static final String CROCKFORD_CHECK_SYMBOLS = CodeFormat.CROCKFORD_BASE32 + "*~$=U";
    static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    private Codes() {}

    /** Appends Crockford's mod-37 check symbol to {@code data} (Crockford Base32 symbols). */
    static String withCheck(String data) {
        return data + checkSymbol(data, CodeFormat.CROCKFORD_BASE32, CROCKFORD_CHECK_SYMBOLS);
    }

    /** The check symbol of {@code data} over {@code alphabet}, written with {@code checkSymbols}. */
    static char checkSymbol(String data, String alphabet, String checkSymbols) {
        BigInteger value = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(alphabet.length());
        for (char c : data.toCharArray()) {
            value = value.multiply(base).add(BigInteger.valueOf(alphabet.indexOf(c)));
        }
        int prime = checkSymbols.length();
        return checkSymbols.charAt(value.mod(BigInteger.valueOf(prime)).intValueExact());
    }

    static String normalised(CardCode code) {
        return code.normalised().utf8(ACCESS);
    }
}
