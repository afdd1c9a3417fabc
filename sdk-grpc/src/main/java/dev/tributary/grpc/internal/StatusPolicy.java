package dev.tributary.grpc.internal;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;

/**
 * Decides whether a failed {@code Produce} call may succeed if tried again.
 *
 * <p>From kafka-pixy's behaviour: INVALID_ARGUMENT (unknown cluster or topic) and INTERNAL
 * (too large, invalid topic name, other failures) are final; UNAVAILABLE (producer disabled or
 * shutting down), DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED pass. UNKNOWN is what grpc-java
 * makes of a non-standard status or an HTTP error from a proxy in between; it is retried
 * because treating a passing fault as final would lose the record, while retrying a final one
 * only costs the delivery timeout. CANCELLED and ABORTED are retried for the same reason;
 * every other code (authentication, permission, an endpoint that is not kafka-pixy) is final.
 * Stateless.
 */
final class StatusPolicy {
  /** Standard gRPC trailer by which a server asks clients to wait before retrying. */
  static final Metadata.Key<String> RETRY_PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private StatusPolicy() {}

  static boolean isRetriable(Status.Code code) {
    switch (code) {
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case RESOURCE_EXHAUSTED:
      case UNKNOWN:
      case CANCELLED:
      case ABORTED:
        return true;
      default:
        return false;
    }
  }

  /** The server's retry-after hint from {@code trailers}, or null when absent or malformed. */
  static Duration retryAfter(Metadata trailers) {
    String ms = trailers == null ? null : trailers.get(RETRY_PUSHBACK);
    if (ms == null) {
      return null;
    }
    try {
      long v = Long.parseLong(ms.trim());
      // gRPC defines a negative pushback as "do not retry"; the sender's backoff still applies.
      return v < 0 ? null : Duration.ofMillis(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
