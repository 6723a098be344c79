package io.cardkey.core;

/** Turns exact rates into integer weights over their common denominator, for allocation. */
final class Rates {
    private Rates() {}

    static long[] weights(Rate... rates) {
        long lcm = 1;
        for (Rate rate : rates) {
            long d = rate.denominator();
            lcm = Math.multiplyExact(lcm / gcd(lcm, d), d);
        }
        long[] weights = new long[rates.length];
        for (int i = 0; i < rates.length; i++) {
            weights[i] = Math.multiplyExact(rates[i].numerator(), lcm / rates[i].denominator());
        }
        return weights;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
