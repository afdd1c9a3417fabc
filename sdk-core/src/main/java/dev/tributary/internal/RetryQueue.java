package dev.tributary.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records waiting for another attempt, in failure order. The sender adds and takes them;
 * callers evicting under {@code DROP_OLDEST} take the oldest. Every removal is one atomic
 * step that names its record, so a record is taken by exactly one of them: the sender can
 * never lose a record to an eviction between looking at it and taking it.
 */
final class RetryQueue implements Retries {
  private final ConcurrentLinkedQueue<PendingRecord> records = new ConcurrentLinkedQueue<>();

  @Override
  public void add(PendingRecord r) {
    records.offer(r);
  }

  /** The oldest record, without taking it; null when empty. */
  @Override
  public PendingRecord peek() {
    return records.peek();
  }

  /** Takes {@code r}; false if another thread took it first. */
  @Override
  public boolean take(PendingRecord r) {
    return records.remove(r);
  }

  /** Takes the oldest record (for eviction); null when empty. */
  @Override
  public PendingRecord poll() {
    return records.poll();
  }

  @Override
  public boolean isEmpty() {
    return records.isEmpty();
  }

  /** Weakly consistent: for scanning; take what it returns with {@link #take}. */
  @Override
  public Iterator<PendingRecord> iterator() {
    return records.iterator();
  }
}
