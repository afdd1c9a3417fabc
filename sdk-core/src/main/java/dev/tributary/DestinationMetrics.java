package dev.tributary;

/**
 * Live counters of one destination of a producer: the primary, a standby or a mirror. Read them
 * from {@link ProducerMetrics#destinations()}; also over JMX as
 * {@code dev.tributary:type=Destination,clientId=<clientId>,destination=<name>} and as
 * Micrometer meters {@code tributary.destination.*} tagged {@code destination=<name>}.
 * Thread-safe; each read is a point-in-time value.
 *
 * <p>In {@link DestinationMode#FAILOVER} a record belongs to the producer, not to a
 * destination: {@link #sent()}, {@link #retried()} and {@link #failed()} say what each
 * destination did with the records handed to it, while drops, timeouts and records pending at
 * close are the producer's ({@link ProducerMetrics}). In {@link DestinationMode#MIRROR} every
 * destination has a copy of every record, and its counters are complete on their own: every
 * record offered to it is sent, unconfirmed, failed, dropped or pending there.
 */
public interface DestinationMetrics {

  /** {@code primary}, or the standby's name ({@code standby-1}, {@code standby-2}... by default). */
  String name();

  /** The destination URI, as configured (it never holds credentials). */
  String destination();

  /**
   * Whether new records go here now: in failover mode true for exactly one destination; in
   * mirror mode always true.
   */
  boolean active();

  /** Records this destination acknowledged. */
  long sent();

  /**
   * Records this destination's proxy accepted without confirming that Kafka has them (only
   * with kafka-pixy's async mode); not counted in {@link #sent()}.
   */
  default long unconfirmed() {
    return 0;
  }

  /** Attempts this destination failed retriably (one record failed twice counts 2). */
  long retried();

  /**
   * Records this destination rejected for good; in mirror mode also those that ran out of
   * {@link TributaryConfig#deliveryTimeout()} on their way there.
   */
  long failed();

  /** Mirror mode: records dropped from this destination's share of the buffer; else 0. */
  long dropped();

  /**
   * Failover mode: records handed to this destination and not answered yet. Mirror mode:
   * records accepted for this destination and not completed (buffered, in flight, in its
   * spool, or left undelivered by close).
   */
  long pendingRecords();

  /** Failover mode: how many times traffic switched to this destination; else 0. */
  long switchedTo();
}
