package dev.tributary.benchmarks.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Turns one suite run's JMH JSON into the README's results: {@code results.md} (Markdown
 * tables) and {@code results.png} (the chart), both next to the JSON unless told otherwise.
 * When the output folder holds a {@code run.properties} (written by
 * {@code benchmarks/run-suite.sh}: machine, load, wall time, command), it is stated above the
 * tables and on the chart.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.tributary.benchmarks.report.Report \
 *     benchmarks/results/jmh.json benchmarks/results
 * }</pre>
 */
public final class Report {
  /** The Markdown's file name in the output folder. */
  public static final String MARKDOWN = "results.md";
  /** The chart's file name in the output folder. */
  public static final String CHART = "results.png";
  /** The optional description of the run, read from the output folder. */
  public static final String RUN_PROPERTIES = "run.properties";

  private Report() {}

  /** {@code Report <jmh.json> [<output folder>]}. */
  public static void main(String... args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: Report <jmh.json> [<output folder>]");
      System.exit(2);
    }
    Path json = Path.of(args[0]);
    Path out = args.length == 2 ? Path.of(args[1]) : json.toAbsolutePath().getParent();
    boolean chart = write(json, out);
    System.out.println("wrote " + out.resolve(MARKDOWN) + (chart ? " and " + out.resolve(CHART)
        : " (no chart: the run has no log-shipping results)"));
  }

  /**
   * Reads {@code json} and writes {@link #MARKDOWN} and {@link #CHART} into {@code out}; a run
   * without log-shipping results (e.g. only the proxy or failover benchmarks) gets no chart, and
   * an older chart in {@code out} is removed so it is not taken for this run's.
   *
   * @return whether the chart was written
   */
  public static boolean write(Path json, Path out) throws IOException {
    System.setProperty("java.awt.headless", "true");
    JmhResults run = JmhResults.read(json);
    Files.createDirectories(out);
    String description = describe(out.resolve(RUN_PROPERTIES));
    Files.writeString(out.resolve(MARKDOWN), new MarkdownReport(run).render(description),
        StandardCharsets.UTF_8);
    Charts charts = new Charts(run);
    if (!charts.any()) {
      Files.deleteIfExists(out.resolve(CHART));
      return false;
    }
    charts.write(out.resolve(CHART), description);
    return true;
  }

  /** One line from run.properties, or "" when there is none. */
  static String describe(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    List<String> parts = new ArrayList<>();
    part(parts, "machine", p.getProperty("machine"));
    part(parts, "started", p.getProperty("started"));
    part(parts, "wall time", p.getProperty("wallTime"));
    part(parts, "load average before/after", p.getProperty("loadBefore") == null ? null
        : p.getProperty("loadBefore") + " / " + p.getProperty("loadAfter", "?"));
    part(parts, "command", p.getProperty("command") == null ? null
        : "`" + p.getProperty("command") + "`");
    return String.join("; ", parts);
  }

  private static void part(List<String> parts, String name, String value) {
    if (value != null && !value.isBlank()) {
      parts.add(name + ": " + value.strip());
    }
  }
}
