package dev.tributary.internal.http;

import dev.tributary.RecordMetadata;
import dev.tributary.spi.BatchCallback;
import java.time.Duration;

/**
 * The records one HTTP request carries, by their position in the request, mapped to their index
 * in the batch. Remembers which have an outcome so a fallback can settle the rest: every
 * record gets exactly one report even if response handling fails half-way. Used by one thread
 * at a time (the OkHttp thread completing the call).
 */
public final class RequestRecords {
  private final BatchCallback callback;
  private final int[] indices;
  private final boolean[] reported;

  /**
   * @param indices batch indices of the records, in request order; not copied
   */
  public RequestRecords(BatchCallback callback, int[] indices) {
    this.callback = callback;
    this.indices = indices;
    this.reported = new boolean[indices.length];
  }

  /** Records in the request. */
  public int size() {
    return indices.length;
  }

  public void succeeded(int position, RecordMetadata metadata) {
    if (claim(position)) {
      callback.succeeded(indices[position], metadata);
    }
  }

  /** The proxy took the record without confirming that Kafka has it (an async mode). */
  public void accepted(int position, RecordMetadata metadata) {
    if (claim(position)) {
      callback.accepted(indices[position], metadata);
    }
  }

  public void retriable(int position, Throwable cause, Duration retryAfter) {
    if (claim(position)) {
      callback.retriable(indices[position], cause, retryAfter);
    }
  }

  public void fatal(int position, Throwable cause) {
    if (claim(position)) {
      callback.fatal(indices[position], cause);
    }
  }

  /** Reports every record without an outcome yet as retriable. */
  public void retriableRest(Throwable cause, Duration retryAfter) {
    for (int k = 0; k < indices.length; k++) {
      retriable(k, cause, retryAfter);
    }
  }

  /** Reports every record without an outcome yet as fatal. */
  public void fatalRest(Throwable cause) {
    for (int k = 0; k < indices.length; k++) {
      fatal(k, cause);
    }
  }

  /** True once every record has an outcome. */
  public boolean allReported() {
    for (boolean r : reported) {
      if (!r) {
        return false;
      }
    }
    return true;
  }

  private boolean claim(int position) {
    if (reported[position]) {
      return false;
    }
    reported[position] = true;
    return true;
  }
}
