package io.cardkey.core.internal;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Largest-remainder (Hamilton) apportionment of an integer amount by non-negative integer weights.
 *
 * <p>Design note: every share is first floored ({@code floorDiv(amount * w, W)}), which leaves fewer than
 * {@code n} units undistributed; those go one each to the parties with the largest remainders, the earlier party
 * winning a tie. Each share therefore lies in {@code [floor(exact), floor(exact) + 1]}, so it is within one unit
 * of its exact value, and the shares add up to the amount exactly. A long fast path is used when
 * {@code amount * weight} cannot overflow; otherwise the products are computed with {@link BigInteger}.
 */
public final class Allocation {
    private Allocation() {}

    /**
     * Splits {@code amount} by {@code weights}.
     *
     * @param amount the amount in minor units, may be negative
     * @param weights non-negative weights, at least one positive
     * @return the shares, in the order of the weights, adding up to {@code amount}
     * @throws IllegalArgumentException if the weights are empty, negative or all zero
     */
    public static long[] allocate(long amount, long[] weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights was empty; must hold at least one weight");
        }
        long total = 0;
        boolean fits = true;
        for (int i = 0; i < weights.length; i++) {
            long w = weights[i];
            if (w < 0) {
                throw new IllegalArgumentException("weights[" + i + "] was " + w + "; must be >= 0");
            }
            try {
                total = Math.addExact(total, w);
            } catch (ArithmeticException overflow) {
                fits = false;
            }
        }
        if (fits && total == 0) {
            throw new IllegalArgumentException("weights were all zero; at least one must be positive");
        }
        long[] shares = new long[weights.length];
        long[] remainders = new long[weights.length];
        if (fits && productsFit(amount, weights)) {
            long distributed = 0;
            for (int i = 0; i < weights.length; i++) {
                long product = amount * weights[i];
                shares[i] = Math.floorDiv(product, total);
                remainders[i] = Math.floorMod(product, total);
                distributed += shares[i];
            }
            distributeLeftover(shares, remainders, amount - distributed);
            return shares;
        }
        return allocateBig(amount, weights);
    }

    private static boolean productsFit(long amount, long[] weights) {
        // Far from the ends of the long range, so the running sum of floored shares cannot overflow either.
        if (amount <= Long.MIN_VALUE / 2 || amount >= Long.MAX_VALUE / 2) {
            return false;
        }
        long magnitude = Math.abs(amount);
        for (long w : weights) {
            if (w != 0 && magnitude > Long.MAX_VALUE / w) {
                return false;
            }
        }
        return true;
    }

    private static long[] allocateBig(long amount, long[] weights) {
        BigInteger total = BigInteger.ZERO;
        for (long w : weights) {
            total = total.add(BigInteger.valueOf(w));
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("weights were all zero; at least one must be positive");
        }
        BigInteger big = BigInteger.valueOf(amount);
        long[] shares = new long[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        BigInteger distributed = BigInteger.ZERO;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = floorDivMod(big.multiply(BigInteger.valueOf(weights[i])), total);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            distributed = distributed.add(qr[0]);
        }
        long leftover = big.subtract(distributed).longValueExact();
        for (long unit = 0; unit < leftover; unit++) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (remainders[i].signum() > 0 && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = BigInteger.ZERO;
        }
        return shares;
    }

    private static BigInteger[] floorDivMod(BigInteger dividend, BigInteger divisor) {
        BigInteger[] qr = dividend.divideAndRemainder(divisor);
        if (qr[1].signum() < 0) {
            qr[0] = qr[0].subtract(BigInteger.ONE);
            qr[1] = qr[1].add(divisor);
        }
        return qr;
    }

    /** Gives one unit each to the {@code leftover} parties with the largest remainders; earlier index wins ties. */
    private static void distributeLeftover(long[] shares, long[] remainders, long leftover) {
        for (long unit = 0; unit < leftover; unit++) {
            int best = -1;
            for (int i = 0; i < shares.length; i++) {
                if (remainders[i] > 0 && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = 0;
        }
    }
}
