package dev.tributary.benchmarks;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simplest client of a proxy's own protocol, the ceiling {@link ProxyBenchmark} holds
 * Tributary against: one thread sends the same request over and over, keeping exactly
 * {@link #limit} requests in flight (a semaphore; no batching of its own, no retries, no
 * buffer). Subclasses send one request of their protocol and report its end. The limit can be
 * changed while it runs, which is how the benchmark sweeps it. Thread-safe.
 */
abstract class RawClient implements AutoCloseable {
  private final Limit permits = new Limit();
  private final LongAdder answered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread feeder = new Thread(this::feed, "raw-client-feeder");
  private volatile boolean stopped;
  private volatile String lastError = "";
  private int limit;

  /** Sends one request; calls {@link #done} once when it ends, from any thread. */
  abstract void send();

  /** Records one request carries. */
  abstract int recordsPerRequest();

  /** Releases the protocol's client (connections, threads). */
  abstract void release();

  /** Starts sending with {@code limit} requests in flight. */
  synchronized void start(int limit) {
    this.limit = limit;
    permits.release(limit);
    feeder.setDaemon(true);
    feeder.start();
  }

  /** Changes the requests in flight; a lower limit takes hold as requests end. */
  synchronized void limit(int newLimit) {
    if (newLimit > limit) {
      permits.release(newLimit - limit);
    } else if (newLimit < limit) {
      permits.reducePermits(limit - newLimit);
    }
    limit = newLimit;
  }

  synchronized int limit() {
    return limit;
  }

  /** A request ended: answered with success, or failed (an error status or no answer). */
  final void done(boolean ok, String error) {
    (ok ? answered : failed).increment();
    if (!ok) {
      lastError = error;
    }
    permits.release();
  }

  long answered() {
    return answered.sum();
  }

  long failed() {
    return failed.sum();
  }

  String lastError() {
    return lastError;
  }

  private void feed() {
    try {
      while (!stopped) {
        permits.acquire();
        if (stopped) {
          return;
        }
        try {
          send();
        } catch (RuntimeException e) {
          done(false, e.toString());
        }
      }
    } catch (InterruptedException e) {
      // Closing.
    }
  }

  @Override
  public void close() {
    stopped = true;
    feeder.interrupt();
    try {
      feeder.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release();
  }

  /** A semaphore whose permits can also be taken away. */
  private static final class Limit extends Semaphore {
    Limit() {
      super(0);
    }

    @Override
    protected void reducePermits(int reduction) {
      super.reducePermits(reduction);
    }
  }
}
