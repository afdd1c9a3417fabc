package dev.tributary.benchmarks.report;

import static dev.tributary.benchmarks.report.ShippingTables.DOWN;
import static dev.tributary.benchmarks.report.ShippingTables.LOSSLESS;
import static dev.tributary.benchmarks.report.ShippingTables.OVERLOAD;
import static dev.tributary.benchmarks.report.ShippingTables.PACED;
import static dev.tributary.benchmarks.report.ShippingTables.PAIRED;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tributary's speed targets, each a ratio to a peer, to the floor or to its own capacity in the
 * same run, with the measured ratio (± its error, from both figures' confidence intervals) and
 * a verdict: met, missed, or within error when the interval straddles the target. Not
 * thread-safe.
 */
final class Targets {
  /** Which side of the target a ratio must be on. */
  enum Direction { AT_LEAST, AT_MOST }

  private final JmhResults run;
  private final ShippingTables tables;
  private final Markdown md;
  private boolean headed;

  Targets(JmhResults run, ShippingTables tables, Markdown md) {
    this.run = run;
    this.tables = tables;
    this.md = md;
  }

  void render() {
    List<String> tributary = tables.contestants(LOSSLESS, OVERLOAD, PACED, DOWN).stream()
        .filter(Contestants.TRIBUTARY::contains).toList();
    for (String c : tributary) {
      for (String t : tables.values(LOSSLESS, "threads")) {
        Stat own = tables.stat(LOSSLESS, c, "threads", t, "deliveredPerSecond");
        Stat loop = tables.stat(LOSSLESS, Contestants.LOOP, "threads", t, "deliveredPerSecond");
        boolean peer = Contestants.peerSettings(c);
        row("lossless capacity " + (peer ? "≥ 1.0× the kafka-clients loop, same producer "
            + "settings" : "≥ 1.3× the kafka-clients loop, Tributary's defaults"), c,
            t + " thread(s)", own.over(loop), Direction.AT_LEAST, peer ? 1.0 : 1.3);
      }
    }
    for (String c : tributary) {
      for (String t : tables.values(OVERLOAD, "threads")) {
        Stat over = tables.stat(OVERLOAD, c, "threads", t, "deliveredPerSecond");
        Stat own = tables.stat(LOSSLESS, c, "threads", t, "deliveredPerSecond");
        row("overload: delivered ≥ 0.9× its own lossless capacity", c, t + " thread(s)",
            over.over(own), Direction.AT_LEAST, 0.9);
      }
    }
    // The same target from paired rounds: the ratio per pair, not of two trials' means.
    for (String c : tables.contestants(PAIRED)) {
      for (String t : tables.values(PAIRED, "threads")) {
        Stat ratio = tables.stat(PAIRED, c, "threads", t, "overloadRatio");
        if (ratio.present()) {
          row("overload: delivered ≥ 0.9× its own lossless capacity, paired rounds", c,
              t + " thread(s)", ratio, Direction.AT_LEAST, 0.9);
        }
      }
    }
    for (String rate : tables.values(PACED, "perSecond")) {
      for (String c : tributary) {
        Stat p99 = tables.stat(PACED, c, "perSecond", rate, "p99Nanos");
        if (!p99.present()) {
          continue;
        }
        String where = Cells.count(Double.parseDouble(rate)) + " events/s";
        Stat floor = tables.stat(PACED, Contestants.FLOOR, "perSecond", rate, "p99Nanos");
        row("steady rate: p99 ≤ the floor's p99", c, where, p99.over(floor),
            Direction.AT_MOST, 1.0);
        lowestPeer(rate).ifPresent(peer -> row("steady rate: p99 ≤ every lossless peer's p99 "
            + "(the lowest: `" + peer + "`)", c, where, p99.over(tables.stat(PACED, peer,
            "perSecond", rate, "p99Nanos")), Direction.AT_MOST, 1.0));
      }
    }
    Optional<JmhResult> floorDown = run.find(DOWN, Map.of("contestant", Contestants.FLOOR));
    for (String c : tributary) {
      Optional<JmhResult> down = run.find(DOWN, Map.of("contestant", c));
      if (down.isEmpty() || floorDown.isEmpty()) {
        continue;
      }
      Stat mine = down.get().stat("callsOver1ms");
      Stat floor = floorDown.get().stat("callsOver1ms");
      if (floor.mean() == 0) {
        // No ratio to a floor of zero: met only by zero.
        verdictRow("Kafka down: calls > 1 ms ≤ the floor's", c, Cells.count(mine) + " vs 0",
            mine.mean() == 0 ? "met" : "**missed**");
      } else {
        row("Kafka down: calls > 1 ms ≤ the floor's", c, "", mine.over(floor),
            Direction.AT_MOST, 1.0);
      }
    }
    new ProxyTables(run, md).targets(this);
    new DestinationTables(run, md).targets(this);
  }

  /** The lossless peer with the lowest p99 at {@code rate}: the hardest to be under. */
  private Optional<String> lowestPeer(String rate) {
    String best = null;
    double lowest = Double.POSITIVE_INFINITY;
    for (String peer : Contestants.LOSSLESS_PEERS) {
      Stat p99 = tables.stat(PACED, peer, "perSecond", rate, "p99Nanos");
      if (p99.present() && p99.mean() < lowest) {
        lowest = p99.mean();
        best = peer;
      }
    }
    return Optional.ofNullable(best);
  }

  void row(String target, String contestant, String where, Stat ratio,
      Direction direction, double goal) {
    verdictRow(target, contestant, (where.isEmpty() ? "" : where + ": ") + Cells.ratio(ratio),
        verdict(ratio, direction, goal));
  }

  void verdictRow(String target, String contestant, String measured, String verdict) {
    if (!headed) {
      md.heading("Targets: Tributary against the peers, the floor, the raw-client ceilings and "
          + "itself, as ratios measured in this run (± from both figures' 99.9 % confidence "
          + "intervals)");
      md.row("target", "contestant", "measured", "verdict");
      md.row("---", "---", "---:", "---");
      headed = true;
    }
    md.row(target, "`" + contestant + "`", measured, verdict);
  }

  /**
   * "met" when the whole interval is on the target's side, "missed" when none of it is, "within
   * error" otherwise; "—" without the figures. Without an error bar the mean decides.
   */
  static String verdict(Stat ratio, Direction direction, double goal) {
    if (!ratio.present() || Double.isInfinite(ratio.mean())) {
      return Cells.NONE;
    }
    double e = Double.isNaN(ratio.error()) ? 0 : ratio.error();
    double low = ratio.mean() - e;
    double high = ratio.mean() + e;
    boolean met = direction == Direction.AT_LEAST ? low >= goal : high <= goal;
    boolean missed = direction == Direction.AT_LEAST ? high < goal : low > goal;
    return met ? "met" : missed ? "**missed**" : "within error";
  }
}
