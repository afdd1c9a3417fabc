package dev.tributary;

/**
 * How a producer with standby destinations ({@link TributaryConfig.Builder#standby}) uses them.
 * Without standbys there is one destination and the mode does not matter.
 */
public enum DestinationMode {
  /**
   * Records go to the primary; once it has accepted no record for
   * {@link TributaryConfig#failoverAfter()}, new batches go to the first healthy standby, and
   * they return to the primary once it accepted every probe for
   * {@link TributaryConfig#failbackAfter()}. Each record is delivered to one destination (or,
   * when it was in flight at a switch, possibly to both). The default.
   */
  FAILOVER,
  /**
   * Every record goes to every destination. Each destination has its own share of the buffer
   * (and of the spool), its own retries, outcomes and counters, so a slow or dead destination
   * never holds back or drops records for the others. A {@code send} future reports the
   * primary's outcome; the others' are in {@link ProducerMetrics#destinations()} and
   * {@link DeliveryReport#destinations()}.
   */
  MIRROR
}
