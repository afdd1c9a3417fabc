package dev.tributary.spi;

import java.time.Duration;

/**
 * Speaks one wire protocol: takes a batch of records and reports, per record, whether the
 * destination acknowledged it, failed it retriably or failed it for good.
 *
 * <p>A transport never retries and never sleeps on its own: the producer's sender owns retry
 * and backoff, so there is exactly one retry layer. It is called from the sender thread only,
 * but completes records from whatever thread its I/O runs on.
 *
 * <p>Contract of {@link #send}: it returns quickly (a bounded wait such as Kafka's metadata
 * fetch is allowed; network round trips are not), it never throws (anything thrown is treated
 * as a retriable failure of every record in the batch), and it calls exactly one method of
 * {@link BatchCallback} once for every record index, eventually.
 */
public interface Transport extends AutoCloseable {

  /** Starts delivering {@code batch}; reports each record to {@code callback}. */
  void send(Batch batch, BatchCallback callback);

  /**
   * Releases connections and threads, waiting at most {@code timeout} for requests in flight.
   * Records still in flight after that may be completed with a failure or not at all.
   */
  void close(Duration timeout);

  @Override
  default void close() {
    close(Duration.ZERO);
  }
}
