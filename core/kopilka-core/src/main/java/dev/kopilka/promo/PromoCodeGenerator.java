package dev.kopilka.promo;

import dev.kopilka.Require;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Generates personal promo codes a cashier can type without confusion: no 0/O, 1/I/L. A code space of 31
 * characters per position makes 8 characters about 8.5e11 codes, so collisions are rare and retried.
 */
public final class PromoCodeGenerator {

    /** Upper-case letters and digits without the ambiguous 0, O, 1, I and L. */
    public static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int MAX_ATTEMPTS = 20;

    private final int length;
    private final String prefix;
    private final RandomGenerator random;

    public PromoCodeGenerator(int length, String prefix, RandomGenerator random) {
        Require.that(length >= 4 && length <= 32, "promo.code-length", "must be between 4 and 32", length);
        Require.present(prefix, "promo.code-prefix");
        Require.that(prefix.matches("[A-Z0-9-]{0,16}"), "promo.code-prefix", "must be up to 16 of A-Z, 0-9 and -",
                prefix);
        this.length = length;
        this.prefix = prefix;
        this.random = Require.present(random, "random");
    }

    /** One candidate code. */
    public String next() {
        StringBuilder code = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * A code for which {@code taken} is false; after {@value #MAX_ATTEMPTS} collisions the code space is
     * treated as exhausted (choose a longer code length).
     */
    public synchronized String nextUnused(Predicate<String> taken) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String candidate = next();
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no unused promo code after " + MAX_ATTEMPTS + " attempts with length "
                + length + " and prefix '" + prefix + "': the code space is nearly exhausted; raise "
                + "kopilka.promo.code-length");
    }

    /**
     * {@code n} distinct codes none of which {@code taken} reports (it is asked about a batch at once: one store
     * query); a batch draws its candidates in order, exactly as {@code n} calls of {@link #nextUnused} without
     * collisions would. Collisions are drawn again, up to {@value #MAX_ATTEMPTS} rounds.
     */
    public synchronized java.util.List<String> nextUnused(int n,
            java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> taken) {
        java.util.List<String> codes = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            codes.add(next());
        }
        java.util.Set<Integer> check = new java.util.LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            check.add(i);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (check.isEmpty()) {
                return codes;
            }
            java.util.Set<String> stored = taken.apply(check.stream().map(codes::get).toList());
            java.util.Set<String> used = new java.util.HashSet<>();
            java.util.Set<Integer> again = new java.util.LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                String code = codes.get(i);
                if ((check.contains(i) && stored.contains(code)) || !used.add(code)) {
                    codes.set(i, next());
                    again.add(i);
                }
            }
            check = again;
        }
        if (check.isEmpty()) {
            return codes;
        }
        throw new IllegalStateException("no unused promo code after " + MAX_ATTEMPTS + " attempts with length "
                + length + " and prefix '" + prefix + "': the code space is nearly exhausted; raise "
                + "kopilka.promo.code-length");
    }
}
