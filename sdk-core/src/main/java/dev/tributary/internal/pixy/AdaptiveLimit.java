package dev.tributary.internal.pixy;

import java.util.Locale;

/**
 * How many produce requests may be in flight to kafka-pixy, learned from how it answers.
 *
 * <p>kafka-pixy takes one record per request and answers a synchronous produce only after its
 * producer flushed (every {@code flush_frequency}, 500 ms by default), so throughput is requests
 * in flight divided by that latency: a 500 ms proxy needs a hundred times the requests of a
 * 5 ms one for the same speed, and no fixed number suits both. So the limit is learned, the way
 * TCP learns its congestion window (and Netflix's concurrency-limits a server's limit):
 *
 * <ul>
 *   <li><b>Slow start</b>: each answered request adds one, so the limit doubles every round
 *       trip, from a few dozen to thousands in a handful of them. Past the slow-start threshold
 *       it grows by about its square root per round trip.
 *   <li><b>Rising latency</b>: the mean latency of recent answers (an exponential average over
 *       about {@code 1/}{@link #SMOOTHING} answers) is compared with the baseline, the lowest such
 *       mean seen. Above {@link #TOLERANCE} times the
 *       baseline the proxy is queueing rather than serving faster: the limit shrinks in
 *       proportion (at most by half) and slow start ends.
 *   <li><b>Overload</b>: a request that got no answer, timed out, or was told 429, 503,
 *       UNAVAILABLE, RESOURCE_EXHAUSTED halves the limit.
 *   <li>Each cut counts once per round trip: answers to requests started before the last cut
 *       describe the old limit, so they neither cut again nor grow it.
 *   <li>An answer that arrives while less than half the limit is in use says nothing about the
 *       proxy's capacity (a trickle of records meets a flush half-way and looks fast): the limit
 *       neither grows on idle time nor forgets what it learned.
 *   <li>After an outage has halved the limit down to {@code min}, slow start climbs back to half
 *       the limit the outage began at, so a restarted proxy is at speed again in a few round
 *       trips.
 * </ul>
 *
 * Times are passed in by the caller (nanoseconds of one monotonic clock), so tests drive it
 * deterministically. Thread-safe: every method synchronizes on this object and does a few
 * arithmetic operations.
 */
public final class AdaptiveLimit {
  /** Recent mean latency above this multiple of the baseline counts as queueing. */
  static final double TOLERANCE = 2.0;
  /** Weight of one answer in the recent mean latency: about the last 20 answers count. */
  static final double SMOOTHING = 0.05;
  /** Answers after a cut before the recent mean is trusted again. */
  static final int MIN_SAMPLES = 8;
  /**
   * How long latency must stay above the baseline, at no more requests in flight, before the
   * baseline follows it: for a proxy that got slower.
   */
  static final long BASELINE_WINDOW_NANOS = 30_000_000_000L;

  private final int min;
  private final int max;
  private double limit;
  private double slowStartThreshold;
  /** The limit when the current run of overload began, or NaN outside one. */
  private double limitBeforeOverload = Double.NaN;
  private long lastCutNanos = Long.MIN_VALUE;

  private double recentNanos = Double.NaN;
  private int recentSamples;
  private double baselineNanos = Double.NaN;
  private long baselineAtNanos;
  /** The limit when the baseline was measured. */
  private double baselineLimit;
  /** Runner-up from the newer half of the window, which takes over when the baseline expires. */
  private double nextBaselineNanos = Double.NaN;
  private long nextBaselineAtNanos;
  private double nextBaselineLimit;

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
    this.slowStartThreshold = max;
  }

  /** Requests that may be in flight now. */
  public synchronized int limit() {
    return (int) limit;
  }

  /** Whether the limit still doubles every round trip. */
  public synchronized boolean inSlowStart() {
    return limit < slowStartThreshold;
  }

  /** The baseline latency in nanoseconds, or NaN before enough answers under load. */
  synchronized double baselineNanos() {
    return baselineNanos;
  }

  /**
   * The proxy answered, {@code nowNanos - startNanos} after the request started, while
   * {@code inFlight} requests (this one included) were running.
   */
  public synchronized void succeeded(long startNanos, long nowNanos, int inFlight) {
    if (inFlight * 2 < limit) {
      return; // not using the limit: nothing learned about the proxy's capacity
    }
    limitBeforeOverload = Double.NaN;
    if (startNanos < lastCutNanos) {
      return; // sent under the limit before the last cut
    }
    double rtt = Math.max(0, nowNanos - startNanos);
    recentNanos = recentSamples == 0 ? rtt : recentNanos + (rtt - recentNanos) * SMOOTHING;
    recentSamples++;
    if (recentSamples >= MIN_SAMPLES) {
      observeBaseline(recentNanos, nowNanos);
      if (recentNanos > TOLERANCE * baselineNanos) {
        cut(limit * Math.max(0.5, TOLERANCE * baselineNanos / recentNanos), nowNanos);
        slowStartThreshold = limit;
        return;
      }
    }
    limit = limit < slowStartThreshold
        ? Math.min(limit + 1, Math.max(slowStartThreshold, limit))
        : limit + Math.max(1, Math.sqrt(limit)) / limit;
    limit = Math.min(max, limit);
  }

  /**
   * The request started at {@code startNanos} failed in a way that signals overload or an
   * outage: no answer, a timeout, 429, 503, UNAVAILABLE, RESOURCE_EXHAUSTED.
   */
  public synchronized void overloaded(long startNanos, long nowNanos) {
    if (startNanos < lastCutNanos) {
      return;
    }
    if (Double.isNaN(limitBeforeOverload)) {
      limitBeforeOverload = limit;
    }
    cut(limit / 2, nowNanos);
    slowStartThreshold = Math.max(limit, limitBeforeOverload / 2);
  }

  private void cut(double newLimit, long nowNanos) {
    limit = Math.max(min, newLimit);
    lastCutNanos = nowNanos;
    recentSamples = 0;
  }

  /**
   * Keeps the lowest recent mean as the baseline. It is replaced by a higher one only when,
   * for a whole window, latency stayed higher at no more requests in flight than the baseline
   * was measured at: then the proxy itself got slower (say, reconfigured to flush less often)
   * and slow start begins again. Latency measured at a higher limit never replaces it, or a
   * proxy kept saturated would ratchet its own baseline, and the limit, upwards.
   */
  private void observeBaseline(double mean, long nowNanos) {
    if (!Double.isNaN(nextBaselineNanos) && nowNanos - baselineAtNanos > BASELINE_WINDOW_NANOS) {
      baselineNanos = nextBaselineNanos;
      baselineAtNanos = nextBaselineAtNanos;
      baselineLimit = nextBaselineLimit;
      nextBaselineNanos = Double.NaN;
      slowStartThreshold = max;
    }
    if (Double.isNaN(baselineNanos) || mean <= baselineNanos) {
      baselineNanos = mean;
      baselineAtNanos = nowNanos;
      baselineLimit = limit;
      nextBaselineNanos = Double.NaN;
    } else if (limit <= baselineLimit && nowNanos - baselineAtNanos > BASELINE_WINDOW_NANOS / 2
        && (Double.isNaN(nextBaselineNanos) || mean <= nextBaselineNanos)) {
      nextBaselineNanos = mean;
      nextBaselineAtNanos = nowNanos;
      nextBaselineLimit = limit;
    }
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveLimit{limit=" + (int) limit + ", slowStart=" + (limit < slowStartThreshold)
        + ", baselineMs=" + (Double.isNaN(baselineNanos) ? "?"
            : String.format(Locale.ROOT, "%.1f", baselineNanos / 1e6)) + '}';
  }
}
