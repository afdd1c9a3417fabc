package dev.tributary.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Calls a shipper at a steady rate from the calling thread and times each call on its own, the
 * way a service that logs a few thousand lines a second meets its logger: between calls the
 * thread spins (it stays on its core, as a busy request thread would) and the shipper's own
 * threads and the broker have the rest of the machine. A tight loop instead measures a
 * saturated machine, where every background thread competes with the caller. Not thread-safe.
 */
final class PacedCheck {
  /** Per-call times of one paced round. */
  record Result(int calls, long p50Nanos, long p99Nanos, long p999Nanos, long maxNanos,
      long over1ms) {
    @Override
    public String toString() {
      return String.format("%d calls, p50 %d ns, p99 %d ns, p99.9 %d ns, max %.3f ms, calls "
          + "over 1 ms: %d", calls, p50Nanos, p99Nanos, p999Nanos, maxNanos / 1e6, over1ms);
    }
  }

  private PacedCheck() {}

  /**
   * Makes {@code calls} calls, {@code perSecond} a second, giving up after {@code capSeconds}
   * (a shipper that blocks falls behind; the calls it made still count).
   */
  static Result run(LogShipper shipper, int calls, int perSecond, long capSeconds) {
    long[] nanos = new long[calls];
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long start = System.nanoTime();
    long stop = start + TimeUnit.SECONDS.toNanos(capSeconds);
    long next = start;
    int done = 0;
    while (done < calls) {
      long now;
      while ((now = System.nanoTime()) < next) {
        Thread.onSpinWait();
      }
      if (now > stop) {
        break;
      }
      long t0 = System.nanoTime();
      shipper.log();
      nanos[done++] = System.nanoTime() - t0;
      // A late call does not cause a burst of catch-up calls: the pace restarts from now.
      next = Math.max(next + interval, System.nanoTime());
    }
    long[] took = Arrays.copyOf(nanos, done);
    Arrays.sort(took);
    if (done == 0) {
      return new Result(0, 0, 0, 0, 0, 0);
    }
    long over = 0;
    for (int i = done - 1; i >= 0 && took[i] > 1_000_000; i--) {
      over++;
    }
    return new Result(done, took[done / 2], took[(int) (done * 0.99)],
        took[(int) (done * 0.999)], took[done - 1], over);
  }
}
