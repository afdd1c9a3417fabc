package dev.tributary.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * The tables of {@code FailoverBenchmark}: the time from the primary's loss to the first record
 * the standby acknowledged (median and spread over the repetitions, and beyond
 * {@code failoverAfter}), and delivered events/s in mirror mode against a single destination
 * (paired rounds). Their targets: every repetition's first standby acknowledgement within
 * {@code failoverAfter} + {@value #FAILOVER_SLACK_MILLIS} ms, and mirror ≥ {@value
 * #MIRROR_TARGET}× a single destination. Not thread-safe.
 */
final class DestinationTables {
  static final String FAILOVER = "FailoverBenchmark.failover";
  static final String MIRROR = "FailoverBenchmark.mirror";
  /** Beyond {@code failoverAfter}, the standby's first acknowledgement may take at most this. */
  static final long FAILOVER_SLACK_MILLIS = 1_000;
  /**
   * Mirror against one destination: each record is written twice, so at least half the single
   * destination's events/s, i.e. the second copy costs no more than the first.
   */
  static final double MIRROR_TARGET = 0.5;

  private final JmhResults run;
  private final Markdown md;

  DestinationTables(JmhResults run, Markdown md) {
    this.run = run;
    this.md = md;
  }

  void render() {
    failover();
    mirror();
  }

  private void failover() {
    List<JmhResult> rows = run.of(FAILOVER);
    if (rows.isEmpty()) {
      return;
    }
    md.heading("Failover: time from the primary's loss (its broker frozen: connections open, "
        + "no answers) to the first record acknowledged by the standby, one fresh producer per "
        + "repetition. Tributary fails over once the primary has answered nothing for "
        + "`failoverAfter`, so the time beyond it is the figure to read");
    md.row("`failoverAfter`", "records/s offered", "repetitions", "loss → first standby ack: "
        + "median", "min – max", "beyond `failoverAfter`: median", "mean ± 99.9 % interval");
    md.row("---:", "---:", "---:", "---:", "---:", "---:", "---:");
    for (JmhResult r : rows) {
      Spread total = spread(r, "lossToStandbyAckMillis");
      Spread beyond = spread(r, "beyondFailoverAfterMillis");
      md.row(millis(Double.parseDouble(r.param("failoverAfterMs"))),
          Cells.count(Double.parseDouble(r.param("perSecond"))), Integer.toString(total.count()),
          millis(total.median()), millis(total.min()) + " – " + millis(total.max()),
          millis(beyond.median()), Cells.nanos(scaled(r.stat("lossToStandbyAckMillis"), 1e6)));
    }
  }

  private void mirror() {
    List<JmhResult> rows = run.of(MIRROR);
    if (rows.isEmpty()) {
      return;
    }
    md.heading("Mirror against a single destination: events/s delivered while one application "
        + "thread offers as fast as it can (overflow `BLOCK`), paired rounds in one fork; a "
        + "mirrored event counts once it is in both clusters");
    md.row("single destination", "mirror, in both clusters", "mirror's primary",
        "mirror's standby", "mirror / single, per pair");
    md.row("---:", "---:", "---:", "---:", "---:");
    for (JmhResult r : rows) {
      md.row(Cells.count(r.stat("singlePerSecond")), Cells.count(r.stat("mirrorPerSecond")),
          Cells.count(r.stat("mirrorPrimaryPerSecond")),
          Cells.count(r.stat("mirrorStandbyPerSecond")), Cells.ratio(r.stat("mirrorRatio")));
    }
  }

  void targets(Targets targets) {
    for (JmhResult r : run.of(FAILOVER)) {
      Spread total = spread(r, "lossToStandbyAckMillis");
      if (!total.present()) {
        continue;
      }
      double after = Double.parseDouble(r.param("failoverAfterMs"));
      double bound = after + FAILOVER_SLACK_MILLIS;
      targets.verdictRow("failover: first standby ack ≤ `failoverAfter` + "
          + millis(FAILOVER_SLACK_MILLIS) + " after the primary's loss, every repetition",
          "failover", "`failoverAfter` " + millis(after) + ": worst " + millis(total.max())
              + " of " + total.count(), total.max() <= bound ? "met" : "**missed**");
    }
    for (JmhResult r : run.of(MIRROR)) {
      Stat ratio = r.stat("mirrorRatio");
      if (ratio.present()) {
        targets.row("mirror: delivered to both ≥ " + MIRROR_TARGET + "× a single destination, "
            + "paired rounds", "mirror", "", ratio, Targets.Direction.AT_LEAST, MIRROR_TARGET);
      }
    }
  }

  private static Spread spread(JmhResult r, String figure) {
    JmhResult.Metric m = r.secondary().get(figure);
    return m == null ? Spread.NONE : Spread.of(m.raw());
  }

  private static Stat scaled(Stat s, double factor) {
    return new Stat(s.mean() * factor, s.error() * factor, s.rounds());
  }

  /** Milliseconds in the unit that reads best: "850 ms", "2.35 s". */
  static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return Cells.NONE;
    }
    return Math.abs(ms) >= 1_000 ? String.format(Locale.ROOT, "%.2f s", ms / 1e3)
        : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}
