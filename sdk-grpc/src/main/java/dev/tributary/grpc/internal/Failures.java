package dev.tributary.grpc.internal;

import dev.tributary.DeliveryFailedException;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.internal.tls.HandshakeFailure;
import io.grpc.Status;
import java.time.Duration;

/**
 * Turns gRPC failures into the causes the producer reports: readable, naming the destination
 * and the status, and never carrying a configured secret (a server could echo a token back in
 * its status description; such a message is withheld along with its cause).
 */
final class Failures {
  private final String destination;
  private final GrpcSettings settings;

  Failures(String destination, GrpcSettings settings) {
    this.destination = destination;
    this.settings = settings;
  }

  /** What to report for a failed call. */
  record Verdict(boolean retriable, Throwable cause, Duration retryAfter) {}

  Verdict classify(Throwable error, String topic, boolean closing) {
    Status status = Status.fromThrowable(error);
    String detail = tlsDetail(status);
    if (detail == null) {
      detail = describe(status);
    }
    Throwable cause = error;
    if (settings.revealsSecret(detail)) {
      detail = status.getCode() + " (the server's message is withheld: it contained a "
          + "configured secret)";
      cause = null;
    }
    // No override while closing: cancelling our own calls yields CANCELLED, which is retriable
    // (so the producer counts those records as pending), while a real rejection stays fatal.
    boolean retriable = StatusPolicy.isRetriable(status.getCode());
    if (retriable) {
      return new Verdict(true, new TributaryException("KafkaPixy.Produce to " + destination
          + " failed" + (closing ? " while the transport closed" : "") + ": " + detail, cause,
          true), StatusPolicy.retryAfter(Status.trailersFromThrowable(error)));
    }
    return new Verdict(false, new DeliveryFailedException("kafka-pixy at " + destination
        + " rejected the record to topic '" + topic + "': " + detail, cause), null);
  }

  /** The status code, its description and its innermost cause. */
  private static String describe(Status status) {
    StringBuilder text = new StringBuilder().append(status.getCode());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    Throwable root = status.getCause();
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != null) {
      text.append(" (caused by ").append(root.getClass().getName()).append(": ")
          .append(root.getMessage()).append(')');
    }
    return text.toString();
  }

  /** For a failed TLS handshake, what failed and what to set, on one line; else null. */
  private String tlsDetail(Status status) {
    String host = settings.authority != null ? settings.authority + " ("
        + PixyGrpcProperties.AUTHORITY + ")" : settings.host;
    String why = HandshakeFailure.describe(status.getCause(), "kafka-pixy", "grpc.tls.", host,
        settings.authority == null ? ", or set " + PixyGrpcProperties.AUTHORITY + " to one" : "");
    return why == null ? null : status.getCode() + ": " + why;
  }

  /** For a record whose request kafka-pixy would refuse as too large. */
  DeliveryFailedException tooLarge(TributaryRecord record, int requestBytes) {
    return new DeliveryFailedException("Record to topic '" + record.topic() + "' is "
        + requestBytes + " bytes as a KafkaPixy.Produce request; kafka-pixy accepts at most "
        + PixyGrpcProperties.MAX_REQUEST_BYTES + ", so it was not sent", null);
  }

  /** For a record that waited for a free call slot until its attempt's deadline passed. */
  TributaryException queuedTooLong(int limit) {
    return new TributaryException("KafkaPixy.Produce to " + destination + " not started: "
        + "all call slots stayed busy for the whole deadline of " + settings.deadline.toMillis()
        + " ms (" + PixyGrpcProperties.DEADLINE_MS + "); " + limit + " calls were allowed in "
        + "flight by then, adapted to kafka-pixy's latency, at most " + settings.maxInFlight
        + " (" + PixyGrpcProperties.MAX_IN_FLIGHT + ")", null, true);
  }

  /** For a record handed over while or after the transport closed. */
  TributaryException closed() {
    return new TributaryException("KafkaPixy.Produce to " + destination
        + " not started: the transport is closed", null, true);
  }
}
