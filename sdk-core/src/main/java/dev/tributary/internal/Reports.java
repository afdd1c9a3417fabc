package dev.tributary.internal;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link DeliveryReport}s of flush and close from the counters, so that every
 * offered record is in exactly one of sent, failed, dropped, pending and spooled: a record
 * close left undelivered is pending (not dropped), one waiting on disk for the next run is
 * spooled.
 */
final class Reports {
  private final Metrics metrics;
  private final Outcomes outcomes;
  private final Accumulator accumulator;
  /** Null without a spool. */
  private final Spooling spooling;
  private final List<Endpoint> endpoints;

  Reports(Metrics metrics, Outcomes outcomes, Accumulator accumulator, Spooling spooling,
      List<Endpoint> endpoints) {
    this.metrics = metrics;
    this.outcomes = outcomes;
    this.accumulator = accumulator;
    this.spooling = spooling;
    this.endpoints = endpoints;
  }

  /** Now, as close ends. */
  DeliveryReport atClose() {
    long notCompleted = Math.max(0, metrics.appended() - metrics.completedThisRun());
    long pending = notCompleted;
    long spooled = 0;
    if (spooling != null) {
      // Records of this run not completed are on disk, except those close abandoned from
      // memory and those memory still holds (a worker thread still has them).
      pending = Math.min(notCompleted, outcomes.undelivered() + accumulator.pendingRecords());
      spooled = notCompleted - pending;
    }
    return new DeliveryReport(metrics.sent(), metrics.failed(), metrics.dropped(), pending,
        spooled, pending == 0 && spooled == 0, metrics.unconfirmed(), destinations());
  }

  /** After a flush that waited for the first {@code target} records of this run. */
  DeliveryReport afterFlush(long target) {
    DeliveryReport all = atClose();
    // Pending counts only what this flush waited for, not records appended meanwhile.
    long pending = Math.max(0, target - metrics.completedThisRun());
    return new DeliveryReport(all.sent(), all.failed(), all.dropped(), pending, all.spooled(),
        pending == 0 && (spooling == null || spooling.replayDone()), all.unconfirmed(),
        all.destinations());
  }

  /** What each destination did: only sent and failed are theirs; the rest is the stream's. */
  private List<DestinationReport> destinations() {
    List<DestinationReport> each = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      each.add(e.report());
    }
    return each;
  }
}
