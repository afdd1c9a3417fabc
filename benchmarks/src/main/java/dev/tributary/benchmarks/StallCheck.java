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

  /** What one round of calls showed; {@code blockedNanos} > 0 if a call was still running. */
  record Result(int calls, int completed, long p50Nanos, long p99Nanos, long maxNanos,
      long over1ms, long blockedNanos) {

    /** The longest call, counting a still-blocked one for as long as it had been waiting. */
    long worstNanos() {
      return Math.max(maxNanos, blockedNanos);
    }

    boolean blocked() {
      return blockedNanos > 0;
    }

    @Override
    public String toString() {
      String s = String.format("%d of %d calls, p50 %.2f us, p99 %.2f us, max %.3f ms, calls "
          + "over 1 ms: %d", completed, calls, p50Nanos / 1e3, p99Nanos / 1e3, maxNanos / 1e6,
          over1ms);
      return blocked()
          ? s + String.format("; STILL BLOCKED in call %d after %.1f s", completed + 1,
              blockedNanos / 1e9)
          : s;
    }
  }

  StallCheck(LogShipper shipper, int calls) {
    this.shipper = shipper;
    this.nanos = new long[calls];
  }

  /** Runs the calls for at most {@code capSeconds}. */
  Result run(long capSeconds) throws InterruptedException {
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
    caller.start();
    caller.join(TimeUnit.SECONDS.toMillis(capSeconds));
    int done = completed;
    long blocked = caller.isAlive() ? System.nanoTime() - callStartedNanos : 0;
    long[] took = Arrays.copyOf(nanos, done);
    Arrays.sort(took);
    if (done == 0) {
      return new Result(nanos.length, 0, 0, 0, 0, 0, blocked);
    }
    return new Result(nanos.length, done, took[done / 2], took[(int) (done * 0.99)],
        took[done - 1], over(took, 1_000_000), blocked);
  }

  private static long over(long[] sorted, long limit) {
    int i = sorted.length;
    while (i > 0 && sorted[i - 1] > limit) {
      i--;
    }
    return sorted.length - i;
  }
}
