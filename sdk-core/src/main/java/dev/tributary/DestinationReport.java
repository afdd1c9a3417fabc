package dev.tributary;

/**
 * One destination's part of a {@link DeliveryReport}.
 *
 * <p>In {@link DestinationMode#MIRROR} each destination had a copy of every record, and its
 * counts add up on their own: {@code offered = sent + failed + dropped + pending + spooled}. In
 * {@link DestinationMode#FAILOVER} (and with a single destination) only {@code sent} and
 * {@code failed} (records it rejected for good) are split by destination; drops, timeouts,
 * pending and spooled records are the producer's and appear in the report's own counts.
 *
 * @param name {@code primary} or the standby's name
 * @param destination the destination URI (it never holds credentials)
 */
public record DestinationReport(String name, String destination, long sent, long failed,
    long dropped, long pending, long spooled) {

  @Override
  public String toString() {
    return name + ": sent=" + sent + ", failed=" + failed + ", dropped=" + dropped
        + ", pending=" + pending + ", spooled=" + spooled;
  }
}
