package dev.tributary.benchmarks.report;

import static dev.tributary.benchmarks.report.Cells.NONE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The log shippers' tables: lossless capacity, overload, per-call cost in the tight loop and at
 * steady rates, and Kafka down. Each figure is the mean over the trial's rounds ± its 99.9 %
 * confidence interval. A table whose benchmark is absent from the run is left out; a cell the
 * run has no figure for reads "—". Not thread-safe.
 */
final class ShippingTables {
  static final String LOSSLESS = "CapacityBenchmark.lossless";
  static final String OVERLOAD = "CapacityBenchmark.overload";
  static final String PAIRED = "CapacityBenchmark.paired";
  static final String PACED = "SteadyRateBenchmark.paced";
  static final String DOWN = "KafkaDownBenchmark.kafkaDown";

  private final JmhResults run;
  private final Markdown md;

  ShippingTables(JmhResults run, Markdown md) {
    this.run = run;
    this.md = md;
  }

  void render() {
    lossless();
    overload();
    paired();
    tightLoopCalls();
    steadyRates();
    kafkaDown();
  }

  /** Contestants that appear in any of {@code benchmarks}, in report order. */
  List<String> contestants(String... benchmarks) {
    List<String> seen = new ArrayList<>();
    for (String b : benchmarks) {
      run.of(b).forEach(r -> {
        if (!seen.contains(r.param("contestant"))) {
          seen.add(r.param("contestant"));
        }
      });
    }
    return Contestants.ordered(seen);
  }

  /** The values of parameter {@code name} in {@code benchmark}, in numeric order. */
  List<String> values(String benchmark, String name) {
    TreeSet<Integer> seen = new TreeSet<>();
    run.of(benchmark).forEach(r -> seen.add(Integer.parseInt(r.param(name))));
    return seen.stream().map(String::valueOf).toList();
  }

  Optional<JmhResult> row(String benchmark, String contestant, String param, String value) {
    return run.find(benchmark, Map.of("contestant", contestant, param, value));
  }

  Stat stat(String benchmark, String contestant, String param, String value, String figure) {
    return row(benchmark, contestant, param, value).map(r -> r.stat(figure)).orElse(Stat.NONE);
  }

  private void lossless() {
    List<String> names = contestants(LOSSLESS);
    names.remove(Contestants.FLOOR);
    if (names.isEmpty()) {
      return;
    }
    List<String> threads = values(LOSSLESS, "threads");
    md.heading("Lossless capacity: events/s delivered into Kafka (counted in the topic) while "
        + "application threads log as fast as they can. Tributary runs under overflow `BLOCK` "
        + "with its default 32 MiB buffer; the peers block their callers when full");
    List<String> head = new ArrayList<>(List.of("contestant"));
    List<String> align = new ArrayList<>(List.of("---"));
    for (String t : threads) {
      head.addAll(List.of(t + " thread(s): delivered/s", "× kafka-clients loop", "lost"));
      align.addAll(List.of("---:", "---:", "---:"));
    }
    md.row(head);
    md.row(align);
    for (String c : names) {
      List<String> cells = new ArrayList<>(List.of(Markdown.label(c)));
      for (String t : threads) {
        Stat delivered = stat(LOSSLESS, c, "threads", t, "deliveredPerSecond");
        Stat loop = stat(LOSSLESS, Contestants.LOOP, "threads", t, "deliveredPerSecond");
        cells.add(Cells.count(delivered));
        cells.add(c.equals(Contestants.LOOP) || !loop.present() ? NONE
            : Cells.ratio(delivered.over(loop)));
        cells.add(Cells.percent(stat(LOSSLESS, c, "threads", t, "lostPercent")));
      }
      md.row(cells);
    }
    againstEncodeLoop(names, threads);
  }

  /**
   * Under the lossless table, each Tributary {@code -peer} contestant against the send loop that
   * builds and encodes each event with the same producer settings: the least any shipper that
   * encodes must do. Left out when the run has no such loop.
   */
  private void againstEncodeLoop(List<String> names, List<String> threads) {
    if (!names.contains(Contestants.ENCODE_LOOP)) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (String c : names) {
      if (!Contestants.TRIBUTARY.contains(c) || !Contestants.peerSettings(c)) {
        continue;
      }
      for (String t : threads) {
        if (row(LOSSLESS, c, "threads", t).isEmpty()) {
          continue;
        }
        Stat delivered = stat(LOSSLESS, c, "threads", t, "deliveredPerSecond");
        Stat loop = stat(LOSSLESS, Contestants.ENCODE_LOOP, "threads", t, "deliveredPerSecond");
        lines.add("- `" + c + "`, " + t + " thread(s), × kafka-clients encode loop: "
            + (loop.present() ? Cells.ratio(delivered.over(loop)) : NONE) + "\n");
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    md.text("\nTributary with the peers' producer settings against `" + Contestants.ENCODE_LOOP
        + "`, the same send loop building and encoding each event: the least any shipper that "
        + "encodes must do.\n\n");
    lines.forEach(md::text);
  }

  private void overload() {
    List<String> names = contestants(OVERLOAD);
    if (names.isEmpty()) {
      return;
    }
    md.heading("Overload: Tributary with its default buffer and overflow policy (a full buffer "
        + "drops the new event, counted) under the same tight loop; lost = logged, never "
        + "arrived");
    md.row("contestant", "threads", "delivered/s", "× its lossless capacity", "logged/s", "lost",
        "dropped, counted");
    md.row("---", "---:", "---:", "---:", "---:", "---:", "---:");
    for (String c : names) {
      for (String t : values(OVERLOAD, "threads")) {
        Stat delivered = stat(OVERLOAD, c, "threads", t, "deliveredPerSecond");
        Stat lossless = stat(LOSSLESS, c, "threads", t, "deliveredPerSecond");
        md.row(Markdown.label(c), t, Cells.count(delivered),
            lossless.present() ? Cells.ratio(delivered.over(lossless)) : NONE,
            Cells.count(stat(OVERLOAD, c, "threads", t, "loggedPerSecond")),
            Cells.percent(stat(OVERLOAD, c, "threads", t, "lostPercent")),
            Cells.percent(stat(OVERLOAD, c, "threads", t, "droppedPercent")));
      }
    }
  }

  private void paired() {
    List<String> names = contestants(PAIRED);
    if (names.isEmpty()) {
      return;
    }
    md.heading("Overload against lossless capacity in paired rounds: each pair is a lossless "
        + "round (`BLOCK`) and an overload round (defaults) of the same contestant in one fork, "
        + "in alternating order; the ratio is taken per pair, so load that drifts over minutes "
        + "moves both alike");
    md.row("contestant", "threads", "lossless delivered/s", "overload delivered/s",
        "overload ÷ lossless, per pair", "lost", "dropped, counted");
    md.row("---", "---:", "---:", "---:", "---:", "---:", "---:");
    for (String c : names) {
      for (String t : values(PAIRED, "threads")) {
        if (row(PAIRED, c, "threads", t).isEmpty()) {
          continue;
        }
        md.row(Markdown.label(c), t,
            Cells.count(stat(PAIRED, c, "threads", t, "losslessPerSecond")),
            Cells.count(stat(PAIRED, c, "threads", t, "overloadPerSecond")),
            Cells.ratio(stat(PAIRED, c, "threads", t, "overloadRatio")),
            Cells.percent(stat(PAIRED, c, "threads", t, "lostPercent")),
            Cells.percent(stat(PAIRED, c, "threads", t, "droppedPercent")));
      }
    }
  }

  private void tightLoopCalls() {
    if (run.of(LOSSLESS).isEmpty() && run.of(OVERLOAD).isEmpty()) {
      return;
    }
    md.heading("Per-call cost in the tight loop (every call timed, the timing included; "
        + "\"lossless\": Tributary under `BLOCK`, waiting for space like the peers; "
        + "\"overload\": its defaults, dropping)");
    md.row("contestant", "scenario", "threads", "p50", "p99", "p99.9", "worst call",
        "calls > 1 ms per million");
    md.row("---", "---", "---:", "---:", "---:", "---:", "---:", "---:");
    for (String benchmark : List.of(LOSSLESS, OVERLOAD)) {
      String scenario = benchmark.equals(LOSSLESS) ? "lossless" : "overload";
      for (String c : contestants(benchmark)) {
        for (String t : values(benchmark, "threads")) {
          if (row(benchmark, c, "threads", t).isEmpty()) {
            continue;
          }
          md.row(Markdown.label(c), scenario, t,
              Cells.nanos(stat(benchmark, c, "threads", t, "p50Nanos")),
              Cells.nanos(stat(benchmark, c, "threads", t, "p99Nanos")),
              Cells.nanos(stat(benchmark, c, "threads", t, "p999Nanos")),
              Cells.nanos(stat(benchmark, c, "threads", t, "maxNanos")),
              Cells.count(stat(benchmark, c, "threads", t, "over1msPerMillion")));
        }
      }
    }
  }

  private void steadyRates() {
    List<String> names = contestants(PACED);
    if (names.isEmpty()) {
      return;
    }
    md.heading("Per-call cost at steady rates, broker up (1 thread; every call timed; Tributary "
        + "with its defaults; \"behind\": calls a late call cost the pace)");
    md.row("contestant", "events/s", "p50", "p99", "p99.9", "worst call", "calls > 1 ms",
        "behind");
    md.row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
    for (String rate : values(PACED, "perSecond")) {
      for (String c : names) {
        if (row(PACED, c, "perSecond", rate).isEmpty()) {
          continue;
        }
        md.row(Markdown.label(c), Cells.count(Double.parseDouble(rate)),
            Cells.nanos(stat(PACED, c, "perSecond", rate, "p50Nanos")),
            Cells.nanos(stat(PACED, c, "perSecond", rate, "p99Nanos")),
            Cells.nanos(stat(PACED, c, "perSecond", rate, "p999Nanos")),
            Cells.nanos(stat(PACED, c, "perSecond", rate, "maxNanos")),
            Cells.count(stat(PACED, c, "perSecond", rate, "over1ms")),
            Cells.percent(stat(PACED, c, "perSecond", rate, "behindPercent")));
      }
    }
  }

  private void kafkaDown() {
    List<String> names = contestants(DOWN);
    if (names.isEmpty()) {
      return;
    }
    md.heading("Kafka down (nothing listening: 20,000 calls then 200,000, each round capped at "
        + "10 s; then a stop with a 5 s timeout, waited for at most 10 s; mean over fresh "
        + "starts). Tributary runs with every default, its 32 MiB buffer included");
    md.row("contestant", "calls made", "calls > 1 ms", "worst call", "p99 (last round)",
        "caller blocked at the cap", "stop");
    md.row("---", "---:", "---:", "---:", "---:", "---", "---");
    for (String c : names) {
      Optional<JmhResult> r = run.find(DOWN, Map.of("contestant", c));
      if (r.isEmpty()) {
        continue;
      }
      JmhResult x = r.get();
      Stat made = x.stat("callsCompleted");
      Stat worst = x.stat("maxCallMicros");
      md.row(Markdown.label(c), Cells.count(made), Cells.count(x.stat("callsOver1ms")),
          Cells.nanos(new Stat(worst.mean() * 1e3, worst.error() * 1e3, worst.rounds())),
          made.mean() > 0 ? Cells.nanos(x.stat("p99CallNanos")) : NONE,
          share(x.stat("stillBlocked"), "**yes**", "no"),
          share(x.stat("stopReturned"), "returned", "**had not returned**") + " after "
              + Cells.micros(x.stat("stopMillis").mean() * 1e3));
    }
  }

  /** A 1/0 outcome over rounds: the word, and in how many rounds when they differ. */
  private static String share(Stat ones, String yes, String no) {
    if (!ones.present()) {
      return NONE;
    }
    long n = ones.rounds();
    long times = Math.round(ones.mean() * n);
    if (times == n) {
      return yes;
    }
    return times == 0 ? no : yes + " in " + times + " of " + n;
  }
}
