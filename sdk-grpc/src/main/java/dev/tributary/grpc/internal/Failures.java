package dev.tributary.grpc.internal;

import dev.tributary.DeliveryFailedException;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Turns gRPC failures into the causes the producer reports: readable, naming the destination
 * and the status, and never carrying a configured secret (a server could echo a token back in
 * its status description; such a message is withheld along with its cause).
 */
final class Failures {
  /** Netty's OpenSSL engine's message around the JDK's; it says nothing itself. */
  private static final String OPENSSL_WRAPPER = "General OpenSslEngine problem";
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

  /**
   * For a failed TLS handshake, what failed and what to check, on one line; null for any other
   * failure. grpc-java reports it as {@code UNAVAILABLE: io exception} plus its channel
   * pipeline, and the innermost cause alone ("unable to find valid certification path") does
   * not say that the server's certificate was refused, nor which setting decides.
   */
  private String tlsDetail(Status status) {
    SSLException handshake = null;
    for (Throwable t = status.getCause(); t != null && handshake == null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        handshake = ssl;
      }
    }
    if (handshake == null) {
      return null;
    }
    String what = messages(handshake).replaceAll("\\.+$", "");
    String host = settings.authority != null ? settings.authority + " ("
        + PixyGrpcProperties.AUTHORITY + ")" : settings.host;
    String hint;
    if (what.contains("validity check failed") || what.contains("NotAfter")) {
      hint = "kafka-pixy's certificate has expired or is not valid yet: it must be renewed";
    } else if (what.contains("PKIX") || what.contains("certification path")) {
      hint = "kafka-pixy's certificate is not signed by a CA this client trusts: set "
          + PixyGrpcProperties.TLS_TRUSTSTORE_PATH + " to the CA that signed it";
    } else if (what.contains("subject alternative") || what.contains("No name matching")) {
      hint = "kafka-pixy's certificate does not name " + host + ": connect by a name or "
          + "address the certificate holds" + (settings.authority == null ? ", or set "
          + PixyGrpcProperties.AUTHORITY + " to one" : "");
    } else {
      hint = "Check that kafka-pixy serves TLS on this port (its tls.certificate_path and "
          + "tls.key_path), and grpc.tls.truststore.* and grpc.tls.keystore.*";
    }
    return status.getCode() + ": TLS handshake with kafka-pixy failed: " + what + ". " + hint;
  }

  /** The distinct messages along {@code e}'s causes, joined on one line. */
  private static String messages(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s+", " ");
      if (!m.isEmpty() && !m.equals(OPENSSL_WRAPPER)
          && parts.stream().noneMatch(p -> p.contains(m))) {
        parts.add(m);
      }
    }
    return parts.isEmpty() ? e.getClass().getName() : String.join(": ", parts);
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
