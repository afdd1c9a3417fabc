package dev.tributary.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;

/**
 * Time and waiting, injectable so batching, backoff, timeouts and the deadlines of flush,
 * close and {@code BLOCK} can be tested without sleeping: every wait of the pipeline goes
 * through here, so a fake clock decides how much time a wait takes.
 */
public interface Clock {
  Clock SYSTEM = System::nanoTime;

  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Parks the calling thread for up to {@code nanos}, or until it is unparked. */
  default void park(Object blocker, long nanos) {
    LockSupport.parkNanos(blocker, nanos);
  }

  /**
   * Lets other runnable threads have the processor first ({@link Thread#yield()}); returns at
   * once when none is waiting for it.
   */
  default void yieldProcessor() {
    Thread.yield();
  }

  /** Waits on {@code condition} (its lock held) for up to {@code nanos}, or until signalled. */
  default void await(Condition condition, long nanos) throws InterruptedException {
    condition.awaitNanos(nanos);
  }

  /** Waits up to {@code nanos} for {@code thread} to end; true if it has (or is null). */
  default boolean join(Thread thread, long nanos) {
    if (thread == null) {
      return true;
    }
    try {
      if (nanos > 0) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }
}
