package dev.tributary.internal.appender;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts occurrences of one kind of event and says which ones to report: the 1st, 20th, 100th,
 * 1000th, 10000th… (the pipeline's and Loki4j's scheme), so an appender's own warnings — events
 * dropped by the loop guard, encoder failures — can never flood a status system. Thread-safe.
 *
 * <pre>{@code
 * long n = dropped.increment();
 * if (RateLimitedCounter.isReported(n)) {
 *   addWarn("Dropped " + n + " events so far");
 * }
 * }</pre>
 */
public final class RateLimitedCounter {
  private final AtomicLong count = new AtomicLong();

  /** Counts one occurrence and returns the new total (1-based). */
  public long increment() {
    return count.incrementAndGet();
  }

  /** The total so far. */
  public long count() {
    return count.get();
  }

  /** Whether the {@code n}th occurrence (1-based) is one to report. */
  public static boolean isReported(long n) {
    if (n == 1 || n == 20 || n == 100) {
      return true;
    }
    if (n < 1000) {
      return false;
    }
    while (n % 10 == 0) {
      n /= 10;
    }
    return n == 1;
  }
}
