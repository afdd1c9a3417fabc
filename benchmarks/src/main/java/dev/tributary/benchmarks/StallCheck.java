package dev.tributary.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Calls a shipper from one daemon thread with no broker listening and records how long each
 * call took, giving up after a wall-clock cap: a shipper that blocks the caller on the network
 * can hold one call for minutes, and the benchmark must end anyway. Not thread-safe.
 */
final class StallCheck {
  private final LogShipper shipper;
  private volatile long callStartedNanos;
  private volatile int completed;
  private final long[] nanos;

  StallCheck(LogShipper shipper, int calls) {
    this.shipper = shipper;
    this.nanos = new long[calls];
  }

  /** Runs the calls for at most {@code capSeconds}; returns a one-line summary. */
  String run(long capSeconds) throws InterruptedException {
    Thread caller = new Thread(() -> {
      for (int i = 0; i < nanos.length; i++) {
        long s = System.nanoTime();
        callStartedNanos = s;
        shipper.log();
        nanos[i] = System.nanoTime() - s;
        completed = i + 1;
      }
    }, "app-thread");
    caller.setDaemon(true);
    long t0 = System.nanoTime();
    caller.start();
    caller.join(TimeUnit.SECONDS.toMillis(capSeconds));
    long wall = System.nanoTime() - t0;
    int done = completed;
    long[] took = Arrays.copyOf(nanos, done);
    Arrays.sort(took);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%d of %d calls in %.1f s", done, nanos.length, wall / 1e9));
    if (done > 0) {
      sb.append(String.format(", p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.3f ms, "
          + "calls over 1 ms: %d", took[done / 2] / 1e3, took[(int) (done * 0.99)] / 1e3,
          took[(int) (done * 0.999)] / 1e3, took[done - 1] / 1e6, over(took, 1_000_000)));
    }
    if (caller.isAlive()) {
      sb.append(String.format("; STILL BLOCKED in call %d after %.1f s", done + 1,
          (System.nanoTime() - callStartedNanos) / 1e9));
    }
    return sb.toString();
  }

  private static long over(long[] sorted, long limit) {
    int i = Arrays.binarySearch(sorted, limit + 1);
    return sorted.length - (i < 0 ? -i - 1 : i);
  }
}
