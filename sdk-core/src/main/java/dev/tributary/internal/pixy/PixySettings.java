package dev.tributary.internal.pixy;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.http.HttpKeys;
import dev.tributary.internal.http.HttpSettings;
import dev.tributary.internal.http.HttpTarget;
import dev.tributary.internal.http.PropertyReader;
import dev.tributary.spi.Destination;

/**
 * The validated settings of a {@code pixy+http(s)} destination. Immutable.
 *
 * @param target the proxy's base URL
 * @param http the shared HTTP settings
 * @param maxInFlight most requests in flight; the adaptive limit moves below it
 * @param maxInFlightBytes most record bytes in flight
 * @param cluster the kafka-pixy cluster to write to, or null for the proxy's default
 * @param async whether kafka-pixy answers before Kafka acknowledged (explicit opt-in)
 */
record PixySettings(HttpTarget target, HttpSettings http, int maxInFlight,
    long maxInFlightBytes, String cluster, boolean async) {
  /** kafka-pixy's default HTTP port ({@code --http-addr 0.0.0.0:19092}). */
  static final int DEFAULT_PORT = 19092;

  /**
   * Most requests in flight at once, 1..16384; default {@value #DEFAULT_MAX_IN_FLIGHT}. The
   * number actually in flight adapts to the proxy below this bound: it grows while throughput
   * rises and backs off when requests fail or more of them bring no more ({@link AdaptiveLimit}). kafka-pixy takes one
   * record per request, and each request in flight is a connection and a thread.
   */
  static final String MAX_IN_FLIGHT = "pixy.max.in.flight";
  static final int DEFAULT_MAX_IN_FLIGHT = PixyDefaults.HTTP_MAX_IN_FLIGHT;
  /**
   * Most record bytes in flight at once, 1024..1073741824; default
   * {@value #DEFAULT_MAX_IN_FLIGHT_BYTES}: bounds what the proxy holds for this producer.
   */
  static final String MAX_IN_FLIGHT_BYTES = "pixy.max.in.flight.bytes";
  static final long DEFAULT_MAX_IN_FLIGHT_BYTES = PixyDefaults.MAX_IN_FLIGHT_BYTES;
  /**
   * The kafka-pixy cluster name; requests then go to {@code /clusters/<name>/topics/...}.
   * Default: none (the proxy's default cluster).
   */
  static final String CLUSTER = "pixy.cluster";
  /**
   * {@code true} sends without {@code sync}: kafka-pixy answers once it has queued the record,
   * before Kafka has it, and a later failure is only in its log. Default {@code false}. Records
   * sent so are reported as accepted by the proxy, not as sent.
   */
  static final String ASYNC = "pixy.async";

  static PixySettings read(Destination destination, TributaryConfig config) {
    HttpTarget target = HttpTarget.parse(destination, "pixy", DEFAULT_PORT);
    PropertyReader in = new PropertyReader(config.producerProperties(), destination.scheme());
    HttpSettings http = HttpSettings.read(in, target.tls());
    int maxInFlight = (int) in.longIn(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, 16_384);
    long maxBytes = in.longIn(MAX_IN_FLIGHT_BYTES, DEFAULT_MAX_IN_FLIGHT_BYTES, 1024, 1L << 30);
    String cluster = in.string(CLUSTER);
    if (cluster != null && !cluster.matches("[A-Za-z0-9._-]{1,249}")) {
      throw in.invalid(CLUSTER, "a cluster name is 1 to 249 characters from A-Z a-z 0-9 . _ -");
    }
    boolean async = in.bool(ASYNC, false);
    in.rejectUnread(HttpKeys.accepted(MAX_IN_FLIGHT, MAX_IN_FLIGHT_BYTES, CLUSTER, ASYNC));
    return new PixySettings(target, http, maxInFlight, maxBytes, cluster, async);
  }

  /** A fresh limit for one transport: starts low, adapts up to {@code maxInFlight}. */
  AdaptiveLimit newLimit() {
    int min = Math.min(PixyDefaults.MIN_IN_FLIGHT, maxInFlight);
    return new AdaptiveLimit(Math.max(min, Math.min(PixyDefaults.HTTP_INITIAL_IN_FLIGHT,
        maxInFlight)), min, maxInFlight);
  }
}
