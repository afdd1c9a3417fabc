package dev.tributary.internal;

import dev.tributary.TributaryConfig;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides which destination new records go to, in failover mode. Destinations are preferred
 * in order: the primary, then each standby. The active one takes records from the buffer (or
 * spool) and the retries they all share; the others only finish what they hold, and probe.
 *
 * <ul>
 *   <li><b>Failover.</b> Once the active destination has kept records waiting for
 *       {@code failoverAfter} without answering any, it is marked down and records go to the
 *       first destination not marked down. Its transport is retired, so what it still held is
 *       tried again on the new one at once. With every other destination down too, records
 *       stay where they are (and are retried there) while the others are probed.
 *   <li><b>Probes.</b> A destination marked down is probed while it is preferred over the
 *       active one (or the active one is failing too): every probe interval, when it holds no
 *       unanswered probe, its sender may take one record. A probe is a real record; if it
 *       fails, it comes back for another attempt wherever traffic goes.
 *   <li><b>Failback, with hysteresis.</b> A destination that answered every record for
 *       {@code failbackAfter}, with no retriable failure and nothing stuck, is up again, and
 *       records go back to it if it is preferred. Any failure restarts its wait, so a flapping
 *       primary is left alone until it holds steady: at most one switch away and one back
 *       per {@code failoverAfter + failbackAfter}.
 * </ul>
 *
 * <p>Every switch is one status line (from, to, why) and counts in
 * {@link dev.tributary.ProducerMetrics#destinationSwitches()} and the new destination's
 * {@code switchedTo}. {@link #tick} makes every decision, on the failover thread (or a test's),
 * so the rules are deterministic under a fake clock; senders read the choice lock-free.
 */
final class Failover implements Runnable {
  /** A probe is this many records. */
  static final int PROBE_RECORDS = 1;
  private static final long MAX_PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long MIN_PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Endpoint[] endpoints;
  private final Clock clock;
  private final Diagnostics diagnostics;
  private final String clientId;
  private final long failoverAfterNanos;
  private final long failbackAfterNanos;
  private final long probeIntervalNanos;
  private final long tickNanos;
  private final AtomicInteger[] probeBudget;
  private final LongAdder switches = new LongAdder();
  // Guarded by this.
  private final boolean[] down;
  private final long[] nextProbeAt;
  private boolean allDownReported;

  private volatile int active;
  private volatile boolean running = true;
  private Thread thread;

  Failover(TributaryConfig config, List<Endpoint> endpoints, Clock clock) {
    this.endpoints = endpoints.toArray(new Endpoint[0]);
    this.clock = clock;
    this.diagnostics = config.diagnostics();
    this.clientId = config.clientId();
    this.failoverAfterNanos = Shutdown.saturatedNanos(config.failoverAfter());
    this.failbackAfterNanos = Shutdown.saturatedNanos(config.failbackAfter());
    this.probeIntervalNanos = probeIntervalNanos(config.failbackAfter());
    this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(
        TimeUnit.SECONDS.toNanos(1), Math.min(failoverAfterNanos, probeIntervalNanos) / 4));
    int n = this.endpoints.length;
    this.down = new boolean[n];
    this.nextProbeAt = new long[n];
    this.probeBudget = new AtomicInteger[n];
    for (int i = 0; i < n; i++) {
      probeBudget[i] = new AtomicInteger();
      nextProbeAt[i] = Long.MIN_VALUE;
    }
  }

  /** A tenth of {@code failbackAfter}, between 10 ms and 5 s: several probes per wait. */
  static long probeIntervalNanos(Duration failbackAfter) {
    return Math.max(MIN_PROBE_INTERVAL_NANOS,
        Math.min(MAX_PROBE_INTERVAL_NANOS, Shutdown.saturatedNanos(failbackAfter) / 10));
  }

  /** The index of the destination new records go to. */
  int active() {
    return active;
  }

  boolean isActive(int index) {
    return active == index;
  }

  /** Whether destination {@code index}'s sender may take records now: active, or probing. */
  boolean mayTake(int index) {
    return active == index || probeBudget[index].get() > 0;
  }

  /** Destination {@code index}'s sender took a record; a probe's budget shrinks by one. */
  void took(int index) {
    if (active != index) {
      probeBudget[index].updateAndGet(b -> Math.max(0, b - 1));
    }
  }

  long switches() {
    return switches.sum();
  }

  /** An offer landed: wakes the active sender if it waits for one. */
  void recordAppended(long bufferedBytes) {
    endpoints[active].sender().recordAppended(bufferedBytes);
  }

  /** Whether the active destination's sender is getting records through. */
  boolean activeDelivering() {
    return endpoints[active].sender().delivering();
  }

    void wakeActiveIfIdle() {
    endpoints[active].sender().wakeIfIdle();
  }

  void wakeActive() {
    endpoints[active].sender().wake();
  }

  /** Takes every decision due at {@code now}: failover, failback, probes. */
  synchronized void tick(long now) {
    int a = active;
    boolean failing = endpoints[a].health.stalled(now, failoverAfterNanos);
    for (int i = 0; i < endpoints.length; i++) {
      if (down[i] && !(i == a && failing)
          && endpoints[i].health.recovered(now, failbackAfterNanos, failoverAfterNanos)) {
        down[i] = false;
      }
    }
    if (failing) {
      int to = firstUp(a, endpoints.length);
      down[a] = true;
      if (to >= 0) {
        switchTo(to, now, endpoints[a].name() + " accepted no record for "
            + Duration.ofNanos(failoverAfterNanos) + lastError(a), true);
      } else if (!allDownReported) {
        allDownReported = true;
        diagnostics.warn("Producer " + clientId + ": every destination is failing; records "
            + "stay with " + endpoints[a].label() + " and are retried there, and the others "
            + "are probed, until one accepts records again" + lastError(a), null);
      }
    } else {
      int to = firstUp(a, down[a] ? endpoints.length : a);
      if (to >= 0) {
        switchTo(to, now, endpoints[to].name() + " accepted every record for "
            + Duration.ofNanos(failbackAfterNanos) + " again", false);
      }
    }
    probe(now, failing || down[active]);
  }

  /** The first destination before {@code limit}, other than {@code except}, not marked down. */
  private int firstUp(int except, int limit) {
    for (int i = 0; i < limit; i++) {
      if (i != except && !down[i]) {
        return i;
      }
    }
    return -1;
  }

  private void switchTo(int to, long now, String why, boolean failover) {
    int from = active;
    probeBudget[to].set(0);
    active = to;
    allDownReported = false;
    switches.increment();
    endpoints[to].switchedTo.increment();
    String line = "Producer " + clientId + " switched from " + endpoints[from].label() + " to "
        + endpoints[to].label() + ": " + why;
    if (failover) {
      diagnostics.warn(line, null);
      // What the old destination still holds is tried again on the new one now, rather than
      // when its own client gives up on it (kafka-clients: up to delivery.timeout.ms).
      endpoints[from].transport().retire();
    } else {
      diagnostics.info(line);
    }
    nextProbeAt[from] = now + probeIntervalNanos;
    endpoints[to].sender().wake();
    endpoints[from].sender().wake();
  }

  private void probe(long now, boolean activeFailing) {
    int a = active;
    for (int i = 0; i < endpoints.length; i++) {
      if (i == a || !down[i] || !(i < a || activeFailing)) {
        continue;
      }
      Health h = endpoints[i].health;
      boolean probeOpen = h.outstanding() > 0 && !h.stalled(now, failoverAfterNanos);
      if (probeBudget[i].get() == 0 && now >= nextProbeAt[i] && !probeOpen) {
        nextProbeAt[i] = now + probeIntervalNanos;
        probeBudget[i].set(PROBE_RECORDS);
        endpoints[i].sender().wake();
      }
    }
  }

  private String lastError(int index) {
    Throwable e = endpoints[index].health.lastError();
    return e == null ? "" : "; last error: " + e;
  }

  void start() {
    thread = new Thread(this, "tributary-failover-" + clientId);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    while (running) {
      try {
        tick(clock.nanoTime());
      } catch (RuntimeException | Error e) {
        // Routing must outlive any bug: report and carry on with the current choice.
        diagnostics.warn("Producer " + clientId + ": failover check failed", e);
      }
      clock.park(this, tickNanos);
    }
  }

  /** Stops the failover thread (the current choice stays) and waits for it until the deadline. */
  boolean stop(long deadlineNanos) {
    running = false;
    Thread t = thread;
    if (t != null) {
      java.util.concurrent.locks.LockSupport.unpark(t);
    }
    return clock.join(t, deadlineNanos - clock.nanoTime());
  }
}
