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
 * @param maxInFlight requests in flight at once
 * @param cluster the kafka-pixy cluster to write to, or null for the proxy's default
 */
record PixySettings(HttpTarget target, HttpSettings http, int maxInFlight, String cluster) {
  /** kafka-pixy's default HTTP port ({@code --http-addr 0.0.0.0:19092}). */
  static final int DEFAULT_PORT = 19092;

  /**
   * Requests in flight at once, 1..1024; default {@value #DEFAULT_MAX_IN_FLIGHT}. kafka-pixy
   * takes one record per request and answers after Kafka acknowledged it, so throughput is
   * about this number divided by the proxy's produce latency; more requests wait in the client.
   */
  static final String MAX_IN_FLIGHT = "pixy.max.in.flight";
  /** 32: about 6,000 records/s at a 5 ms produce latency, without flooding the proxy. */
  static final int DEFAULT_MAX_IN_FLIGHT = 32;
  /**
   * The kafka-pixy cluster name; requests then go to {@code /clusters/<name>/topics/...}.
   * Default: none (the proxy's default cluster).
   */
  static final String CLUSTER = "pixy.cluster";

  static PixySettings read(Destination destination, TributaryConfig config) {
    HttpTarget target = HttpTarget.parse(destination, "pixy", DEFAULT_PORT);
    PropertyReader in = new PropertyReader(config.producerProperties(), destination.scheme());
    HttpSettings http = HttpSettings.read(in, target.tls());
    int maxInFlight = (int) in.longIn(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, 1024);
    String cluster = in.string(CLUSTER);
    if (cluster != null && !cluster.matches("[A-Za-z0-9._-]{1,249}")) {
      throw in.invalid(CLUSTER, "a cluster name is 1 to 249 characters from A-Z a-z 0-9 . _ -");
    }
    in.rejectUnread(HttpKeys.accepted(MAX_IN_FLIGHT, CLUSTER));
    return new PixySettings(target, http, maxInFlight, cluster);
  }
}
