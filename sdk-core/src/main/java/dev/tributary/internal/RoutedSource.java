package dev.tributary.internal;

/**
 * One destination's view of the records all destinations share in failover mode: the whole
 * queue while it is the active destination (or holds a probe), nothing otherwise. Its sender
 * runs unchanged; it simply finds nothing to take while traffic goes elsewhere.
 */
final class RoutedSource implements RecordSource {
  private final RecordSource shared;
  private final Failover routes;
  private final int index;

  RoutedSource(RecordSource shared, Failover routes, int index) {
    this.shared = shared;
    this.routes = routes;
    this.index = index;
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
  public boolean isEmpty() {
    return peek() == null;
  }

  /**
   * A source several senders take turns reading: peek and take of the spool source keep
   * state between them (the record read ahead), so each call holds the lock. The memory buffer
   * needs none (its queue serialises its consumers), but one lock for both keeps it simple.
   */
  static final class Shared implements RecordSource {
    private final RecordSource source;

    Shared(RecordSource source) {
      this.source = source;
    }

    @Override
    public synchronized PendingRecord peek() {
      return source.peek();
    }

    @Override
    public synchronized boolean take(PendingRecord r) {
      return source.take(r);
    }

    @Override
    public synchronized boolean isEmpty() {
      return source.isEmpty();
    }
  }
}
