package dev.tributary.internal;

/** The JMX view of a producer's metrics; attribute names follow {@code ProducerMetrics}. */
public interface ProducerMetricsMXBean {
  long getAppended();

  long getSent();

  long getUnconfirmed();

  long getRetried();

  long getFailed();

  long getDropped();

  long getDroppedBufferFull();

  long getDroppedEvicted();

  long getDroppedBlockTimeout();

  long getDroppedRecordTooLarge();

  long getDroppedClosed();

  long getBufferedBytes();

  long getPendingRecords();

  long getBatchesCompleted();

  double getBatchSendLatencyAvgMs();

  double getBatchSendLatencyMaxMs();

  long getSpooled();

  long getReplayed();

  long getSpoolCorruptRegions();

  long getSpoolDiskBytes();

  long getDroppedSpoolCap();

  long getDestinationSwitches();
}
