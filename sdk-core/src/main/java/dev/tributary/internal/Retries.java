package dev.tributary.internal;

/**
 * Records waiting for another attempt, as a sender sees them: its own {@link RetryQueue}, or,
 * with standby destinations, its view of the queue all destinations share ({@link
 * RoutedRetries}). Every removal names its record and is one atomic step.
 */
interface Retries extends Iterable<PendingRecord> {
  void add(PendingRecord r);

  /** The oldest record, without taking it; null when empty. */
  PendingRecord peek();

  /** Takes {@code r}; false if another thread took it first. */
  boolean take(PendingRecord r);

  /** Takes the oldest record; null when empty. */
  PendingRecord poll();

  boolean isEmpty();
}
