package dev.tributary.internal.pixy;

import java.util.Locale;

/**
 * How many produce requests may be in flight to kafka-pixy, learned from how it answers.
 *
 * <p>kafka-pixy takes one record per request and answers a synchronous produce only after its
 * producer flushed (every {@code flush_frequency}, 500 ms by default, or at 1 MiB), so its
 * throughput is requests in flight divided by latency: a 500 ms proxy needs a hundred times the
 * requests of a 5 ms one for the same speed, and no fixed number suits both. Latency alone is a
 * poor guide there: it is set by where a request lands in the flush cycle and, on a busy
 * machine, by the scheduler. So the limit climbs on <em>throughput</em>, and keeps a change
 * only when throughput says it paid:
 *
 * <ul>
 *   <li><b>Throughput is what was delivered</b>: successes counted between two instants,
 *       divided by the time between them ({@link DeliveryWindow}). A window opens once every
 *       request started under the previous limit has its outcome, and closes at the outcome of
 *       the last of its members, the first {@code limit} requests started after the change,
 *       spanning at least {@link DeliveryWindow#MIN_SPAN_NANOS} and {@link #SLOW_START_SPAN}
 *       ({@link #SETTLED_SPAN} once settled) mean latencies. Why this is right in both regimes:
 *       with a 500 ms flush, answers come in bursts, one per flush, and a count between
 *       two arbitrary instants would be off by up to a whole burst. Here both ends are answers
 *       at the same place in their bursts: the window opens at the last old request's answer
 *       and closes at its last member's, and members are the requests that the answers from
 *       there on set free (membership ends at an answer, before the requests it frees start),
 *       so the count covers whole flush cycles. With a 5 ms flush, answers are a steady stream; the window spans
 *       100 ms or more, thousands of answers and twenty flush cycles, so where its ends fall
 *       matters little. The earlier estimate, Little's law on means sampled at completions (mean
 *       in flight ÷ mean latency), assumed both were measured on the same steady system; on a
 *       CPU-starved machine, where answers wait in the client and more requests in flight make
 *       everything slower, it read rising throughput where delivery fell, and let the limit
 *       climb to eight times the best.
 *   <li><b>Slow start</b>: the limit doubles each window, from hundreds to thousands in a
 *       handful of round trips, until {@link #SLOW_START_STALLS} doublings in a row did not
 *       raise throughput by {@link #GAIN}; then it settles at {@link #STEP} times the limit that
 *       gave the best (a larger limit is the best only if it beat a smaller one by
 *       {@link #BEST_MARGIN}). One doubling that seems not to pay is no proof: on a busy
 *       machine one window's answers can come late for reasons of the scheduler.
 *   <li><b>Probing</b>, after {@link #PROBE_WINDOWS} windows and at least the probe interval,
 *       alternately up and down: a larger limit is kept only if throughput rose by
 *       {@link #PROBE_GAIN_SHARE} of the step; a smaller one only if throughput fell by less
 *       than {@link #PROBE_LOSS_SHARE} of it. A probe that paid is followed at once by another
 *       the same way: two larger limits that paid in a row restart slow start, and smaller
 *       limits that keep paying come down in growing steps, up to halving. So the limit follows
 *       the proxy both ways, and one that climbed too far while the JVM warmed (a cold start
 *       makes doublings look like they paid) is back near the best in a few windows.
 *   <li><b>Settled means steady</b>: each probe that did not pay doubles the probe interval,
 *       from {@link #PROBE_INTERVAL_NANOS} up to {@link #MAX_PROBE_INTERVAL_NANOS}, and after
 *       {@link #SMALL_STEP_AFTER} in a row probes move by {@link #SMALL_STEP} instead of
 *       {@link #STEP}. A probe that paid, overload, or throughput at the settled limit moving
 *       by {@link #CHANGE} either way (the proxy or the load changed) resets both. A wrong probe
 *       costs a window of lower throughput, about a second against a 500 ms flush, so a settled
 *       limit should not be put to the test every second.
 *   <li><b>Overload</b>: no answer, a timeout, 429, 503, UNAVAILABLE, RESOURCE_EXHAUSTED halves
 *       the limit, once per round trip (outcomes of requests started before a change describe
 *       the old limit), and slow start begins again, so a restarted proxy is at speed again in a
 *       few round trips.
 *   <li>A window whose members never had half the limit in flight says nothing about capacity:
 *       the limit neither grows on idle time nor forgets what it learned.
 * </ul>
 *
 * Times are passed in by the caller (nanoseconds of one monotonic clock), so tests drive it
 * deterministically. Thread-safe: every method synchronizes on this object and does a few
 * arithmetic operations.
 */
public final class AdaptiveLimit {
  /** In slow start, throughput must rise by this factor for a doubling to count as paying. */
  static final double GAIN = 1.2;
  /** Doublings in a row that must not pay before slow start ends. */
  static final int SLOW_START_STALLS = 2;
  /** Probe size, and the settled limit after slow start relative to the limit before. */
  static final double STEP = 1.25;
  /** Probe size once {@link #SMALL_STEP_AFTER} probes in a row did not pay. */
  static final double SMALL_STEP = 1.125;
  /** The largest step of a descent that keeps paying: halving. */
  static final double MAX_DOWN_STEP = 2.0;
  static final int SMALL_STEP_AFTER = 2;
  /**
   * A probe up must raise throughput by this share of its own size: 1.1 for a step of 1.25,
   * 1.05 for 1.125.
   */
  static final double PROBE_GAIN_SHARE = 0.4;
  /**
   * A probe down is kept if throughput falls by less than this share of its size: above 0.95
   * for a step of 1.25, above 0.972 for 1.125.
   */
  static final double PROBE_LOSS_SHARE = 0.05;
  /** In slow start, a larger limit is the best only if it beats the best by this factor. */
  static final double BEST_MARGIN = 1.05;
  /** Windows at a settled limit between probes, at the least. */
  static final int PROBE_WINDOWS = 2;
  /** Time between probes at first, and again after a probe paid or throughput moved. */
  static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;
  /** Probes that did not pay double the interval, up to this. */
  static final long MAX_PROBE_INTERVAL_NANOS = 16_000_000_000L;
  /** Throughput at a settled limit moving by this factor either way means the proxy changed. */
  static final double CHANGE = 1.5;
  /** Mean latencies a window spans at least, in slow start and when settled (see the class). */
  static final double SLOW_START_SPAN = 0.5;
  static final double SETTLED_SPAN = 1.5;

  private final int min;
  private final int max;
  private final DeliveryWindow window = new DeliveryWindow(SLOW_START_SPAN);
  /** Requests started at or before this value were started before the last change. */
  private long lastChangeMark = Long.MIN_VALUE;
  private double limit;
  private boolean slowStart = true;
  /** Throughput of the last window, requests per nanosecond; 0 before one. */
  private double previousRate;

  /** Slow start: doublings that did not pay, and the best throughput seen. */
  private int stalls;
  private double bestRate;
  private double bestLimit;

  private int windowsSinceProbe;
  private int paidUpInARow;
  private int unpaidInARow;
  private long probeIntervalNanos = PROBE_INTERVAL_NANOS;
  private long lastProbeNanos;
  private boolean nextProbeUp = true;
  private boolean probingUp;
  private double probeStep;
  /** While probing: the limit to go back to if the probe does not pay; else NaN. */
  private double beforeProbe = Double.NaN;

  /**
   * @param initial the limit to start from
   * @param min the lowest limit, however badly the proxy answers (at least 1)
   * @param max the highest limit
   */
  public AdaptiveLimit(int initial, int min, int max) {
    if (min < 1 || max < min || initial < min || initial > max) {
      throw new IllegalArgumentException("need 1 <= min <= initial <= max, got min " + min
          + ", initial " + initial + ", max " + max);
    }
    this.min = min;
    this.max = max;
    this.limit = initial;
  }

  /** Requests that may be in flight now. */
  public synchronized int limit() {
    return (int) limit;
  }

  /** Whether the limit still doubles every window. */
  public synchronized boolean inSlowStart() {
    return slowStart;
  }

  /** The last window's throughput in requests per second; 0 before one. */
  synchronized double ratePerSecond() {
    return previousRate * 1e9;
  }

  /**
   * A request starts, with {@code inFlight} requests (itself included) running.
   *
   * @return its start time, to pass back with its outcome (strictly increasing)
   */
  public synchronized long started(long nowNanos, int inFlight) {
    return window.started(nowNanos, inFlight, (int) limit);
  }

  /**
   * The proxy answered, {@code nowNanos - startNanos} after the request started, while
   * {@code inFlight} requests (this one included) were running.
   */
  public synchronized void succeeded(long startNanos, long nowNanos, int inFlight) {
    if (window.ended(startNanos, nowNanos, true, (int) limit)) {
      windowClosed(nowNanos);
    }
  }

  /**
   * The request started at {@code startNanos} ended in a way that says nothing about load (the
   * proxy refused its record: too large, unknown topic).
   */
  public synchronized void refused(long startNanos, long nowNanos) {
    if (window.ended(startNanos, nowNanos, false, (int) limit)) {
      windowClosed(nowNanos);
    }
  }

  /**
   * The request started at {@code startNanos} failed in a way that signals overload or an
   * outage: no answer, a timeout, 429, 503, UNAVAILABLE, RESOURCE_EXHAUSTED.
   */
  public synchronized void overloaded(long startNanos, long nowNanos) {
    window.ended(startNanos, nowNanos, false, (int) limit);
    if (startNanos <= lastChangeMark) {
      return; // it describes the limit before the last change: once per round trip
    }
    slowStart = true;
    previousRate = 0;
    bestRate = 0;
    stalls = 0;
    paidUpInARow = 0;
    beforeProbe = Double.NaN;
    resetProbing();
    change(limit / 2, nowNanos);
  }

  private void windowClosed(long nowNanos) {
    if (window.answered() == 0 || window.peakInFlight() * 2 < limit) {
      restart(nowNanos); // nothing learned: no answers, or the limit was not in use
      return;
    }
    double rate = window.rate();
    double next = limit;
    if (slowStart) {
      if (rate > bestRate * BEST_MARGIN) { // the same throughput with fewer requests is better
        bestRate = rate;
        bestLimit = limit;
      }
      stalls = rate > previousRate * GAIN ? 0 : stalls + 1;
      if (limit >= max && stalls == 0) {
        slowStart = false;
      } else if (stalls < SLOW_START_STALLS && limit < max) {
        next = limit * 2;
      } else {
        // Doublings stopped paying: settle a little above the best limit seen. Should noise
        // have stopped it early, probes that pay climb on at once.
        slowStart = false;
        next = bestLimit * STEP;
      }
      lastProbeNanos = nowNanos;
    } else if (!Double.isNaN(beforeProbe)) {
      boolean paid = probingUp ? rate > previousRate * (1 + (probeStep - 1) * PROBE_GAIN_SHARE)
          : rate >= previousRate * (1 - (1 - 1 / probeStep) * PROBE_LOSS_SHARE);
      double previousLimit = beforeProbe;
      beforeProbe = Double.NaN;
      lastProbeNanos = nowNanos;
      windowsSinceProbe = 0;
      paidUpInARow = paid && probingUp ? paidUpInARow + 1 : 0;
      if (paid) {
        resetProbing();
      } else {
        unpaidInARow++;
        probeIntervalNanos = Math.min(MAX_PROBE_INTERVAL_NANOS, probeIntervalNanos * 2);
      }
      if (paidUpInARow >= 2) {
        // Far below what the proxy can take (slow start stopped early): double again.
        slowStart = true;
        stalls = 0;
        bestRate = rate;
        bestLimit = limit;
        paidUpInARow = 0;
        next = limit * 2;
      } else if (paid && (probingUp ? limit < max : limit > min)) {
        // Keep going the way that paid, at once; down, in growing steps (up to halving), so a
        // limit that climbed too far (a start-up on a cold JVM looks like doublings paying) is
        // back near the best in a few windows rather than a dozen.
        startProbe(probingUp, probingUp ? STEP : Math.min(MAX_DOWN_STEP, probeStep * STEP));
        next = probingUp ? limit * probeStep : limit / probeStep;
      } else if (!paid) {
        next = previousLimit;
        rate = previousRate; // the throughput to beat stays the one before the probe
        nextProbeUp = !probingUp;
      }
    } else {
      if (previousRate > 0 && (rate > previousRate * CHANGE || rate * CHANGE < previousRate)) {
        resetProbing(); // the proxy changed: find out soon what suits it now
        windowsSinceProbe = PROBE_WINDOWS;
      }
      if (++windowsSinceProbe >= PROBE_WINDOWS
          && nowNanos - lastProbeNanos >= probeIntervalNanos) {
        boolean up = (nextProbeUp || limit <= min) && limit < max;
        nextProbeUp = !up;
        startProbe(up, unpaidInARow >= SMALL_STEP_AFTER ? SMALL_STEP : STEP);
        next = up ? limit * probeStep : limit / probeStep;
      }
    }
    previousRate = rate;
    if ((int) Math.min(max, Math.max(min, next)) != (int) limit) {
      change(next, nowNanos);
    } else {
      restart(nowNanos);
    }
  }

  private void startProbe(boolean up, double step) {
    probingUp = up;
    probeStep = step;
    beforeProbe = limit;
  }

  private void resetProbing() {
    unpaidInARow = 0;
    probeIntervalNanos = PROBE_INTERVAL_NANOS;
  }

  private void change(double newLimit, long nowNanos) {
    limit = Math.min(max, Math.max(min, newLimit));
    lastChangeMark = window.lastStart();
    restart(nowNanos);
  }

  private void restart(long nowNanos) {
    window.restart(nowNanos, slowStart ? SLOW_START_SPAN : SETTLED_SPAN);
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveLimit{limit=" + (int) limit + (slowStart ? ", slow start" : "")
        + (Double.isNaN(beforeProbe) ? "" : probingUp ? ", probing up" : ", probing down")
        + String.format(Locale.ROOT, ", %.0f/s", previousRate * 1e9) + '}';
  }
}
