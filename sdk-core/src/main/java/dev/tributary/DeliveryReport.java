package dev.tributary;

import java.util.List;

/**
 * What a producer had achieved when {@code flush} or {@code close} returned. Counts are
 * cumulative since the producer was created, and every record offered is in exactly one of
 * them: {@code offered = sent + unconfirmed + failed + dropped + pending + spooled}.
 *
 * <p>With standby destinations the counts are the producer's: in
 * {@link DestinationMode#FAILOVER} a record counts once, wherever it landed; in
 * {@link DestinationMode#MIRROR} they are the primary's, as are the {@code send} futures, and
 * every destination's own counts are in {@link #destinations()}.
 *
 * @param sent records acknowledged by the destination
 * @param failed records that failed for good (rejected, or past their delivery timeout)
 * @param dropped records dropped before delivery, for any {@link DropReason}
 * @param pending records still undelivered at the deadline and not held in the spool; after
 *     {@code close} these are lost, their futures fail with {@link ProducerClosedException},
 *     and {@link ProducerMetrics#pendingRecords()} keeps counting them (they are not dropped)
 * @param spooled records held in the disk spool for a later run (0 without a spool)
 * @param complete true when nothing was pending at the deadline (in mirror mode: at any
 *     destination)
 * @param unconfirmed records a proxy accepted without confirming that Kafka has them (only with
 *     kafka-pixy's async mode, an explicit opt-in); not counted in {@code sent}
 * @param destinations each destination's part, primary first; one entry without standbys
 */
public record DeliveryReport(long sent, long failed, long dropped, long pending, long spooled,
    boolean complete, long unconfirmed, List<DestinationReport> destinations) {

  public DeliveryReport {
    destinations = List.copyOf(destinations);
  }

  /** A report without unconfirmed records and without a per-destination part. */
  public DeliveryReport(long sent, long failed, long dropped, long pending, long spooled,
      boolean complete) {
    this(sent, failed, dropped, pending, spooled, complete, 0, List.of());
  }

  @Override
  public String toString() {
    return "sent=" + sent
        + (unconfirmed == 0 ? "" : ", unconfirmed=" + unconfirmed
            + " (accepted by the proxy, not confirmed by Kafka)")
        + ", failed=" + failed + ", dropped=" + dropped + ", pending=" + pending
        + ", spooled=" + spooled + (complete ? "" : " (deadline reached)")
        + (destinations.size() > 1 ? " " + destinations : "");
  }
}
