package dev.tributary;

/**
 * One destination's part of a {@link DeliveryReport}.
 *
 * <p>In {@link DestinationMode#MIRROR} each destination had a copy of every record, and its
 * counts add up on their own: {@code offered = sent + unconfirmed + failed + dropped + pending + spooled}. In
 * {@link DestinationMode#FAILOVER} (and with a single destination) only {@code sent} and
 * {@code failed} (records it rejected for good), and {@code unconfirmed}, are split by destination; drops, timeouts,
 * pending and spooled records are the producer's and appear in the report's own counts.
 *
 * @param name {@code primary} or the standby's name
 * @param destination the destination URI (it never holds credentials)
 * @param unconfirmed records its proxy accepted without confirming that Kafka has them (only
 *     with kafka-pixy's async mode); not counted in {@code sent}
 */
public record DestinationReport(String name, String destination, long sent, long failed,
    long dropped, long pending, long spooled, long unconfirmed) {

  @Override
  public String toString() {
    return name + ": sent=" + sent
        + (unconfirmed == 0 ? "" : ", unconfirmed=" + unconfirmed) + ", failed=" + failed + ", dropped=" + dropped
        + ", pending=" + pending + ", spooled=" + spooled;
  }
}
