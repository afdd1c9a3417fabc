package dev.tributary.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * One row of JMH's JSON output: a benchmark method run with one set of parameters. Immutable.
 *
 * @param benchmark the method, as {@code SimpleClassName.method}
 * @param params the {@code @Param} values of this run
 * @param mode JMH's short mode name ({@code thrpt}, {@code sample}, {@code ss}, {@code avgt})
 * @param threads the benchmark threads
 * @param primary the score, its error and unit
 * @param percentiles for {@code sample} mode, percentile (e.g. {@code 99.0}) to value, in the
 *     score's unit; empty otherwise
 * @param secondary secondary results by name (aux counters, profilers)
 */
public record JmhResult(String benchmark, Map<String, String> params, String mode, int threads,
    Metric primary, Map<Double, Double> percentiles, Map<String, Metric> secondary) {

  /**
   * A score with its error (JMH's 99.9 % confidence interval half-width; {@code NaN} when a
   * single iteration gives none), unit, and the value of each iteration (every fork's, in order).
   */
  public record Metric(double score, double error, String unit, List<Double> raw) {
    public Metric {
      raw = List.copyOf(raw);
    }

    public Metric(double score, double error, String unit) {
      this(score, error, unit, List.of());
    }
  }

  /** The value of parameter {@code name}, or {@code ""}. */
  public String param(String name) {
    return params.getOrDefault(name, "");
  }

  /** A percentile of a {@code sample} run, or {@code NaN}. */
  public double percentile(double p) {
    return percentiles.getOrDefault(p, Double.NaN);
  }

  /**
   * A secondary result over the iterations: mean and 99.9 % confidence interval of its
   * per-iteration values, or {@link Stat#NONE} if the run has none of that name. (JMH's own
   * score of an {@code EVENTS} counter is the sum over the iterations.)
   */
  Stat stat(String name) {
    Metric m = secondary.get(name);
    return m == null ? Stat.NONE : Stat.of(m.raw());
  }

  /** A secondary result's score, or {@code NaN} if the run has none of that name. */
  public double secondaryScore(String name) {
    Metric m = secondary.get(name);
    return m == null ? Double.NaN : m.score();
  }
}
