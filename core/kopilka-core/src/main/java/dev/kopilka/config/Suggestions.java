package dev.kopilka.config;

import java.util.Collection;

/**
 * "Did you mean": the known name closest to a misspelt one, for configuration problems. Shared by the core and
 * every module that validates its own keys, so all of them suggest alike.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /** The closest known name, when the typo is small compared with the name (a few edits); else null. */
    public static String closest(String unknown, Collection<String> known) {
        return closest(unknown, known, Math.max(3, unknown.length() / 5));
    }

    /** The closest known name at most {@code maxDistance} edits away, else null. */
    public static String closest(String unknown, Collection<String> known, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(unknown, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= maxDistance ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions to turn one into the other. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
