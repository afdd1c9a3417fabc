package dev.tributary.internal;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationMetrics;
import dev.tributary.DestinationReport;
import dev.tributary.TributaryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mirror mode: one complete pipeline per destination — buffer share, spool, sender, retries,
 * outcomes, counters — each fed a copy of every record. Nothing is shared between them but
 * the caller's record (immutable), so a slow or dead destination can fill only its own share
 * and never holds back or drops records for another.
 *
 * <p>The primary's pipeline answers for the producer: the result of {@code offer}, the
 * {@code send} future, and the producer-level counters and report are the primary's. Every
 * destination's own numbers are in the metrics' and reports' per-destination parts.
 */
final class Mirror {
  private final Assembly[] lanes;
  private final Clock clock;
  private DeliveryReport closeReport;

  Mirror(List<Assembly> lanes, Clock clock) {
    this.lanes = lanes.toArray(new Assembly[0]);
    this.clock = clock;
    List<DestinationMetrics> each = new ArrayList<>();
    for (Assembly lane : lanes) {
      each.add(new LaneMetrics(lane));
    }
    this.lanes[0].metrics.attachDestinations(each, () -> 0);
  }

  /** Flushes every destination against one deadline. */
  DeliveryReport flush(Duration timeout) {
    long deadline = lanes[0].shutdown.deadline(timeout);
    long[] targets = new long[lanes.length];
    for (int i = 0; i < lanes.length; i++) {
      targets[i] = lanes[i].shutdown.beginFlush();
    }
    DeliveryReport[] reports = new DeliveryReport[lanes.length];
    try {
      for (int i = 0; i < lanes.length; i++) {
        lanes[i].shutdown.awaitFlushed(targets[i], deadline);
      }
    } finally {
      for (int i = 0; i < lanes.length; i++) {
        reports[i] = lanes[i].shutdown.endFlush(targets[i]);
      }
    }
    return combine(reports);
  }

  /**
   * Closes every destination at once, each against the same deadline (the primary's on the
   * calling thread), so several destinations take no longer to close than one. Idempotent.
   */
  synchronized DeliveryReport close(Duration timeout) {
    if (closeReport != null) {
      return closeReport;
    }
    long deadline = lanes[0].shutdown.deadline(timeout);
    DeliveryReport[] reports = new DeliveryReport[lanes.length];
    Thread[] closers = new Thread[lanes.length];
    for (int i = 1; i < lanes.length; i++) {
      int lane = i;
      closers[i] = new Thread(() -> reports[lane] = lanes[lane].shutdown.close(timeout),
          "tributary-close-" + lanes[i].config.clientId());
      closers[i].setDaemon(true);
      closers[i].start();
    }
    reports[0] = lanes[0].shutdown.close(timeout);
    for (int i = 1; i < lanes.length; i++) {
      // Each close returns by the deadline; a moment more covers the thread's own exit.
      clock.join(closers[i], Math.max(0, deadline - clock.nanoTime())
          + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
      if (reports[i] == null) {
        reports[i] = lanes[i].shutdown.close(Duration.ZERO); // returns the report once ready
      }
    }
    closeReport = combine(reports);
    return closeReport;
  }

  /** The primary's report, with every destination's own counts. */
  private DeliveryReport combine(DeliveryReport[] reports) {
    List<DestinationReport> each = new ArrayList<>(reports.length);
    boolean complete = true;
    for (int i = 0; i < reports.length; i++) {
      DeliveryReport r = reports[i];
      TributaryConfig c = lanes[i].config;
      each.add(new DestinationReport(c.destinationName(), c.destination().uri(), r.sent(),
          r.failed(), r.dropped(), r.pending(), r.spooled(), r.unconfirmed()));
      complete &= r.complete();
    }
    DeliveryReport p = reports[0];
    return new DeliveryReport(p.sent(), p.failed(), p.dropped(), p.pending(), p.spooled(),
        complete, p.unconfirmed(), each);
  }

  /** One destination's pipeline counters, as that destination's metrics. */
  private static final class LaneMetrics implements DestinationMetrics {
    private final Assembly lane;

    LaneMetrics(Assembly lane) {
      this.lane = lane;
    }

    @Override
    public String name() {
      return lane.config.destinationName();
    }

    @Override
    public String destination() {
      return lane.config.destination().uri();
    }

    @Override
    public boolean active() {
      return true;
    }

    @Override
    public long sent() {
      return lane.metrics.sent();
    }

    @Override
    public long unconfirmed() {
      return lane.metrics.unconfirmed();
    }

    @Override
    public long retried() {
      return lane.metrics.retried();
    }

    @Override
    public long failed() {
      return lane.metrics.failed();
    }

    @Override
    public long dropped() {
      return lane.metrics.dropped();
    }

    @Override
    public long pendingRecords() {
      return lane.metrics.pendingRecords();
    }

    @Override
    public long switchedTo() {
      return 0;
    }

    @Override
    public String toString() {
      return name() + "{sent=" + sent() + ", failed=" + failed() + ", dropped=" + dropped()
          + ", pending=" + pendingRecords() + '}';
    }
  }
}
