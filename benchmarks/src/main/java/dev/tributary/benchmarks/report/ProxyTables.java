package dev.tributary.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table of {@code ProxyBenchmark}: per route through a real proxy, the events/s Tributary
 * delivered into Kafka with its defaults, the raw-client ceiling's (and the requests in flight
 * that served it best), their ratio, and Tributary's ramp (the first seconds, not in the
 * figure). Its target: Tributary ≥ 0.8× the ceiling. Not thread-safe.
 */
final class ProxyTables {
  static final String PROXY = "ProxyBenchmark.deliver";
  /** Tributary's events/s through a proxy against the raw client's: at least this. */
  static final double CEILING_TARGET = 0.8;
  /** What each route is, in report order. */
  static final Map<String, String> ROUTES = routes();

  private final JmhResults run;
  private final Markdown md;

  ProxyTables(JmhResults run, Markdown md) {
    this.run = run;
    this.md = md;
  }

  private static Map<String, String> routes() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("pixy+http", "kafka-pixy, its default config (flushes every 500 ms), HTTP");
    r.put("pixy+http-5ms", "kafka-pixy, `producer.flush_frequency: 5ms`, HTTP");
    r.put("pixy+grpc", "kafka-pixy, its default config (flushes every 500 ms), gRPC");
    r.put("pixy+grpc-5ms", "kafka-pixy, `producer.flush_frequency: 5ms`, gRPC");
    r.put("rest+http", "Strimzi Kafka Bridge 1.0.0, HTTP (v2 binary, batches)");
    return r;
  }

  /** The routes in the run: the known ones in order, then any other. */
  List<String> routesInRun() {
    List<String> seen = new ArrayList<>();
    run.of(PROXY).forEach(r -> {
      if (!seen.contains(r.param("route"))) {
        seen.add(r.param("route"));
      }
    });
    List<String> ordered = new ArrayList<>(ROUTES.keySet());
    ordered.retainAll(seen);
    seen.stream().filter(r -> !ordered.contains(r)).forEach(ordered::add);
    return ordered;
  }

  Optional<JmhResult> row(String route, String client) {
    return run.find(PROXY, Map.of("route", route, "client", client));
  }

  Stat delivered(String route, String client) {
    return row(route, client).map(r -> r.stat("deliveredPerSecond")).orElse(Stat.NONE);
  }

  void render() {
    List<String> routes = routesInRun();
    if (routes.isEmpty()) {
      return;
    }
    String ramp = row(routes.get(0), "tributary").map(r -> r.param("rampSeconds")).orElse("");
    md.heading("Through the real proxies: events/s delivered into Kafka (counted in the topic)."
        + " Tributary with its defaults against the raw-client ceiling: the simplest client of "
        + "the same protocol, at the requests in flight that served it best, sending the same "
        + "~200-byte records to the same proxy");
    md.row("route", "Tributary", "raw-client ceiling", "ceiling's requests in flight",
        "Tributary / ceiling", "Tributary's first " + (ramp.isEmpty() ? "seconds" : ramp + " s")
            + " (ramp, not in the figure)", "errors per round (Tributary / raw)");
    md.row("---", "---:", "---:", "---:", "---:", "---:", "---:");
    for (String route : routes) {
      Stat own = delivered(route, "tributary");
      Stat raw = delivered(route, "raw");
      String rampCell = row(route, "tributary").map(r -> r.stat("rampPerSecond"))
          .filter(Stat::present).map(s -> Cells.count(s.mean())
              + (own.present() && own.mean() > 0 ? String.format(Locale.ROOT,
                  " (%.0f %%)", 100 * s.mean() / own.mean()) : "")).orElse(Cells.NONE);
      md.row("`" + route + "` — " + ROUTES.getOrDefault(route, "?"), Cells.count(own),
          Cells.count(raw), row(route, "raw").map(r -> Cells.count(r.stat("concurrency").mean()))
              .orElse(Cells.NONE), Cells.ratio(own.over(raw)), rampCell,
          errors(route, "tributary") + " / " + errors(route, "raw"));
    }
  }

  private String errors(String route, String client) {
    return row(route, client).map(r -> Cells.count(r.stat("errors").mean())).orElse(Cells.NONE);
  }

  /** One target row per route with both figures: Tributary ≥ 0.8× the ceiling. */
  void targets(Targets targets) {
    for (String route : routesInRun()) {
      Stat ratio = delivered(route, "tributary").over(delivered(route, "raw"));
      if (ratio.present()) {
        targets.row("through a real proxy: delivered ≥ " + CEILING_TARGET + "× the raw-client "
            + "ceiling (same proxy, same run)", route, "", ratio, Targets.Direction.AT_LEAST,
            CEILING_TARGET);
      }
    }
  }
}
