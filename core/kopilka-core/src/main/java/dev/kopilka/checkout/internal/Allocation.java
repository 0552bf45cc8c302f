package dev.kopilka.checkout.internal;

/**
 * Splits a whole amount over lines in proportion to weights, by the largest-remainder method: the parts
 * add up exactly and no part exceeds its weight when the total does not exceed the sum of weights.
 */
final class Allocation {

    private Allocation() {
    }

    static long[] proportional(long total, long[] weights) {
        long[] parts = new long[weights.length];
        long sum = 0;
        for (long w : weights) {
            sum += w;
        }
        if (total == 0 || sum == 0) {
            if (total != 0) {
                throw new IllegalArgumentException("cannot allocate " + total + " over zero weights");
            }
            return parts;
        }
        long[] remainders = new long[weights.length];
        long allocated = 0;
        for (int i = 0; i < weights.length; i++) {
            long high = Math.multiplyHigh(total, weights[i]);
            long product = total * weights[i];
            if (high == 0 && product >= 0) {
                parts[i] = product / sum;
                remainders[i] = product % sum;
            } else {
                // kopecks times kopecks can exceed a long on absurd receipts: stay exact anyway
                java.math.BigInteger[] qr = java.math.BigInteger.valueOf(total)
                        .multiply(java.math.BigInteger.valueOf(weights[i]))
                        .divideAndRemainder(java.math.BigInteger.valueOf(sum));
                parts[i] = qr[0].longValueExact();
                remainders[i] = qr[1].longValueExact();
            }
            allocated += parts[i];
        }
        long left = total - allocated;
        while (left > 0) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (remainders[i] > 0 && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = 0;
            left--;
        }
        return parts;
    }
}
