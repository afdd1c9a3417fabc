package dev.tributary.internal;

import java.util.Collections;
import java.util.Iterator;

/**
 * One destination's view of the retries all destinations share in failover mode. A record that
 * failed anywhere goes into the shared queue, and the active destination (or one holding a
 * probe) takes it from there: retries follow traffic. Taking for close ({@link #poll}) sees
 * everything, so whichever sender is abandoned last leaves nothing behind.
 */
final class RoutedRetries implements Retries {
  private final Retries shared;
  private final Failover routes;
  private final int index;

  RoutedRetries(Retries shared, Failover routes, int index) {
    this.shared = shared;
    this.routes = routes;
    this.index = index;
  }

  @Override
  public void add(PendingRecord r) {
    shared.add(r);
    if (!routes.isActive(index)) {
      routes.wakeActive(); // it is the one to send it
    }
  }

  @Override
  public PendingRecord peek() {
    return routes.mayTake(index) ? shared.peek() : null;
  }

  @Override
  public boolean take(PendingRecord r) {
    if (shared.take(r)) {
      routes.took(index);
      return true;
    }
    return false;
  }

  @Override
  public PendingRecord poll() {
    return shared.poll();
  }

  @Override
  public boolean isEmpty() {
    return !routes.mayTake(index) || shared.isEmpty();
  }

  @Override
  public Iterator<PendingRecord> iterator() {
    return routes.mayTake(index) ? shared.iterator() : Collections.emptyIterator();
  }
}
