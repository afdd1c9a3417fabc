package dev.tributary.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * One round of application threads logging as fast as they can: {@code threads} threads call
 * the shipper in a loop for a fixed time, each call timed; then the round waits until what they
 * logged has arrived in Kafka (or stopped arriving), so that every round starts empty and its
 * losses are known exactly. Delivered events are counted in the topic (end offsets), not taken
 * from the shipper. Not thread-safe.
 */
final class TightLoop {
  /** How long a drain may wait for stragglers once arrivals stopped. */
  static final Duration QUIET = Duration.ofSeconds(1);
  /** The longest a drain may take. */
  static final Duration DRAIN_CAP = Duration.ofSeconds(60);
  /** The longest a caller may still be inside a call once the round ended. */
  private static final Duration JOIN_CAP = Duration.ofSeconds(150);

  /**
   * One round's outcome.
   *
   * @param logged calls that returned during the round
   * @param windowNanos how long the threads logged
   * @param deliveredInWindow events that arrived in the topic while they logged
   * @param lost events logged that never arrived (after the drain)
   * @param dropped events the shipper dropped and counted, or -1 for a shipper that counts none
   * @param calls the per-call times of every thread
   */
  record Result(long logged, long windowNanos, long deliveredInWindow, long lost, long dropped,
      CallTimes.Summary calls) {
    double loggedPerSecond() {
      return logged * 1e9 / windowNanos;
    }

    double deliveredPerSecond() {
      return deliveredInWindow * 1e9 / windowNanos;
    }

    double lostPercent() {
      return logged == 0 ? 0 : 100.0 * lost / logged;
    }

    @Override
    public String toString() {
      return String.format("logged %,.0f/s, delivered %,.0f/s, lost %.2f %% (%,d of %,d; "
          + "counted as dropped: %s); %s", loggedPerSecond(), deliveredPerSecond(),
          lostPercent(), lost, logged, dropped < 0 ? "n/a" : String.format("%,d", dropped),
          calls);
    }
  }

  private TightLoop() {}

  /**
   * Runs one round. {@code arrivals} counts the contestant's topic; it is unused for a shipper
   * that does not ship to Kafka (the floor).
   */
  static Result run(LogShipper shipper, TopicCounter arrivals, int threads, Duration length)
      throws InterruptedException {
    boolean kafka = shipper.shipsToKafka();
    Caller[] callers = new Caller[threads];
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < threads; i++) {
      callers[i] = new Caller(shipper, ready, go);
      Thread t = new Thread(callers[i], "app-" + i);
      t.setDaemon(true);
      callers[i].thread = t;
      t.start();
    }
    long droppedBefore = shipper.dropped();
    long before = kafka ? arrivals.arrived() : 0;
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    long end = start + length.toNanos();
    for (long left; (left = end - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
    // The window ends halfway through the read of the end offsets.
    long readStart = System.nanoTime();
    long atEnd = kafka ? arrivals.arrived() : 0;
    long windowNanos = (readStart + System.nanoTime()) / 2 - start;
    for (Caller c : callers) {
      c.stop = true;
    }
    CallTimes times = new CallTimes();
    long logged = 0;
    for (Caller c : callers) {
      c.thread.join(JOIN_CAP.toMillis());
      if (c.thread.isAlive()) {
        throw new IllegalStateException("a caller was still inside a call "
            + JOIN_CAP.toSeconds() + " s after the round ended");
      }
      times.add(c.times);
      logged += c.calls;
    }
    long dropped = droppedBefore < 0 ? -1 : shipper.dropped() - droppedBefore;
    long lost = 0;
    if (kafka) {
      long expected = before + logged - Math.max(0, dropped);
      long after = shipper.awaitDelivered(arrivals, expected, QUIET, DRAIN_CAP);
      lost = Math.max(0, before + logged - after);
    } else {
      shipper.awaitDelivered(arrivals, 0, QUIET, DRAIN_CAP);
    }
    return new Result(logged, windowNanos, atEnd - before, lost, dropped, times.summary());
  }

  /** One application thread's loop; its fields are read after it ended (join). */
  private static final class Caller implements Runnable {
    private final LogShipper shipper;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private final CallTimes times = new CallTimes();
    private volatile boolean stop;
    private long calls;
    private Thread thread;

    Caller(LogShipper shipper, CountDownLatch ready, CountDownLatch go) {
      this.shipper = shipper;
      this.ready = ready;
      this.go = go;
    }

    @Override
    public void run() {
      ready.countDown();
      try {
        go.await();
      } catch (InterruptedException e) {
        return;
      }
      long n = 0;
      while (!stop) {
        long t0 = System.nanoTime();
        shipper.log();
        times.record(System.nanoTime() - t0);
        n++;
      }
      calls = n;
    }
  }
}
