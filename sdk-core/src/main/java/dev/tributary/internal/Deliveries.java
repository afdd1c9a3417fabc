package dev.tributary.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Every way out of one buffer: a single {@link Delivery}, or in failover mode one per
 * destination and the {@link Failover} that routes between them. Close stops them together
 * against one deadline, so several destinations take no longer to close than one.
 */
final class Deliveries {
  private final List<Delivery> all;
  /** Null with a single destination. */
  private final Failover failover;
  private final Clock clock;

  Deliveries(List<Delivery> all, Failover failover, Clock clock) {
    this.all = List.copyOf(all);
    this.failover = failover;
    this.clock = clock;
  }

  void start() {
    all.forEach(Delivery::start);
    if (failover != null) {
      failover.start();
    }
  }

  /** The primary's sender; for tests that step it by hand. */
  Sender sender() {
    return all.get(0).sender();
  }

  List<Delivery> all() {
    return all;
  }

  Failover failover() {
    return failover;
  }

  void beginFlush() {
    all.forEach(Delivery::beginFlush);
  }

  void endFlush() {
    all.forEach(Delivery::endFlush);
  }

  /**
   * Stops routing (the current choice stays) and every sender, and waits for their threads up
   * to the deadline; true if all ended.
   */
  boolean stop(long deadlineNanos) {
    all.forEach(Delivery::requestStop);
    boolean stopped = failover == null || failover.stop(deadlineNanos);
    for (Delivery d : all) {
      stopped &= d.awaitStop(deadlineNanos);
    }
    return stopped;
  }

  /** Closes every transport at once, each on its own thread, waiting up to the deadline. */
  void closeTransports(long deadlineNanos) {
    List<Thread> closers = new ArrayList<>(all.size());
    for (Delivery d : all) {
      closers.add(d.closeTransportAsync(deadlineNanos));
    }
    for (Thread t : closers) {
      clock.join(t, deadlineNanos - clock.nanoTime());
    }
  }

  /** Close is done with every delivery (see {@link Delivery#release}); true if all released now. */
  boolean release() {
    boolean all = true;
    for (Delivery d : this.all) {
      all &= d.release();
    }
    return all;
  }
}
