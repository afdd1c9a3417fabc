package dev.tributary.internal.pixy;

import java.util.Locale;

/**
 * How many produce requests may be in flight to kafka-pixy, learned from how it answers.
 *
 * <p>kafka-pixy takes one record per request and answers a synchronous produce only after its
 * producer flushed (every {@code flush_frequency}, 500 ms by default, or at 1 MiB), so its
 * throughput is requests in flight divided by latency: a 500 ms proxy needs a hundred times the
 * requests of a 5 ms one for the same speed, and no fixed number suits both. Latency alone is a
 * poor guide there: it is set by where a request lands in the flush cycle (anywhere from zero to
 * a whole period) and, on a busy machine, by the scheduler, not only by queueing. So the limit
 * climbs on <em>throughput</em>, and keeps a change only when throughput says it paid:
 *
 * <ul>
 *   <li>Throughput is measured per <b>cohort</b>: the requests started in one stretch, a whole
 *       limit's worth, or half of it over at least {@link #MIN_WINDOW_NANOS}. When the last of them has
 *       an outcome, Little's law gives the throughput: their mean number in flight ÷ their mean
 *       latency. Waiting for the whole cohort, not the first answers, keeps slow answers in
 *       the mean.
 *   <li><b>Slow start</b>: the limit doubles each cohort, from hundreds to thousands in a
 *       handful of round trips, until {@link #SLOW_START_STALLS} doublings in a row did not
 *       raise throughput by {@link #GAIN}; then it settles at {@link #STEP} times the limit that
 *       gave the best. One doubling that seems not to pay is no proof: on a busy machine one
 *       cohort's answers can come late for reasons of the scheduler, not the proxy, and ending
 *       slow start there left a 500 ms-flush kafka-pixy at a fraction of its speed for seconds.
 *   <li><b>Probing</b>, every {@link #PROBE_COHORTS} cohorts and at least
 *       {@link #PROBE_INTERVAL_NANOS}, alternately up and down by {@link #STEP}: a larger limit
 *       is kept only if throughput rose by {@link #PROBE_GAIN}; a smaller one is kept if
 *       throughput held within {@link #PROBE_LOSS}. A probe that paid is followed at once by
 *       another the same way, and two larger limits that paid in a row restart slow start. So
 *       the limit follows the proxy both ways, and when latency rises without throughput (the
 *       proxy queues) it comes down.
 *   <li><b>Overload</b>: no answer, a timeout, 429, 503, UNAVAILABLE, RESOURCE_EXHAUSTED halves
 *       the limit, once per round trip (outcomes of requests started before a change describe
 *       the old limit), and slow start begins again, so a restarted proxy is at speed again in a
 *       few round trips.
 *   <li>A cohort that never had half the limit in flight says nothing about capacity: the
 *       limit neither grows on idle time nor forgets what it learned.
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
  /** A probe up (at most {@link #STEP} times the throughput) must bring this much. */
  static final double PROBE_GAIN = 1.1;
  /** A probe down is kept if throughput stays above this fraction. */
  static final double PROBE_LOSS = 0.95;
  /** Fewest requests per cohort (or the limit, when lower), so a low limit averages a few. */
  static final int MIN_SAMPLES = 16;
  /** Shortest stretch a cohort starts over: scheduler noise and flush cycles average out. */
  static final long MIN_WINDOW_NANOS = 100_000_000L;
  static final int PROBE_COHORTS = 4;
  static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

  private final int min;
  private final int max;
  private double limit;
  private boolean slowStart = true;
  private long lastChangeNanos = Long.MIN_VALUE;

  private long cohortStartNanos = Long.MIN_VALUE;
  /** When the cohort stopped taking members; MAX_VALUE while it still does. */
  private long cohortEndNanos = Long.MAX_VALUE;
  private int cohortStarted;
  private int cohortDone;
  private int cohortAnswered;
  private int cohortPeakInFlight;
  private double latencySumNanos;
  private double inFlightSum;
  /** Throughput of the last cohort, requests per nanosecond; 0 before one. */
  private double previousRate;

  /** Slow start: doublings that did not pay, and the best throughput seen. */
  private int stalls;
  private double bestRate;
  private double bestLimit;

  private int cohortsSinceProbe;
  private int paidUpInARow;
  private long lastProbeNanos;
  private boolean nextProbeUp = true;
  private boolean probingUp;
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

  /** Whether the limit still doubles every cohort. */
  public synchronized boolean inSlowStart() {
    return slowStart;
  }

  /** The last cohort's throughput in requests per second; 0 before one. */
  synchronized double ratePerSecond() {
    return previousRate * 1e9;
  }

  /**
   * A request starts, with {@code inFlight} requests (itself included) running.
   *
   * @return its start time, to pass back with its outcome
   */
  public synchronized long started(long nowNanos, int inFlight) {
    if (cohortStartNanos == Long.MIN_VALUE) {
      cohortStartNanos = nowNanos;
    }
    if (cohortEndNanos == Long.MAX_VALUE) {
      cohortStarted++;
      cohortPeakInFlight = Math.max(cohortPeakInFlight, inFlight);
      if (cohortStarted >= limit || (cohortStarted >= Math.max(Math.min(MIN_SAMPLES, limit),
          limit / 2) && nowNanos - cohortStartNanos >= MIN_WINDOW_NANOS)) {
        cohortEndNanos = nowNanos;
      }
    }
    return nowNanos;
  }

  /**
   * The proxy answered, {@code nowNanos - startNanos} after the request started, while
   * {@code inFlight} requests (this one included) were running.
   */
  public synchronized void succeeded(long startNanos, long nowNanos, int inFlight) {
    if (inCohort(startNanos)) {
      cohortAnswered++;
      latencySumNanos += Math.max(1, nowNanos - startNanos);
      inFlightSum += inFlight;
      done(nowNanos);
    }
  }

  /**
   * The request started at {@code startNanos} ended in a way that says nothing about load (the
   * proxy refused its record: too large, unknown topic).
   */
  public synchronized void refused(long startNanos, long nowNanos) {
    if (inCohort(startNanos)) {
      done(nowNanos);
    }
  }

  /**
   * The request started at {@code startNanos} failed in a way that signals overload or an
   * outage: no answer, a timeout, 429, 503, UNAVAILABLE, RESOURCE_EXHAUSTED.
   */
  public synchronized void overloaded(long startNanos, long nowNanos) {
    if (startNanos < lastChangeNanos) {
      return;
    }
    slowStart = true;
    previousRate = 0;
    bestRate = 0;
    stalls = 0;
    beforeProbe = Double.NaN;
    change(limit / 2, nowNanos);
  }

  private boolean inCohort(long startNanos) {
    return startNanos >= cohortStartNanos && startNanos <= cohortEndNanos
        && cohortStartNanos != Long.MIN_VALUE;
  }

  private void done(long nowNanos) {
    cohortDone++;
    if (cohortEndNanos != Long.MAX_VALUE && cohortDone >= cohortStarted) {
      endCohort(nowNanos);
    }
  }

  private void endCohort(long nowNanos) {
    if (cohortAnswered == 0 || cohortPeakInFlight * 2 < limit) {
      newCohort(nowNanos); // nothing learned: no answers, or the limit was not in use
      return;
    }
    double rate = (inFlightSum / cohortAnswered) / (latencySumNanos / cohortAnswered);
    double next = limit;
    if (slowStart) {
      if (rate > bestRate) {
        bestRate = rate;
        bestLimit = limit;
      }
      stalls = rate > previousRate * GAIN ? 0 : stalls + 1;
      if (limit >= max) {
        slowStart = false;
      } else if (stalls < SLOW_START_STALLS) {
        next = limit * 2;
      } else {
        // Doublings stopped paying: settle a little above the best limit seen. Should noise
        // have stopped it early, probes that pay climb on at once.
        slowStart = false;
        next = bestLimit * STEP;
      }
      lastProbeNanos = nowNanos;
    } else if (!Double.isNaN(beforeProbe)) {
      boolean paid = probingUp ? rate > previousRate * PROBE_GAIN
          : rate >= previousRate * PROBE_LOSS;
      double previousLimit = beforeProbe;
      beforeProbe = Double.NaN;
      lastProbeNanos = nowNanos;
      cohortsSinceProbe = 0;
      paidUpInARow = paid && probingUp ? paidUpInARow + 1 : 0;
      if (paidUpInARow >= 2) {
        // Far below what the proxy can take (slow start stopped early): double again.
        slowStart = true;
        stalls = 0;
        bestRate = rate;
        bestLimit = limit;
        paidUpInARow = 0;
        next = limit * 2;
      } else if (paid && (probingUp ? limit < max : limit > min)) {
        // Keep going the way that paid, at once.
        beforeProbe = limit;
        next = probingUp ? limit * STEP : limit / STEP;
      } else if (!paid) {
        next = previousLimit;
        rate = previousRate; // the throughput to beat stays the one before the probe
        nextProbeUp = !probingUp;
      }
    } else if (++cohortsSinceProbe >= PROBE_COHORTS
        && nowNanos - lastProbeNanos >= PROBE_INTERVAL_NANOS) {
      probingUp = (nextProbeUp || limit <= min) && limit < max;
      nextProbeUp = !probingUp;
      beforeProbe = limit;
      next = probingUp ? limit * STEP : limit / STEP;
    }
    previousRate = rate;
    if ((int) Math.min(max, Math.max(min, next)) != (int) limit) {
      change(next, nowNanos);
    } else {
      newCohort(nowNanos);
    }
  }

  private void change(double newLimit, long nowNanos) {
    limit = Math.min(max, Math.max(min, newLimit));
    lastChangeNanos = nowNanos;
    newCohort(nowNanos);
  }

  private void newCohort(long nowNanos) {
    cohortStartNanos = nowNanos;
    cohortEndNanos = Long.MAX_VALUE;
    cohortStarted = 0;
    cohortDone = 0;
    cohortAnswered = 0;
    cohortPeakInFlight = 0;
    latencySumNanos = 0;
    inFlightSum = 0;
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveLimit{limit=" + (int) limit + (slowStart ? ", slow start" : "")
        + (Double.isNaN(beforeProbe) ? "" : probingUp ? ", probing up" : ", probing down")
        + String.format(Locale.ROOT, ", %.0f/s", previousRate * 1e9) + '}';
  }
}
