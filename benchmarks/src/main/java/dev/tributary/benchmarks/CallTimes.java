package dev.tributary.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * How long each call of one round took, in nanoseconds: every call recorded (not sampled, as
 * JMH's SampleTime does), so "calls over 1 ms" is a count, not an estimate. Percentiles come
 * from an HdrHistogram at three significant digits. One per thread; {@link #add} merges them
 * after the threads stopped. Not thread-safe.
 */
final class CallTimes {
  static final long ONE_MS = 1_000_000;

  private final Histogram histogram = new Histogram(3);
  private long over1ms;

  void record(long nanos) {
    histogram.recordValue(Math.max(0, nanos));
    if (nanos > ONE_MS) {
      over1ms++;
    }
  }

  void add(CallTimes other) {
    histogram.add(other.histogram);
    over1ms += other.over1ms;
  }

  long calls() {
    return histogram.getTotalCount();
  }

  Summary summary() {
    return new Summary(calls(), histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue(), over1ms);
  }

  /** The figures of one round: call count, p50, p99, p99.9 and worst call (ns), calls > 1 ms. */
  record Summary(long calls, long p50, long p99, long p999, long max, long over1ms) {
    @Override
    public String toString() {
      return String.format("%,d calls, p50 %,d ns, p99 %,d ns, p99.9 %,d ns, max %.3f ms, "
          + "calls over 1 ms: %,d", calls, p50, p99, p999, max / 1e6, over1ms);
    }
  }
}
