package dev.tributary.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that moves only when told to (Kafka's MockTime in spirit). By default a wait
 * through it takes exactly the time it asks for, at once: the clock advances by that much, as
 * MockTime's sleep does, so deadlines of flush, close and BLOCK are reached deterministically.
 * {@link #holdTime()} makes waits real but timeless, for tests where another thread must act
 * (release room, answer a batch) and the test itself moves the clock.
 */
final class FakeClock implements Clock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private volatile boolean waitsAdvance = true;
  /** Times a thread yielded the processor through this clock. */
  final java.util.concurrent.atomic.AtomicInteger yields =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  void advanceNanos(long n) {
    nanos.addAndGet(n);
  }

  /** From now on waits do not move the clock; they park briefly so other threads can act. */
  FakeClock holdTime() {
    waitsAdvance = false;
    return this;
  }

  @Override
  public void yieldProcessor() {
    yields.incrementAndGet();
  }

  @Override
  public void park(Object blocker, long waitNanos) {
    if (waitsAdvance) {
      advanceNanos(Math.max(0, waitNanos));
      Thread.yield();
    } else {
      LockSupport.parkNanos(blocker, TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Override
  public void await(Condition condition, long waitNanos) throws InterruptedException {
    if (waitsAdvance) {
      advanceNanos(Math.max(0, waitNanos));
      condition.awaitNanos(0);
    } else {
      condition.awaitNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Waits for {@code thread} while it runs; once it waits on something (as a hung transport
   * does), only time can help, so the clock moves to the end of the wait.
   */
  @Override
  public boolean join(Thread thread, long waitNanos) {
    if (thread == null) {
      return true;
    }
    while (thread.isAlive()) {
      try {
        thread.join(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      Thread.State s = thread.getState();
      boolean stuck = s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
          || s == Thread.State.BLOCKED;
      if (stuck && thread.isAlive()) {
        if (waitsAdvance) {
          advanceNanos(Math.max(0, waitNanos));
        }
        return false;
      }
    }
    return true;
  }
}
