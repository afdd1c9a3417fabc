package dev.tributary.internal.rest;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.http.HttpKeys;
import dev.tributary.internal.http.HttpSettings;
import dev.tributary.internal.http.HttpTarget;
import dev.tributary.internal.http.PropertyReader;
import dev.tributary.spi.Destination;

/**
 * The validated settings of a {@code rest+http(s)} destination. Immutable.
 *
 * @param target the proxy's base URL
 * @param http the shared HTTP settings
 * @param maxInFlight requests in flight at once
 * @param headers whether record headers are sent (Strimzi style)
 */
record RestSettings(HttpTarget target, HttpSettings http, int maxInFlight, boolean headers) {
  /** The Confluent REST Proxy's default port. */
  static final int DEFAULT_PORT = 8082;

  /**
   * Requests in flight at once, 1..1024; default {@value #DEFAULT_MAX_IN_FLIGHT}. Each request
   * carries the records of one batch for one topic, so the producer's
   * {@code maxInFlightBatches} (default 8) is usually the tighter bound; more wait in the client.
   */
  static final String MAX_IN_FLIGHT = "rest.max.in.flight";
  /** 16: twice the producer's default batches in flight, room for batches spanning topics. */
  static final int DEFAULT_MAX_IN_FLIGHT = 16;
  /**
   * {@code true} sends record headers as {@code "headers":[{"key":..,"value":<base64>}]}, which
   * Strimzi Kafka Bridge accepts; default {@code false}, because the Confluent v2 API has no
   * record headers and a strict server may refuse the unknown field. When false, headers are
   * not sent (a one-time warning says so).
   */
  static final String HEADERS = "rest.headers";

  static RestSettings read(Destination destination, TributaryConfig config) {
    HttpTarget target = HttpTarget.parse(destination, "rest", DEFAULT_PORT);
    PropertyReader in = new PropertyReader(config.producerProperties(), destination.scheme());
    HttpSettings http = HttpSettings.read(in, target.tls());
    int maxInFlight = (int) in.longIn(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, 1024);
    boolean headers = in.bool(HEADERS, false);
    in.rejectUnread(HttpKeys.accepted(MAX_IN_FLIGHT, HEADERS));
    return new RestSettings(target, http, maxInFlight, headers);
  }
}
