package dev.tributary.benchmarks.report;

import java.util.List;
import org.openjdk.jmh.util.ListStatistics;

/**
 * A figure over the rounds of one trial: the mean of the per-round values and the half-width of
 * its 99.9 % confidence interval (Student's t, as JMH computes its own error), {@code NaN} with
 * fewer than two rounds. Immutable.
 *
 * @param mean the mean, {@code NaN} with no rounds
 * @param error the interval's half-width, {@code NaN} with fewer than three rounds
 * @param rounds how many values it is made of
 */
record Stat(double mean, double error, int rounds) {
  /** The error bar the suite aims under, as a share of the value. */
  static final double AIM = 0.15;
  static final Stat NONE = new Stat(Double.NaN, Double.NaN, 0);

  static Stat of(List<Double> values) {
    if (values.isEmpty()) {
      return NONE;
    }
    ListStatistics s = new ListStatistics();
    values.forEach(s::addValue);
    return new Stat(s.getMean(), s.getMeanErrorAt(0.999), values.size());
  }

  boolean present() {
    return !Double.isNaN(mean);
  }

  /** The error as a share of the mean; {@code NaN} when either is unknown or the mean is 0. */
  double relativeError() {
    return mean == 0 ? Double.NaN : Math.abs(error / mean);
  }

  /** True when the error bar is known and larger than {@link #AIM} of the value. */
  boolean wide() {
    double r = relativeError();
    return !Double.isNaN(r) && r > AIM;
  }

  /**
   * {@code this / other}, its error from both relative errors (added in quadrature, the usual
   * first-order estimate for independent measurements).
   */
  Stat over(Stat other) {
    double ratio = mean / other.mean;
    double e = Math.hypot(relativeError(), other.relativeError());
    return new Stat(ratio, Double.isNaN(e) ? Double.NaN : Math.abs(ratio) * e,
        Math.min(rounds, other.rounds));
  }
}
