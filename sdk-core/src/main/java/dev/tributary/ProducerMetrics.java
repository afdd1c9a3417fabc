package dev.tributary;

import java.util.List;

/**
 * Live counters of one producer, cumulative since it was created. Also registered over JMX as
 * {@code dev.tributary:type=Producer,clientId=<clientId>}, and as Micrometer meters
 * {@code tributary.*} when Micrometer is on the classpath
 * ({@link dev.tributary.micrometer.TributaryMeterBinder}). Thread-safe; each read is a
 * point-in-time value, and reads of different counters are not atomic together.
 *
 * <p>Every record offered ends in exactly one of {@link #sent()}, {@link #failed()},
 * {@link #dropped()}, or is still pending (in memory or in the spool). Records replayed from an
 * earlier run's spool ({@link #replayed()}) are counted when they complete too.
 */
public interface ProducerMetrics {

  /** Records accepted into the buffer. */
  long appended();

  /** Records the destination acknowledged. */
  long sent();

  /**
   * Records a proxy accepted without confirming that Kafka has them: only with kafka-pixy's
   * async mode ({@code pixy.async=true}), never by default. Not counted in {@link #sent()}: a
   * record the proxy later fails to write is lost without the producer hearing of it.
   */
  default long unconfirmed() {
    return 0;
  }

  /** Record re-attempts after a retriable failure (one record retried twice counts 2). */
  long retried();

  /** Records that failed for good: rejected by the destination or past the delivery timeout. */
  long failed();

  /** Records dropped before delivery, all reasons together. */
  long dropped();

  /** Records dropped for {@code reason}. */
  long dropped(DropReason reason);

  /** Bytes held by records accepted but not yet completed (buffered, batched or in flight). */
  long bufferedBytes();

  /**
   * Records accepted but not yet completed: buffered, in flight, in the spool, or left
   * undelivered by {@code close}.
   */
  long pendingRecords();

  /** Batches the transport has finished with. */
  long batchesCompleted();

  /** Mean time from handing a batch to the transport until its last record completed, in ms. */
  double batchSendLatencyAvgMs();

  /** Longest such time seen, in ms. */
  double batchSendLatencyMaxMs();

  /** Records written to the disk spool (0 without one). */
  long spooled();

  /** Records read back from the spool that an earlier run had written. */
  long replayed();

  /** Corrupt or torn regions skipped while reading the spool back. */
  long spoolCorruptRegions();

  /** Bytes the spool currently uses on disk. */
  long spoolDiskBytes();

  /**
   * Each destination's counters, primary first: one entry without standbys. In mirror mode the
   * producer's own counters above are the primary's (as the {@code send} futures are).
   */
  default List<DestinationMetrics> destinations() {
    return List.of();
  }

  /**
   * How many times new records switched from one destination to another (failover and
   * failback); 0 without standbys and in mirror mode. Each switch is also one status line.
   */
  default long destinationSwitches() {
    return 0;
  }
}
