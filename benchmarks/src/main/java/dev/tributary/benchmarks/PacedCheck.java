package dev.tributary.benchmarks;

import java.time.Duration;

/**
 * Calls a shipper at a steady rate from the calling thread and times each call on its own, the
 * way a service that logs a few thousand lines a second meets its logger: between calls the
 * thread spins (it stays on its core, as a busy request thread would) and the shipper's own
 * threads and the broker have the rest of the machine. A tight loop instead measures a
 * saturated machine, where every background thread competes with the caller. Not thread-safe.
 */
final class PacedCheck {
  /** One paced round: the calls a steady pace asked for, and how the made ones went. */
  record Result(long intended, CallTimes.Summary calls) {
    @Override
    public String toString() {
      return calls + (calls.calls() < intended
          ? String.format(" (FELL BEHIND: %,d of %,d calls)", calls.calls(), intended) : "");
    }
  }

  private PacedCheck() {}

  /**
   * Calls {@code perSecond} times a second for {@code length}. A call that makes the caller late
   * does not cause a burst of catch-up calls: the pace restarts from then, so a shipper that
   * blocks makes fewer calls, which the result shows.
   */
  static Result run(LogShipper shipper, int perSecond, Duration length) {
    CallTimes times = new CallTimes();
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    long stop = start + length.toNanos();
    long next = start;
    while (true) {
      long now;
      while ((now = System.nanoTime()) < next) {
        Thread.onSpinWait();
      }
      if (now >= stop) {
        break;
      }
      long t0 = System.nanoTime();
      shipper.log();
      long t1 = System.nanoTime();
      times.record(t1 - t0);
      next = Math.max(next + interval, t1);
    }
    return new Result(length.toNanos() / interval, times.summary());
  }
}
