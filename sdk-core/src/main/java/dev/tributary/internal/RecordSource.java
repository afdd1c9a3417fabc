package dev.tributary.internal;

/** Where the sender takes its next records from: the memory buffer, or the spool. */
interface RecordSource {
  /** The next record without taking it, or null. */
  PendingRecord peek();

  /**
   * Takes {@code r}, which {@link #peek} returned; false if another thread took it meanwhile
   * (an eviction under DROP_OLDEST).
   */
  boolean take(PendingRecord r);

  /** True when there is nothing to take right now. */
  boolean isEmpty();
}
