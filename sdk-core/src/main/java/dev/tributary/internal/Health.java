package dev.tributary.internal;

/**
 * What one destination did with the records handed to it lately, as failover judges it: since
 * when it has kept records waiting without answering any, and since when it has answered every
 * record without a retriable failure. Fed from the transport's threads, read by the failover
 * thread; every method takes the time, so tests drive it with a fake clock.
 *
 * <p>An answer is an acknowledgement or a rejection for good: a destination that rejects a
 * record (too large, not authorized) is up, and sending that record elsewhere would not help.
 */
final class Health {
  static final long NONE = Long.MIN_VALUE;

  /** Records handed to the destination and not answered. */
  private long outstanding;
  /** Since when records have waited for an answer with none coming; NONE when nothing waits. */
  private long waitingSince = NONE;
  /** When the current run of answers without a retriable failure began; NONE after a failure. */
  private long answeringSince = NONE;
  private Throwable lastError;

  synchronized void dispatched(int records, long now) {
    if (waitingSince == NONE) {
      waitingSince = now;
    }
    outstanding += records;
  }

  /** A record was acknowledged or rejected for good: the destination is there. */
  synchronized void answered(long now) {
    outstanding = Math.max(0, outstanding - 1);
    waitingSince = outstanding > 0 ? now : NONE;
    if (answeringSince == NONE) {
      answeringSince = now;
    }
  }

  /**
   * A record failed retriably. The wait goes on (the record comes back for another attempt)
   * and the run of answers ends.
   */
  synchronized void failed(Throwable cause, long now) {
    outstanding = Math.max(0, outstanding - 1);
    if (waitingSince == NONE) {
      waitingSince = now;
    }
    answeringSince = NONE;
    lastError = cause;
  }

  /** Whether records have waited {@code afterNanos} or more without any answer. */
  synchronized boolean stalled(long now, long afterNanos) {
    return waitingSince != NONE && now - waitingSince >= afterNanos;
  }

  /**
   * Whether it answered every record for {@code forNanos} or more and does not keep records
   * waiting for {@code stalledNanos} now (a probe that hangs does not count as a success).
   */
  synchronized boolean recovered(long now, long forNanos, long stalledNanos) {
    return answeringSince != NONE && now - answeringSince >= forNanos
        && !(waitingSince != NONE && now - waitingSince >= stalledNanos);
  }

  synchronized long outstanding() {
    return outstanding;
  }

  /** How long records have waited without an answer, in nanoseconds; 0 when none waits. */
  synchronized long waitingNanos(long now) {
    return waitingSince == NONE ? 0 : now - waitingSince;
  }

  synchronized Throwable lastError() {
    return lastError;
  }
}
