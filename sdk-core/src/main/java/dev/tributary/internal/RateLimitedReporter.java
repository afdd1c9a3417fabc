package dev.tributary.internal;

import dev.tributary.internal.appender.RateLimitedCounter;
import dev.tributary.spi.Diagnostics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Reports repeated events on the 1st, 20th, 100th, 1000th, 10000th… occurrence per kind, so a
 * dead destination or a full buffer cannot flood the diagnostics (Loki4j's scheme).
 */
final class RateLimitedReporter {
  private final Diagnostics diagnostics;
  private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

  RateLimitedReporter(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Counts an occurrence of {@code kind} and warns when its count is a reporting point. */
  void warn(String kind, LongFunction<String> message, Throwable cause) {
    long n = counter(kind).incrementAndGet();
    if (RateLimitedCounter.isReported(n)) {
      report(message.apply(n), cause);
    }
  }

  /**
   * The counter of {@code kind}, for a caller that counts on a hot path: it keeps the counter,
   * and builds its message only at a reporting point ({@link RateLimitedCounter#isReported}).
   */
  AtomicLong counter(String kind) {
    return counts.computeIfAbsent(kind, k -> new AtomicLong());
  }

  void report(String message, Throwable cause) {
    try {
      diagnostics.warn(message, cause);
    } catch (RuntimeException ignored) {
      // Diagnostics must never take the pipeline down.
    }
  }
}
