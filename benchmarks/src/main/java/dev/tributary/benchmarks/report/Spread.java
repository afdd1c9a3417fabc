package dev.tributary.benchmarks.report;

import java.util.List;

/**
 * How repetitions of one measurement spread: their median, lowest and highest. For figures
 * whose distribution is skewed or has outliers by nature (a failover's timing, which a GC pause
 * or a scheduler tick can lengthen), where a mean and its interval would mislead. Immutable.
 *
 * @param median the middle value (the mean of the two middle ones for an even count)
 * @param min the lowest value
 * @param max the highest value
 * @param count how many values it is made of
 */
record Spread(double median, double min, double max, int count) {
  static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

  static Spread of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d))
        .sorted().toArray();
    if (v.length == 0) {
      return NONE;
    }
    int mid = v.length / 2;
    double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return new Spread(median, v[0], v[v.length - 1], v.length);
  }

  boolean present() {
    return count > 0;
  }
}
