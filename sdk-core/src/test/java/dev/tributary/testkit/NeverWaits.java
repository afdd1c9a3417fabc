package dev.tributary.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Proves that a call does not wait on the network (or on a deadline it should not be given)
 * without timing it against the speed of the machine.
 *
 * <p>A wall-clock bound close to what a call costs fails on a busy machine: configuring a
 * logging framework took 5 s at load 30 on 2 cores, a log call 1.4 s. So the test makes waiting
 * cost something enormous instead: it sets every wait a blocking implementation could sit in
 * to {@link #NETWORK_WAIT}, an hour (Kafka's {@code max.block.ms} and
 * {@code delivery.timeout.ms}, a proxy call's timeout, a close timeout the call must not use,
 * a server that never answers), and runs the call through {@link #call}, which allows
 * {@link #BOUND}. A call that does not wait returns in well under a second on an idle machine
 * and within seconds on a badly overloaded one; one that waits takes an hour. The bound sits
 * two orders of magnitude from the second and an order above the first, and a call that
 * overruns it fails the test at once, with the stack of the thread where it waits.
 */
public final class NeverWaits {
  /** What every wait a blocking implementation could reach is set to. */
  public static final Duration NETWORK_WAIT = Duration.ofHours(1);
  /** How long a call that does not wait may take on a busy machine. */
  public static final Duration BOUND = Duration.ofSeconds(30);

  private NeverWaits() {}

  /** {@link #NETWORK_WAIT} in milliseconds, as producer properties take it. */
  public static String networkWaitMillis() {
    return Long.toString(NETWORK_WAIT.toMillis());
  }

  /**
   * Kafka producer properties that make each wait of kafka-clients cost {@link #NETWORK_WAIT}:
   * for metadata or buffer space in {@code send} ({@code max.block.ms}) and for a batch to be
   * acknowledged or expire, which is what a close without a timeout waits for
   * ({@code delivery.timeout.ms}).
   */
  public static Map<String, String> kafkaProducerProperties() {
    return Map.of("max.block.ms", networkWaitMillis(),
        "delivery.timeout.ms", networkWaitMillis());
  }

  /** Runs {@code work} and fails unless it returns within {@link #BOUND}. */
  public static void run(String what, Action work) {
    call(what, () -> {
      work.run();
      return null;
    });
  }

  /**
   * Runs {@code work} on a thread of its own and returns its result; fails, showing where that
   * thread is, unless it returns within {@link #BOUND}. What {@code work} throws is rethrown.
   */
  public static <T> T call(String what, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "test-caller");
    thread.setDaemon(true); // a thread stuck for NETWORK_WAIT must not hold the JVM
    thread.start();
    try {
      return task.get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String stack = Arrays.stream(thread.getStackTrace()).map(f -> "\tat " + f)
          .collect(Collectors.joining("\n"));
      // Not interrupted: code that parks in a loop would only spin on the interrupt flag.
      throw new AssertionError(what + " did not return within " + BOUND + "; every wait it "
          + "could be in was set to " + NETWORK_WAIT + ". It is " + thread.getState()
          + " at:\n" + stack);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(what + " failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  /** Work that may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }
}
