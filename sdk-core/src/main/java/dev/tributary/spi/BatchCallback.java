package dev.tributary.spi;

import dev.tributary.RecordMetadata;
import java.time.Duration;

/**
 * Receives the outcome of each record of a {@link Batch}: one of {@link #succeeded},
 * {@link #accepted}, {@link #retriable} or {@link #fatal} per record. Thread-safe; a record
 * reported twice keeps its first outcome.
 */
public interface BatchCallback {

  /** The destination acknowledged the record at {@code index}. */
  void succeeded(int index, RecordMetadata metadata);

  /**
   * The destination took the record at {@code index} without confirming that Kafka has it: a
   * proxy's fire-and-forget mode the user chose explicitly (kafka-pixy's async mode). The record
   * is out of the producer's hands, and the producer counts it apart from records Kafka
   * acknowledged. By default the same as {@link #succeeded}.
   */
  default void accepted(int index, RecordMetadata metadata) {
    succeeded(index, metadata);
  }

  /**
   * The record at {@code index} failed for a reason that may pass (connection refused, timeout,
   * leader election, 503, 429). {@code retryAfter} is the destination's hint, or null.
   */
  void retriable(int index, Throwable cause, Duration retryAfter);

  /** The destination rejected the record at {@code index} for good; {@code cause} says why. */
  void fatal(int index, Throwable cause);
}
