package dev.tributary.internal;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Flush and close against their deadlines, every wait through the {@link Clock}.
 *
 * <p>Close, in order: shut the door (later appends are refused, callers blocked for room wake
 * as closed); wait for appends already past the door; deliver what it can until the deadline;
 * stop the sender and the spool writer; close the transport; then abandon what is left. Each
 * worker's leftovers are abandoned by whichever of close and the worker's own exit comes
 * last, so records held by a thread stuck past the deadline still get their outcome.
 */
final class Shutdown {
  private final TributaryConfig config;
  private final Clock clock;
  private final Intake intake;
  private final Outcomes outcomes;
  private final Deliveries delivery;
  /** Null without a spool. */
  private final Spooling spooling;
  private final Reports reports;
  private DeliveryReport closeReport;

  Shutdown(TributaryConfig config, Clock clock, Intake intake, Outcomes outcomes,
      Deliveries delivery, Spooling spooling, Reports reports) {
    this.config = config;
    this.clock = clock;
    this.intake = intake;
    this.outcomes = outcomes;
    this.delivery = delivery;
    this.spooling = spooling;
    this.reports = reports;
  }

  /** Waits until every record accepted before the call has completed, or the timeout passes. */
  DeliveryReport flush(Duration timeout) {
    long deadline = deadline(timeout);
    long target = beginFlush();
    try {
      awaitFlushed(target, deadline);
    } finally {
      delivery.endFlush();
    }
    return reports.afterFlush(target);
  }

  /**
   * The parts of a flush, for mirror mode, which flushes every destination against one
   * deadline: starts it and returns how many records it waits for.
   */
  long beginFlush() {
    long target = outcomes.metrics().appended();
    delivery.beginFlush();
    return target;
  }

  boolean awaitFlushed(long target, long deadlineNanos) {
    return awaitCompleted(target, deadlineNanos);
  }

  DeliveryReport endFlush(long target) {
    delivery.endFlush();
    return reports.afterFlush(target);
  }

  /**
   * Stops accepting records, delivers what it can until the deadline, then abandons the rest.
   * Returns by the deadline even if the transport or the disk hangs. Idempotent.
   */
  synchronized DeliveryReport close(Duration timeout) {
    if (closeReport != null) {
      return closeReport;
    }
    long deadline = deadline(timeout);
    // Keep a slice of the budget for stopping the threads and closing the transport.
    long reserve = Math.min(saturatedNanos(timeout) / 5, TimeUnit.SECONDS.toNanos(2));
    intake.close();
    delivery.beginFlush();
    intake.awaitAppends(deadline - reserve);
    awaitCompleted(outcomes.metrics().appended(), deadline - reserve);
    boolean senderStopped = delivery.stop(deadline - reserve / 2);
    if (spooling != null) {
      spooling.stop(deadline - reserve / 2);
    }
    delivery.closeTransports(deadline);
    if (!delivery.release() && !senderStopped) {
      config.diagnostics().warn("Producer " + config.clientId() + ": a sender thread did not "
          + "stop by the close deadline; it abandons its records when it gets out of the "
          + "transport, and they are reported as pending", null);
    }
    if (spooling == null) {
      intake.seal();
      outcomes.abandonQueued();
    } else if (!spooling.release()) {
      config.diagnostics().warn("Producer " + config.clientId() + ": spool writer did not "
          + "stop by the close deadline; it moves what memory holds to spool "
          + config.spoolDir() + " and closes it when it gets out of the disk", null);
    }
    closeReport = reports.atClose();
    if (closeReport.pending() > 0) {
      config.diagnostics().warn("Producer " + config.clientId() + " closed after " + timeout
          + " with " + closeReport.pending() + " record(s) not delivered to "
          + outcomes.destinationLabel() + " (reported as pending, not dropped; their futures fail): "
          + closeReport, null);
    }
    return closeReport;
  }

  /**
   * Waits until {@code target} records of this run completed and, with a spool, the records
   * earlier runs left in it were delivered too.
   */
  private boolean awaitCompleted(long target, long deadline) {
    long pause = TimeUnit.MICROSECONDS.toNanos(100);
    Metrics metrics = outcomes.metrics();
    while (metrics.completedThisRun() < target || (spooling != null && !spooling.replayDone())) {
      long left = deadline - clock.nanoTime();
      if (left <= 0) {
        return false;
      }
      clock.park(this, Math.min(left, pause));
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
    }
    return true;
  }

  long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
    }
    return clock.nanoTime() + saturatedNanos(timeout);
  }

  static long saturatedNanos(Duration d) {
    try {
      return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }
}
