package dev.tributary.internal;

/** The JMX view of one destination's metrics; attribute names follow {@code DestinationMetrics}. */
public interface DestinationMetricsMXBean {
  String getDestination();

  boolean isActive();

  long getSent();

  long getRetried();

  long getFailed();

  long getDropped();

  long getPendingRecords();

  long getSwitchedTo();
}
