package dev.tributary.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition another thread makes true, instead of sleeping for a time that
 * happened to be long enough: the wait ends as soon as the condition holds, and the deadline is
 * only there so a broken condition fails the test instead of hanging it.
 */
public final class Waits {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Waits() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    if (!upTo(timeout, condition)) {
      throw new AssertionError("Waited " + timeout + " for " + what + "; it never happened");
    }
  }

  /**
   * Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held,
   * for a test that asserts on the state itself with a message of its own.
   */
  public static boolean upTo(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return condition.getAsBoolean();
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return true;
  }
}
