package dev.tributary.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the file {@code -rf json} makes JMH write into {@link JmhResult}s, in file order. The
 * run's environment (JDK, VM, JMH version) is taken from the first row. Immutable.
 */
public final class JmhResults {
  private final List<JmhResult> rows;
  private final String jdk;
  private final String jmh;

  private JmhResults(List<JmhResult> rows, String jdk, String jmh) {
    this.rows = List.copyOf(rows);
    this.jdk = jdk;
    this.jmh = jmh;
  }

  /**
   * Parses JMH's JSON output.
   *
   * @throws IOException if the file cannot be read or is not JMH's JSON array
   */
  public static JmhResults read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isArray()) {
      throw new IOException(file + " is not JMH's JSON output (an array of results)");
    }
    List<JmhResult> rows = new ArrayList<>();
    for (JsonNode n : root) {
      rows.add(row(n));
    }
    String jdk = "";
    String jmh = "";
    if (!root.isEmpty()) {
      JsonNode first = root.get(0);
      jdk = first.path("jdkVersion").asText("") + " (" + first.path("vmName").asText("")
          + " " + first.path("vmVersion").asText("") + ")";
      jmh = first.path("jmhVersion").asText("");
    }
    return new JmhResults(rows, jdk, jmh);
  }

  private static JmhResult row(JsonNode n) {
    String full = n.path("benchmark").asText();
    String[] parts = full.split("\\.");
    String benchmark = parts.length >= 2
        ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("params").properties()) {
      params.put(e.getKey(), e.getValue().asText());
    }
    JsonNode primary = n.path("primaryMetric");
    Map<Double, Double> percentiles = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : primary.path("scorePercentiles").properties()) {
      percentiles.put(Double.parseDouble(e.getKey()), e.getValue().asDouble());
    }
    Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("secondaryMetrics").properties()) {
      secondary.put(e.getKey(), metric(e.getValue()));
    }
    return new JmhResult(benchmark, params, n.path("mode").asText(), n.path("threads").asInt(1),
        metric(primary), percentiles, secondary);
  }

  /**
   * JMH writes a missing error as the string {@code "NaN"}; asDouble parses it as NaN.
   * {@code rawData} holds one array per fork of one value per iteration.
   */
  private static JmhResult.Metric metric(JsonNode m) {
    List<Double> raw = new ArrayList<>();
    for (JsonNode fork : m.path("rawData")) {
      for (JsonNode v : fork) {
        raw.add(v.asDouble(Double.NaN));
      }
    }
    return new JmhResult.Metric(m.path("score").asDouble(Double.NaN),
        m.path("scoreError").asDouble(Double.NaN), m.path("scoreUnit").asText(""), raw);
  }

  /** Every row, in file order. */
  public List<JmhResult> all() {
    return rows;
  }

  /** The rows of one benchmark method ({@code SimpleClassName.method}), in file order. */
  public List<JmhResult> of(String benchmark) {
    return rows.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
  }

  /** The row of {@code benchmark} whose parameter {@code param} is {@code value}. */
  public Optional<JmhResult> find(String benchmark, String param, String value) {
    return of(benchmark).stream().filter(r -> r.param(param).equals(value)).findFirst();
  }

  /**
   * The row of {@code benchmark} whose parameters include every one of {@code params} (others,
   * such as a round length, may differ).
   */
  public Optional<JmhResult> find(String benchmark, Map<String, String> params) {
    return of(benchmark).stream()
        .filter(r -> params.entrySet().stream()
            .allMatch(p -> r.param(p.getKey()).equals(p.getValue())))
        .findFirst();
  }

  /** The JDK and VM of the forks, as JMH recorded them. */
  public String jdk() {
    return jdk;
  }

  /** The JMH version. */
  public String jmhVersion() {
    return jmh;
  }
}
