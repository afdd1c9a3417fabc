package dev.tributary.log4j2;

import org.apache.logging.log4j.Level;

/**
 * Maps Log4j2 levels onto Logback's {@code level_value} numbers, the ones logstash-logback-encoder
 * writes and the Logback appender's JSON carries: TRACE 5000, DEBUG 10000, INFO 20000,
 * WARN 30000, ERROR 40000. Logback has no FATAL; it gets 50000, one step above ERROR, so it
 * keeps its severity instead of hiding among errors.
 *
 * <p>Log4j2 orders levels by {@code intLevel} (FATAL 100, ERROR 200, WARN 300, INFO 400,
 * DEBUG 500, TRACE 600; smaller is more severe). A custom level between two standard ones gets
 * a value interpolated between theirs (NOTICE at 350 → 25000), so sorting and range queries
 * on {@code level_value} keep Log4j2's order. Below FATAL → 50000, beyond TRACE → 5000.
 */
final class LevelValues {
  private static final int[] INT_LEVELS = {100, 200, 300, 400, 500, 600};
  private static final int[] VALUES = {50_000, 40_000, 30_000, 20_000, 10_000, 5_000};

  private LevelValues() {}

  static int of(Level level) {
    return of(level.intLevel());
  }

  static int of(int intLevel) {
    if (intLevel <= INT_LEVELS[0]) {
      return VALUES[0];
    }
    for (int i = 1; i < INT_LEVELS.length; i++) {
      if (intLevel <= INT_LEVELS[i]) {
        int lo = INT_LEVELS[i - 1];
        int hi = INT_LEVELS[i];
        // Linear between the two neighbours; exact at the standard levels.
        return VALUES[i - 1] + (int) ((long) (VALUES[i] - VALUES[i - 1]) * (intLevel - lo)
            / (hi - lo));
      }
    }
    return VALUES[VALUES.length - 1];
  }
}
