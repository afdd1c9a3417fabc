package dev.tributary.spi;

import dev.tributary.RecordMetadata;
import java.time.Duration;

/**
 * Receives the outcome of each record of a {@link Batch}. Thread-safe; a record reported twice
 * keeps its first outcome.
 */
public interface BatchCallback {

  /** The destination acknowledged the record at {@code index}. */
  void succeeded(int index, RecordMetadata metadata);

  /**
   * The record at {@code index} failed for a reason that may pass (connection refused, timeout,
   * leader election, 503, 429). {@code retryAfter} is the destination's hint, or null.
   */
  void retriable(int index, Throwable cause, Duration retryAfter);

  /** The destination rejected the record at {@code index} for good; {@code cause} says why. */
  void fatal(int index, Throwable cause);
}
