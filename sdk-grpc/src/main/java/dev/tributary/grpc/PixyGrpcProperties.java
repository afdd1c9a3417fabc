package dev.tributary.grpc;

/**
 * Producer properties read by the {@code pixy+grpc://} and {@code pixy+grpcs://} transport,
 * with their defaults: the one place that defines each key.
 *
 * <p>Set them with {@code TributaryConfig.Builder.producerProperty(key, value)}. Every key is
 * validated when the config is built; a key this transport does not know fails the build,
 * naming the key. Values of {@link #AUTH_BEARER}, the {@code grpc.tls.*password} keys and
 * {@code grpc.metadata.*} are secrets: they never appear in logs, exception messages or
 * {@code toString()}.
 *
 * <pre>{@code
 * TributaryConfig config = TributaryConfig.builder("pixy+grpcs://pixy.internal:19091")
 *     .producerProperty(PixyGrpcProperties.DEADLINE_MS, "10000")
 *     .producerProperty(PixyGrpcProperties.TLS_TRUSTSTORE_PATH, "/etc/pixy/ca.pem")
 *     .producerProperty(PixyGrpcProperties.AUTH_BEARER, System.getenv("PIXY_TOKEN"))
 *     .build();
 * }</pre>
 *
 * <p>Holds constants only; thread-safe.
 */
public final class PixyGrpcProperties {
  /** kafka-pixy's default gRPC port, used when the destination names none. */
  public static final int DEFAULT_PORT = 19091;

  /**
   * Largest serialized {@code ProdRq} kafka-pixy accepts: 1 MiB. Larger records are failed
   * (fatal, counted as failed) before any call is made, because the server would answer
   * RESOURCE_EXHAUSTED, which is retriable, and the record would be retried until it timed out.
   */
  public static final int MAX_REQUEST_BYTES = 1 << 20;

  /**
   * Milliseconds one attempt of one record may take, from the moment the transport accepts it
   * (including any wait for a free call slot) to kafka-pixy's answer. Past it the attempt fails
   * with DEADLINE_EXCEEDED and the producer retries it after backoff, until the record's
   * delivery timeout. Range 1..3600000.
   */
  public static final String DEADLINE_MS = "grpc.deadline.ms";
  /** 30 s: like Kafka's {@code request.timeout.ms}; kafka-pixy answers after Kafka acked. */
  public static final long DEFAULT_DEADLINE_MS = 30_000;

  /**
   * Most {@code Produce} calls in flight at once over the one HTTP/2 connection; records beyond
   * it wait in the transport. kafka-pixy answers each call only after its own producer flushed
   * the message to Kafka (every 500 ms by default), so throughput is about calls in flight
   * divided by that latency. The number in flight adapts below this bound: it starts at 1,024,
   * doubles each round trip until two doublings in a row do not raise throughput, then probes
   * up and down and keeps what pays, and halves when calls fail with UNAVAILABLE,
   * DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED.
   * Records with the same key may be reordered when more than one call is in flight.
   * Range 1..65536.
   */
  public static final String MAX_IN_FLIGHT = "grpc.max.in.flight";
  /** 16,384: HTTP/2 streams cost little; the adaptive limit and the byte cap bind first. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 16_384;

  /**
   * Most record bytes in {@code Produce} calls in flight at once, whatever the adaptive limit:
   * bounds what kafka-pixy holds for this producer; one record always goes. Range
   * 1024..1073741824.
   */
  public static final String MAX_IN_FLIGHT_BYTES = "grpc.max.in.flight.bytes";
  /** 8 MiB: kafka-pixy flushes at 1 MiB, so more would only sit in its memory. */
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 8L << 20;

  /**
   * {@code true} sets {@code async_mode}: kafka-pixy answers once it has queued the record,
   * before Kafka has it, and a failure after that is only in its log. Default {@code false}.
   * Records sent so are counted as {@code unconfirmed}, never as {@code sent}.
   */
  public static final String ASYNC = "pixy.async";

  /**
   * Milliseconds between HTTP/2 keep-alive pings while calls are in flight, so a connection
   * that died silently is noticed; {@code 0} turns pings off. 0 or 10000..86400000. Servers
   * built on grpc-go (kafka-pixy is) close connections that ping more often than their
   * enforcement policy allows (5 min by default).
   */
  public static final String KEEPALIVE_MS = "grpc.keepalive.ms";
  /** Off: kafka-pixy's default policy would reject frequent pings; deadlines still apply. */
  public static final long DEFAULT_KEEPALIVE_MS = 0;

  /**
   * Overrides the HTTP/2 {@code :authority} and, with TLS, the host name the server
   * certificate is verified against; for reaching a server by IP or through a tunnel.
   * Default: the destination's host and port.
   */
  public static final String AUTHORITY = "grpc.authority";

  /**
   * Trust material for {@code pixy+grpcs}: a PEM file of CA certificates, or a PKCS12 or JKS
   * trust store. Default: the JVM's default trust store. Every {@code grpc.tls.*} key is
   * rejected for plaintext {@code pixy+grpc}.
   */
  public static final String TLS_TRUSTSTORE_PATH = "grpc.tls.truststore.path";
  /**
   * {@code PEM}, {@code PKCS12} or {@code JKS}. Default: {@code PEM} for a file ending in
   * {@code .pem}, {@code .crt} or {@code .cer}, {@code JKS} for {@code .jks}, else
   * {@code PKCS12}.
   */
  public static final String TLS_TRUSTSTORE_TYPE = "grpc.tls.truststore.type";
  /** Password of a PKCS12 or JKS trust store; a secret. Default: none. */
  public static final String TLS_TRUSTSTORE_PASSWORD = "grpc.tls.truststore.password";
  /**
   * Client certificate and key for mutual TLS: a PKCS12 or JKS key store. Default: none (no
   * client certificate).
   */
  public static final String TLS_KEYSTORE_PATH = "grpc.tls.keystore.path";
  /** {@code PKCS12} or {@code JKS}. Default: {@code JKS} for {@code .jks}, else PKCS12. */
  public static final String TLS_KEYSTORE_TYPE = "grpc.tls.keystore.type";
  /** Password of the key store; a secret. Default: none. */
  public static final String TLS_KEYSTORE_PASSWORD = "grpc.tls.keystore.password";
  /** Password of the private key; a secret. Default: the key store's password. */
  public static final String TLS_KEY_PASSWORD = "grpc.tls.key.password";

  /**
   * Token sent on every call as {@code authorization: Bearer <token>}; a secret. For a gateway
   * in front of kafka-pixy, which has no authentication of its own. Default: none.
   */
  public static final String AUTH_BEARER = "grpc.auth.bearer";

  /**
   * Prefix of custom call metadata: {@code grpc.metadata.x-api-key=...} sends header
   * {@code x-api-key} on every call. Names are lower-cased and use {@code 0-9 a-z _ . -}; values
   * are printable ASCII and treated as secrets. {@code grpc-*}, {@code *-bin} and HTTP/2
   * reserved names are rejected.
   */
  public static final String METADATA_PREFIX = "grpc.metadata.";

  /** The kafka-pixy cluster to produce to. Default: empty, kafka-pixy's default cluster. */
  public static final String CLUSTER = "pixy.cluster";

  private PixyGrpcProperties() {}
}
