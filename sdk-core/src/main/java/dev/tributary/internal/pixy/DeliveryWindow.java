package dev.tributary.internal.pixy;

/**
 * Measures how many requests kafka-pixy answered per unit of time at one limit: the successes
 * counted between two instants, divided by the time between them. {@link AdaptiveLimit} owns
 * one and calls it under its lock; see there for why this estimate and not Little's law.
 *
 * <p>A window belongs to one limit. After {@link #restart} (the limit changed) it opens only once
 * every request started before the change has an outcome, so answers that describe the old
 * limit stay out; when no request is out, it opens at once. It then counts successes strictly
 * after the instant it opened. Its <b>members</b> are the requests started after the change; it
 * stops taking members once it has {@code limit} of them and has been open for at least
 * {@link #MIN_SPAN_NANOS} and {@code spanLatencies} mean latencies, and closes at the outcome
 * of its last member. So both ends of the span are outcome instants, each just after the
 * answers of a whole flush when kafka-pixy answers in bursts.
 *
 * <p>"Started before the change" means started at or before the last start preceding it: with a
 * coarse clock, a request started in the same tick just after the change counts as old, so the
 * window may open a few requests early; with nanoseconds, that does not happen in practice.
 */
final class DeliveryWindow {
  /** Shortest span a window counts over: scheduler noise and 5 ms flush cycles average out. */
  static final long MIN_SPAN_NANOS = 100_000_000L;

  private long lastIssued = Long.MIN_VALUE;
  private int inFlight;
  /** Requests started at or before this value belong to the limit before the last change. */
  private long changeMark = Long.MIN_VALUE;
  private int oldInFlight;
  /** The instant counting began; MIN_VALUE while requests of the old limit are out. */
  private long openNanos = Long.MIN_VALUE;
  /** Members are started after {@link #changeMark} and at or before this value. */
  private long memberMark = Long.MAX_VALUE;
  private int members;
  private int membersDone;
  private int answered;
  private int peakInFlight;
  private double spanLatencies;
  private double latencySumNanos;
  private int latencies;
  /** Mean latency of the last window, for a window that has none of its own yet. */
  private double lastMeanLatencyNanos;
  private double rate;

  DeliveryWindow(double spanLatencies) {
    this.spanLatencies = spanLatencies;
  }

  /** The start value the last started request received. */
  long lastStart() {
    return lastIssued;
  }

  /** Begins a window for a new limit, open for {@code spanLatencies} mean latencies at least. */
  void restart(long nowNanos, double spanLatencies) {
    this.spanLatencies = spanLatencies;
    changeMark = lastIssued;
    oldInFlight = inFlight;
    openNanos = oldInFlight == 0 ? nowNanos : Long.MIN_VALUE;
    memberMark = Long.MAX_VALUE;
    members = 0;
    membersDone = 0;
    answered = 0;
    peakInFlight = 0;
    latencySumNanos = 0;
    latencies = 0;
  }

  /** A request starts with {@code inFlight} running (itself included); returns its start. */
  long started(long nowNanos, int inFlight, int limit) {
    lastIssued = nowNanos;
    this.inFlight++;
    if (nowNanos <= changeMark) {
      oldInFlight++; // the same tick as the change: old, as its outcome will say
      return nowNanos;
    }
    if (openNanos == Long.MIN_VALUE && oldInFlight == 0) {
      openNanos = nowNanos;
    }
    if (nowNanos <= memberMark) {
      members++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      if (memberMark == Long.MAX_VALUE) {
        stopTakingMembersIfLongEnough(nowNanos, limit);
      }
    }
    return nowNanos;
  }

  /**
   * The request started at {@code startNanos} ended: answered with success or not.
   *
   * @return whether the window closed; {@link #rate()} and the other getters then describe it
   */
  boolean ended(long startNanos, long nowNanos, boolean succeeded, int limit) {
    inFlight = Math.max(0, inFlight - 1);
    if (succeeded) {
      latencySumNanos += Math.max(1, nowNanos - startNanos);
      latencies++;
      if (openNanos != Long.MIN_VALUE && nowNanos > openNanos) {
        answered++;
      }
    }
    if (startNanos <= changeMark) {
      if (oldInFlight > 0 && --oldInFlight == 0 && openNanos == Long.MIN_VALUE) {
        openNanos = nowNanos;
      }
    } else if (startNanos <= memberMark) {
      membersDone++;
    }
    if (openNanos == Long.MIN_VALUE) {
      return false;
    }
    if (memberMark == Long.MAX_VALUE) {
      // At an answer, before the requests it frees start: in a burst, they are not members.
      stopTakingMembersIfLongEnough(nowNanos, limit);
    }
    if (memberMark == Long.MAX_VALUE || membersDone < members || nowNanos <= openNanos) {
      return false;
    }
    rate = (double) answered / (nowNanos - openNanos);
    lastMeanLatencyNanos = meanLatency();
    return true;
  }

  private void stopTakingMembersIfLongEnough(long nowNanos, int limit) {
    if (openNanos != Long.MIN_VALUE && members >= limit
        && nowNanos - openNanos >= Math.max(MIN_SPAN_NANOS, spanLatencies * meanLatency())) {
      memberMark = lastIssued;
    }
  }

  private double meanLatency() {
    return latencies == 0 ? lastMeanLatencyNanos : latencySumNanos / latencies;
  }

  /** Successes per nanosecond over the closed window. */
  double rate() {
    return rate;
  }

  /** Most requests in flight when a member started: below half the limit, it was not in use. */
  int peakInFlight() {
    return peakInFlight;
  }

  /** Successes counted. */
  int answered() {
    return answered;
  }
}
