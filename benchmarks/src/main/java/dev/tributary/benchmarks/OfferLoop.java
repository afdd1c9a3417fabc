package dev.tributary.benchmarks;

import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import java.util.concurrent.locks.LockSupport;

/**
 * An application thread offering one record to a producer, at a steady rate or as fast as it
 * can, until stopped. Thread-safe.
 */
final class OfferLoop {
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long offered;

  /** Starts offering {@code perSecond} records a second; 0: as fast as {@code offer} returns. */
  OfferLoop(TributaryProducer producer, TributaryRecord record, int perSecond) {
    thread = new Thread(() -> {
      long interval = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
      long next = System.nanoTime();
      long n = 0;
      while (!stopped) {
        producer.offer(record);
        n++;
        if (interval > 0) {
          next += interval;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
      }
      offered = n;
    }, "app-0");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops offering and waits for the thread (a blocked {@code offer} returns within its cap). */
  void stop() {
    stopped = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Records offered, once stopped. */
  long offered() {
    return offered;
  }
}
