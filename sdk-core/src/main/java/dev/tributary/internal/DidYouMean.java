package dev.tributary.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the setting a user most likely meant when they wrote a name no transport knows:
 * {@code compresion.type} for {@code compression.type}, {@code Compression_Type} too. A name is
 * a near miss when, ignoring case and the separators {@code . _ -}, it is the same, or at most
 * two edits away (one for short names), an edit being an insertion, a deletion, a substitution
 * or a swap of neighbours. Stateless.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** The known name closest to {@code name}, if {@code name} is a near miss of one. */
  public static Optional<String> closest(String name, Collection<String> known) {
    String target = squash(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      if (candidate.equals(name)) {
        return Optional.empty(); // not a miss at all
      }
      int d = distance(target, squash(candidate));
      if (d < bestDistance || (d == bestDistance && best != null
          && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = target.length() <= 5 ? 1 : 2;
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"} for a near miss, else the empty string. */
  public static String hint(String name, Collection<String> known) {
    return closest(name, known).map(k -> "; did you mean '" + k + "'?").orElse("");
  }

  /** Lower case, without separators: {@code Compression_Type} and {@code compression.type} meet. */
  private static String squash(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '.' && c != '_' && c != '-') {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** Optimal string alignment distance: Levenshtein plus the swap of two neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
