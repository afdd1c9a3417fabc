package dev.tributary.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt {@code n} waits a uniform random time in
 * {@code [0, min(max, initial * 2^(n-1))]}, so clients that failed together do not retry
 * together. A floor of 1 ms keeps a failing destination from being hammered in a tight loop.
 */
final class Backoff {
  private static final long FLOOR_NANOS = 1_000_000L;
  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The wait before attempt {@code attempt} (1 = the first retry). */
  long delayNanos(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 40);
    long cap = initialNanos << shift;
    if (cap <= 0 || cap > maxNanos || (cap >> shift) != initialNanos) {
      cap = maxNanos;
    }
    return Math.max(FLOOR_NANOS, random.nextLong(cap + 1));
  }

  /** The largest delay {@link #delayNanos} can return for {@code attempt}. */
  long capNanos(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 40);
    long cap = initialNanos << shift;
    return Math.max(FLOOR_NANOS,
        cap <= 0 || cap > maxNanos || (cap >> shift) != initialNanos ? maxNanos : cap);
  }
}
